/**
 * `npm run first-account -- --nip … --nama … --jabatan … --surel … [--opd setda]`: the one-time
 * first step of a fresh production deployment (docs/product.md §10). A new table has no people,
 * and every request looks its caller up in the roster, so nobody could sign in to add the
 * first one: this creates the first secretariat account, who then keeps the roster in alur.
 *
 * It runs once per table: a marker item written with a conditional put refuses a second run.
 * If a run stopped after the marker but before the person was written, running it again
 * finishes the job. Configuration comes from the environment, as for the API and the worker.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig, storeSettings } from '../config/config.js';
import { newPersonSchema } from '../domain/people.js';
import { createStore, ValueTakenError } from '../store/index.js';

const usage = 'usage: npm run first-account -- --nip <18 digits> --nama "<name>" --jabatan "<title>" --surel <email> [--opd setda]';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        nip: { type: 'string' },
        nama: { type: 'string' },
        jabatan: { type: 'string' },
        surel: { type: 'string' },
        opd: { type: 'string', default: 'setda' },
      },
      strict: true,
    });
  } catch (e) {
    return fail(`${(e as Error).message}\n${usage}`);
  }
})();

const input = newPersonSchema.safeParse({
  nip: values.nip,
  name: values.nama,
  title: values.jabatan,
  email: values.surel,
  opdId: values.opd,
  roles: ['secretariat'],
});
if (!input.success) {
  const column = { nip: '--nip', name: '--nama', title: '--jabatan', email: '--surel', opdId: '--opd' } as Record<string, string>;
  fail(`${input.error.issues.map((i) => `${column[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`).join('\n')}\n${usage}`);
}

const config = loadConfig();
const store = createStore(storeSettings(config));
try {
  const opds = await store.roster.listOpds();
  if (opds.length === 0) fail(`table ${config.DYNAMODB_TABLE} has no OPDs yet: run npm run seed first`);
  if (!opds.some((o) => o.id === input.data.opdId)) fail(`--opd: unknown OPD "${input.data.opdId}"; one of: ${opds.map((o) => o.id).join(', ')}`);

  const now = new Date();
  const marker = await store.people.firstAccount();
  const earlier = marker ? await store.people.read(marker.personId) : null;
  if (earlier) {
    fail(
      `the first account was already created on ${marker!.at} (${earlier.person.name}, ${earlier.person.email}); this command runs once.\n` +
        'Further people are added by the secretariat: POST /v1/people, or POST /v1/people/import with a CSV.',
    );
  }
  // A marker without its person: an earlier run stopped between the two writes; finish it.
  const personId = marker?.personId ?? randomBytes(8).toString('hex');
  if (!marker && !(await store.people.markFirstAccount(personId, now))) fail('another run of this command is creating the first account');

  const person = await store.people
    .create({ id: personId, ...input.data }, { userId: 'setup', name: 'npm run first-account', via: 'first-account' }, now)
    .catch((e) => {
      if (e instanceof ValueTakenError) fail(`--${e.field === 'nip' ? 'nip' : 'surel'}: already held by ${e.holder.name}`);
      throw e;
    });

  console.log(`First secretariat account created: ${person.name} <${person.email}> (${person.id}).

Next:
  1. ${person.name} opens ${config.PUBLIC_BASE_URL}/masuk, types ${person.email} in "Alamat surel"
     and presses "Kirim tautan masuk"; the emailed link (valid 15 minutes, used once) signs in.
  2. The secretariat then fills the roster: POST /v1/people/import with the personnel CSV
     (header nip,nama,jabatan,surel,opd,peran; ?dryRun=1 first), or POST /v1/people one by one.
This command will refuse to run again on table ${config.DYNAMODB_TABLE}.`);
} finally {
  store.close();
}
