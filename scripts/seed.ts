/**
 * `npm run seed`: writes the reference data (OPDs, smart-city dimensions, holiday years,
 * signing policy) to the configured table, creating the table outside AWS. Safe to repeat;
 * run it after adding a year's holidays to data/ so running programmes use them.
 * The fictional development roster is written only with ALUR_DEV_LOGIN=1.
 */
import { loadConfig, storeSettings } from '../config/config.js';
import { seedReferenceData } from '../data/reference-data.js';
import { createStore } from '../store/index.js';

const config = loadConfig();
const store = createStore(storeSettings(config));
if (config.DYNAMODB_ENDPOINT) await store.ensureTable(); // in AWS the table belongs to infra/
await seedReferenceData(store, { devRoster: config.ALUR_DEV_LOGIN });
console.log(`reference data written to ${config.DYNAMODB_TABLE}${config.ALUR_DEV_LOGIN ? ' (with the development roster)' : ''}`);
store.close();
