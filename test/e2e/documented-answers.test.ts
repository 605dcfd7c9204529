/**
 * What the API answers is what the OpenAPI document says it answers: real answers of
 * representative routes, in each stage of a programme's life and when refused, checked
 * against the schema their route declares (the one the document is generated from).
 */
import { describe, it } from 'vitest';
import { as, call } from '../support/api.js';
import { expectAsDocumented } from '../support/documented.js';
import { decideByApi, propose } from '../support/flow.js';
import { signAllByApi, toSigning } from '../support/signing.js';

const readAs = (path: string) => as('pemantau', 'GET', path);

describe('answers as documented', () => {
  it('a programme in review, its list, its trail and its schedule', async () => {
    const { res, id } = await propose();
    expectAsDocumented('POST /v1/programs', res);

    expectAsDocumented('GET /v1/programs/{id}', await readAs(`/v1/programs/${id}`));
    expectAsDocumented('GET /v1/programs', await readAs('/v1/programs?limit=5'));
    expectAsDocumented('GET /v1/programs/{id}/events', await readAs(`/v1/programs/${id}/events`));
    expectAsDocumented('GET /v1/programs/{id}/progress-reports', await readAs(`/v1/programs/${id}/progress-reports`));
  });

  it('a programme being signed, and signed (in implementation)', async () => {
    const { id } = await toSigning();
    expectAsDocumented('GET /v1/programs/{id}', await readAs(`/v1/programs/${id}`));
    expectAsDocumented('GET /v1/programs/{id}/signatures', await readAs(`/v1/programs/${id}/signatures`));

    const signed = await signAllByApi(id);
    expectAsDocumented('GET /v1/programs/{id}', await readAs(`/v1/programs/${id}`));
    expectAsDocumented(
      'GET /v1/commitments/{hash}',
      await call('GET', `/v1/commitments/${signed.result.commitmentHash}`, { headers: { accept: 'application/json' } }),
    );
  });

  it('a programme that ended (rejected), and the decision that ended it', async () => {
    const { id } = await propose();
    expectAsDocumented('POST /v1/programs/{id}/decisions', await decideByApi('reviewer-kominfo-2', id, 'reject', 'Tidak sesuai arsitektur SPBE.'));

    expectAsDocumented('GET /v1/programs/{id}', await readAs(`/v1/programs/${id}`));
  });

  it('reference data: the masterplan, the roster, the offices, the due-day calculator', async () => {
    expectAsDocumented('GET /v1/masterplan', await readAs('/v1/masterplan'));
    expectAsDocumented('GET /v1/people', await as('sekretariat-1', 'GET', '/v1/people?limit=3'));
    expectAsDocumented('GET /v1/offices', await as('sekretariat-1', 'GET', '/v1/offices'));
    expectAsDocumented('GET /v1/working-days', await readAs('/v1/working-days?from=2027-01-04&days=5'));
    expectAsDocumented('GET /health', await call('GET', '/health'));
  });

  it('refusals: an invalid proposal, an unknown programme, a request without sign-in', async () => {
    expectAsDocumented('POST /v1/programs', await as('kadis-kesehatan', 'POST', '/v1/programs', { json: { title: '' } }));
    expectAsDocumented('GET /v1/programs/{id}', await readAs('/v1/programs/abcdef0123456789abcd'));
    expectAsDocumented('GET /v1/programs', await call('GET', '/v1/programs'));
  });
});
