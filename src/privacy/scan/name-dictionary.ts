import type { PersonalKind } from '../../config/sections/privacy.ts';

/**
 * Column names that say what a column holds, in English and French, as normalized names
 * (lower case, accents and separators removed: `date_de_naissance` → `datedenaissance`).
 * `weak` names (`name`, `nom`, `address`…) count only in a table that looks like people.
 */
const NAMES: { kind: PersonalKind; names: string[]; weak?: string[] }[] = [
  { kind: 'email', names: ['email', 'emailaddress', 'mail', 'courriel', 'adressemail', 'adresseemail', 'adressecourriel', 'mel'] },
  {
    kind: 'phone',
    names: [
      'phone',
      'phonenumber',
      'telephone',
      'tel',
      'mobile',
      'mobilephone',
      'portable',
      'gsm',
      'fax',
      'cell',
      'cellphone',
      'numerotelephone',
      'numtel',
      'telportable',
      'telfixe',
    ],
  },
  { kind: 'first_name', names: ['firstname', 'givenname', 'forename', 'prenom', 'prenoms'] },
  { kind: 'last_name', names: ['lastname', 'surname', 'familyname', 'nomdefamille', 'nomfamille', 'nomdenaissance', 'nomusage'] },
  { kind: 'name', names: ['fullname', 'nomcomplet', 'billingname', 'contactname', 'displayname', 'holdername', 'titulaire'], weak: ['name', 'nom'] },
  {
    kind: 'address',
    names: [
      'streetaddress',
      'addressline',
      'addressline1',
      'addressline2',
      'street',
      'rue',
      'adressepostale',
      'billingaddress',
      'shippingaddress',
      'voie',
      'line1',
      'line2',
    ],
    weak: ['address', 'adresse'],
  },
  { kind: 'city', names: ['city', 'ville', 'town', 'commune', 'localite'] },
  { kind: 'postcode', names: ['postcode', 'postalcode', 'zip', 'zipcode', 'codepostal', 'cp'] },
  { kind: 'birth_date', names: ['birthdate', 'dateofbirth', 'dob', 'birthday', 'datenaissance', 'datedenaissance', 'naissance', 'ddn', 'bornon'] },
  { kind: 'iban', names: ['iban', 'rib', 'bankaccount', 'comptebancaire', 'accountnumber'] },
  { kind: 'card', names: ['cardnumber', 'creditcard', 'ccnumber', 'pan', 'numerocarte', 'cartebancaire', 'carte'] },
  { kind: 'nir', names: ['nir', 'ssn', 'socialsecurity', 'socialsecuritynumber', 'numerosecu', 'secu', 'numerosecuritesociale', 'insee'] },
  { kind: 'ip', names: ['ip', 'ipaddress', 'adresseip', 'lastip', 'remoteaddr', 'remoteip', 'clientip'] },
];

/** Table names that hold one row per person: weak column names count there. */
const PEOPLE_TABLES =
  /(?:customer|client|user|utilisateur|person|people|personne|member|membre|employee|employe|salarie|patient|contact|student|eleve|etudiant|subscriber|abonne|account|compte|owner|adherent|candidat|applicant|author|auteur)s?$/;

/**
 * `Date_de_Naissance` → `datedenaissance`; `firstName` → `firstname`.
 *
 * @example
 * normalizeName('Date_de_Naissance') // 'datedenaissance'
 */
export function normalizeName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/**
 * The kind a column's name says it holds, with the dictionary word that matched; undefined when
 * the name says nothing. Prefixes and suffixes such as `customer_`, `billing_`, `_1` are allowed
 * around the word only for strong words.
 *
 * @example
 * kindFromName('customers', 'courriel')       // { kind: 'email', word: 'courriel' }
 * kindFromName('products', 'name')            // undefined (a product's name is not personal)
 * kindFromName('customers', 'billing_phone')  // { kind: 'phone', word: 'phone' }
 */
export function kindFromName(table: string, column: string): { kind: PersonalKind; word: string } | undefined {
  const name = normalizeName(column);
  const tokens = column
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  for (const entry of NAMES) {
    const exact = entry.names.find((n) => n === name);
    if (exact) return { kind: entry.kind, word: exact };
  }
  for (const entry of NAMES) {
    // A strong word as a whole token, or ending the name: `billing_phone`, `customer_email`, `email_pro`.
    const word = entry.names.find((n) => n.length >= 3 && (tokens.includes(n) || (n.length >= 5 && name.endsWith(n))));
    if (word) return { kind: entry.kind, word };
  }
  const people = PEOPLE_TABLES.test(normalizeName(table.split('.').at(-1)!));
  for (const entry of NAMES) {
    const word = entry.weak?.find((n) => n === name);
    if (word && people) return { kind: entry.kind, word };
  }
  return undefined;
}

/**
 * True when a table name looks like one row per person (`customers`, `utilisateurs`, `patients`).
 *
 * @example
 * looksLikePeople('clients') // true
 */
export function looksLikePeople(table: string): boolean {
  return PEOPLE_TABLES.test(normalizeName(table.split('.').at(-1)!));
}
