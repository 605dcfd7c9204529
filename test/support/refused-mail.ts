/**
 * The one roster address the e2e tier's SMTP sink refuses for good (550), as a server refuses a
 * mistyped address: Melati (staf-pariwisata), whom no other test mails.
 */
export const refusedPersonId = 'staf-pariwisata';
export const refusedAddress = 'melati.disparbud@solselkab.example';
