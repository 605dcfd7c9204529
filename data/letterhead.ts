/**
 * The letterhead (kop surat) of commitment documents, from the regency's reference data. Its own
 * module so the API reads it without the seed (data/reference-data.ts stays out of its bundle).
 */
import type { Letterhead } from '../domain/commitment-document.js';
import region from './solok-selatan.json' with { type: 'json' };

export const letterhead: Letterhead = region.letterhead;
