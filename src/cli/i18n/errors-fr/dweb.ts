import type { FrenchErrors } from './french-text.ts';
import type { AuditDivergence, BundleProblem, dwebErrors } from '../../../errors/codes/dweb.ts';

const PROBLEMES: Record<BundleProblem, (sujet: string) => string> = {
  'block-hash': (s) => `le bloc ${s} ne correspond pas à son CID (le paquet a été modifié après son écriture)`,
  'block-missing': (s) => `le bloc ${s} manque`,
  'car-damaged': (s) => `le CAR est tronqué ou mal formé (${s})`,
  'root-count': (s) => `son en-tête nomme ${s} racines au lieu d’une`,
  'root-missing': (s) => `son bloc racine ${s} n’est pas dans le CAR`,
  'root-mismatch': (s) => `sa racine ${s} n’est pas l’import UnixFS de ses propres fichiers (racine échangée ou réencodée)`,
  'not-a-bundle': (s) => `sa racine n’est pas un paquet dihya-migrate (${s})`,
  'index-mismatch': (s) => `${s} ne correspond pas à index.json`,
  'audit-chain': (s) => `son propre journal d’audit est rompu à l’entrée ${s}`,
  'migration-missing': (s) => `la migration ${s} est dans le paquet mais pas dans le dossier des migrations`,
  'migration-changed': (s) => `la migration ${s} diffère du fichier exporté`,
};

const DIVERGENCES: Record<AuditDivergence, string> = {
  changed: 'diffère de l’entrée exportée (l’audit local a été réécrit)',
  missing: 'a été exportée mais manque dans l’audit local',
  'not-recorded': 'devrait être l’entrée `dweb.exported` qui enregistre ce paquet, et ne l’est pas',
};

/** Le texte français des erreurs de `dweb`, avec les mêmes `details` que le texte anglais. */
export const dwebErrorsFr: FrenchErrors<typeof dwebErrors> = {
  DWEB_PERSONAL_DATA: {
    message: (d) =>
      `Export refusé : la ligne ${d.line} de ${d.file} contient une donnée personnelle ou un secret${Number(d.more) > 0 ? ` (et ${d.more} autre(s) ligne(s))` : ''} ; un contenu IPFS est public et permanent`,
    hint: () => 'Retirez la valeur de ce fichier (ou de l’historique ou de l’audit d’où elle vient), puis exportez à nouveau. Rien n’a été écrit.',
  },
  DWEB_OUT_EXISTS: {
    message: (d) => `${d.file} existe déjà`,
    hint: () => 'Choisissez un autre chemin --out, ou déplacez le fichier existant ; un export n’écrase jamais un fichier.',
  },
  DWEB_BUNDLE_NOT_FOUND: {
    message: (d) => `Aucun paquet ${d.file}`,
    hint: () => 'Donnez le chemin d’un CAR écrit par `dihya-migrate export ipfs`, ou lancez d’abord cette commande.',
  },
  DWEB_BUNDLE_UNREADABLE: {
    message: (d) => `${d.file} n’est pas un fichier CAR : ${d.reason}`,
    hint: () => 'Donnez le fichier .car écrit par `dihya-migrate export ipfs` (CARv1).',
  },
  DWEB_VERIFY_FAILED: {
    message: (d) => `Le paquet ${d.file} n’a pas passé la vérification : ${PROBLEMES[d.problem](d.subject)}`,
    hint: () =>
      'Ne vous fiez pas à ce paquet. Récupérez-le à nouveau sur IPFS par son CID (il est dans l’audit, événement dweb.exported), ou exportez-en un nouveau.',
  },
  DWEB_AUDIT_DIVERGED: {
    message: (d) => `L’audit local ne prolonge plus l’audit exporté dans ${d.file} : l’entrée ${d.seq} ${DIVERGENCES[d.how]}`,
    hint: () =>
      'Le journal d’audit et son miroir en base ont été réécrits après l’export. Comparez-les avec le paquet (son audit.jsonl) et cherchez qui les a modifiés.',
  },
  DWEB_IPFS_API_INVALID: {
    message: (d) => `L’URL de l’API IPFS ${d.url} n’est pas utilisable : ${d.reason}`,
    hint: () => 'Donnez l’API RPC d’un nœud Kubo, par exemple --ipfs-api http://127.0.0.1:5001 (ou réglez dweb.ipfsApi).',
  },
  DWEB_IPFS_UNREACHABLE: {
    message: (d) => `Le nœud IPFS ${d.url} est injoignable : ${d.reason}`,
    hint: () =>
      'Démarrez-le (`ipfs daemon`), ou indiquez une API RPC Kubo active avec --ipfs-api ou dweb.ipfsApi. Le paquet reste sur le disque ; publiez-le plus tard.',
  },
  DWEB_IPFS_TIMEOUT: {
    message: (d) => `Le nœud IPFS ${d.url} n’a pas répondu en ${d.timeoutMs} ms`,
    hint: () =>
      'Vérifiez que le nœud n’est pas surchargé, ou augmentez dweb.timeoutMs (ou --timeout). Republier est sans risque : les blocs sont adressés par leur contenu.',
  },
  DWEB_IPFS_REJECTED: {
    message: (d) => `Le nœud IPFS ${d.url} a refusé le paquet (HTTP ${d.status}) : ${d.reason}`,
    hint: () => 'Lisez le message du nœud ci-dessus ; vérifiez ses règles d’accès à l’API (API.Authorizations) et son espace disque, puis publiez à nouveau.',
  },
};
