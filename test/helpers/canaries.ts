/** Valid-looking canaries: real checksums, fictitious people. */
export const CANARIES = {
  email: 'canary.person@example-mail.org',
  phoneFr: '06 12 34 56 78',
  phoneIntl: '+33 6 98 76 54 32',
  iban: 'FR76 3000 6000 0112 3456 7890 189',
  ibanCompact: 'DE89370400440532013000',
  card: '4111 1111 1111 1111',
  cardCompact: '5555555555554444',
  nir: '1 85 05 78 006 084 91',
  nirCompact: '285052A00608482',
  password: 'Sup3rS3cretCanary',
};
