/** The CLI texts of the `export` commands (content-addressed bundles on IPFS), in English. */
export const dwebEn = {
  dweb: {
    help: {
      export: 'content-addressed bundles of migrations, history and audit for IPFS: ipfs, verify, publish',
      exportIpfs: 'write migrations, history, audit log and backup manifests as a CAR whose root CID is what `ipfs add -r --cid-version=1` prints',
      out: 'the CAR to write (default: .dihya/exports/<database>/<time>-<cid>.car)',
      exportVerify: 're-hash every block, check the root, and compare the bundle with the migrations folder and the audit',
      exportPublish: 'send a bundle (default: the latest export) to a Kubo node: POST /api/v0/dag/import',
      ipfsApi: 'Kubo RPC API URL (default: dweb.ipfsApi, http://127.0.0.1:5001)',
      timeout: 'how long to wait for the node, in ms (default: dweb.timeoutMs)',
      auditAgainst: 'also check that the audit extends the one exported in this bundle (.car)',
    },
    exported: (cid: string, car: string, files: number, size: string) => `exported ${files} file(s) as ${cid} (${car}, ${size})`,
    previous: (cid: string) => `previous export: ${cid}`,
    verified: (cid: string, blocks: number, files: number) => `ok: bundle ${cid}: ${blocks} block(s) match their CIDs, ${files} file(s) match index.json`,
    auditExtends: (exported: number, later: number) => `ok: the local audit holds the ${exported} exported entries unchanged, then ${later} later one(s)`,
    migrationsSame: (n: number) => `ok: ${n} exported migration file(s) unchanged`,
    migrationsAdded: (names: string) => `added since the export: ${names}`,
    published: (cid: string, api: string) => `published ${cid} to ${api} (pinned)`,
    progress: {
      scan: (files: number, size: string) => `scanning ${files} file(s) (${size}) for personal values and secrets…`,
      import: (files: number) => `hashing ${files} file(s) into UnixFS blocks and writing the CAR…`,
      written: (file: string, size: string) => `wrote ${file} (${size})`,
    },
  },
};

/** The shape of the `export` texts (the French ones have the same). */
export type DwebMessages = typeof dwebEn;
