import type { DwebMessages } from './dweb-en.ts';

/** Les textes des commandes `export` (paquets adressés par leur contenu, sur IPFS), en français. */
export const dwebFr: DwebMessages = {
  dweb: {
    help: {
      export: 'paquets adressés par leur contenu (migrations, historique, audit) pour IPFS : ipfs, verify, publish',
      exportIpfs:
        'écrire migrations, historique, journal d’audit et manifestes de sauvegarde dans un CAR dont le CID racine est celui qu’affiche `ipfs add -r --cid-version=1`',
      out: 'le CAR à écrire (par défaut : .dihya/exports/<base>/<date>-<cid>.car)',
      exportVerify: 'recalculer l’empreinte de chaque bloc, vérifier la racine, comparer le paquet au dossier des migrations et à l’audit',
      exportPublish: 'envoyer un paquet (par défaut : le dernier export) à un nœud Kubo : POST /api/v0/dag/import',
      ipfsApi: 'URL de l’API RPC Kubo (par défaut : dweb.ipfsApi, http://127.0.0.1:5001)',
      timeout: 'durée d’attente maximale du nœud, en ms (par défaut : dweb.timeoutMs)',
      auditAgainst: 'vérifier aussi que l’audit prolonge celui exporté dans ce paquet (.car)',
    },
    exported: (cid, car, files, size) => `${files} fichier(s) exporté(s) sous ${cid} (${car}, ${size})`,
    previous: (cid) => `export précédent : ${cid}`,
    verified: (cid, blocks, files) => `ok : paquet ${cid} : ${blocks} bloc(s) conformes à leur CID, ${files} fichier(s) conformes à index.json`,
    auditExtends: (exported, later) => `ok : l’audit local contient les ${exported} entrées exportées inchangées, puis ${later} postérieure(s)`,
    migrationsSame: (n) => `ok : ${n} fichier(s) de migration exporté(s) inchangé(s)`,
    migrationsAdded: (names) => `ajoutées depuis l’export : ${names}`,
    published: (cid, api) => `${cid} publié sur ${api} (épinglé)`,
    progress: {
      scan: (files, size) => `recherche de données personnelles et de secrets dans ${files} fichier(s) (${size})…`,
      import: (files) => `calcul des blocs UnixFS de ${files} fichier(s) et écriture du CAR…`,
      written: (file, size) => `${file} écrit (${size})`,
    },
  },
};
