/** The email that carries a sign-in link. */
import type { Person } from '../../domain/roles.js';
import type { OutgoingMail } from '../../mail/mailer.js';
import { renderDocument } from '../views/layout.js';

export function signInMail(p: { person: Person; url: string; tokenHash: string; domain: string }): OutgoingMail {
  const intro = `Yth. ${p.person.name},`;
  const body = 'Gunakan tautan berikut untuk masuk ke alur. Tautan berlaku 15 menit dan hanya dapat dipakai sekali.';
  const ignore = 'Jika Anda tidak meminta tautan ini, abaikan surel ini; tidak ada yang berubah.';
  const html = (
    <div lang="id">
      <p>{intro}</p>
      <p>{body}</p>
      <p>
        <a href={p.url}>Masuk ke alur</a>
      </p>
      <p>{ignore}</p>
    </div>
  );
  return {
    messageId: `signin-${p.tokenHash.slice(0, 32)}@${p.domain}`,
    to: { name: p.person.name, address: p.person.email },
    subject: 'Tautan masuk alur',
    text: [intro, '', body, '', p.url, '', ignore].join('\n'),
    html: renderDocument(html),
    programId: null,
  };
}
