/** Which waiting programmes a roster change wakes (api/reroute.ts, docs/product.md §10). */
import { describe, expect, it } from 'vitest';
import { stagesActedInBy } from '../../api/reroute.js';

describe('stagesActedInBy', () => {
  it('wakes the OPD’s revisions and reports, and its signatures, for a change of an OPD head', () => {
    expect(stagesActedInBy(['opd_head']).sort()).toEqual(['implementation', 'revision', 'signing']);
  });

  it('wakes the OPD’s revisions and reports for a change of OPD staff, who may be the proposer', () => {
    expect(stagesActedInBy(['opd_staff']).sort()).toEqual(['implementation', 'revision']);
  });

  it('leaves revisions and reports alone for a change of a reviewer', () => {
    expect(stagesActedInBy(['diskominfo_reviewer'])).toEqual(['diskominfo_review']);
  });
});
