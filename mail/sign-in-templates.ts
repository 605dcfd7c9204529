/** The email that carries a sign-in link to the web application (docs/product.md §8). */
import type { Assignee } from '../domain/program.js';
import { signInLinkMinutes } from '../domain/sign-in.js';
import { closing, greeting, mail, type MailContent } from './document.js';

export function signInLinkMail(p: { recipient: Assignee; url: string }): MailContent {
  return mail('[alur] Tautan masuk alur', 'Tautan masuk alur', [
    ...greeting(p.recipient),
    {
      kind: 'action',
      intro: `Gunakan tautan berikut untuk masuk ke alur. Tautan berlaku ${signInLinkMinutes} menit dan hanya dapat dipakai sekali.`,
      button: 'Masuk ke alur',
      url: p.url,
    },
    { kind: 'p', text: 'Jika Anda tidak meminta tautan ini, abaikan surel ini; tidak ada yang berubah.' },
    closing,
  ]);
}
