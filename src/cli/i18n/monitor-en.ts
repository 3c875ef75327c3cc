/** Help of the monitoring options and commands, in English (spread into `help` of messages-en.ts). */
export const monitorHelpEn = {
  pushgateway: 'push metrics to this Prometheus Pushgateway at the end of every run (overrides monitor.pushgateway)',
  metricsFile: 'write metrics to this node_exporter textfile (.prom) after every run (overrides monitor.metricsFile)',
  check: 'health check for cron and CI, read-only: pending, drift, schema changed by hand, audit, backup age, interruption; exit 1 when unhealthy',
  metrics: 'print the Prometheus metrics of the database (and push / write them when --pushgateway / --metrics-file are given)',
};

/** Texts of monitoring, in English (spread into messages-en.ts). */
export const monitorEn = {
  check: {
    target: (url: string) => `check: ${url}`,
    status: { ok: '[ok]  ', fail: '[FAIL]', skip: '[skip]' } as Record<string, string>,
    pendingOk: 'pending: none',
    pending: (n: number, names: string) => `pending: ${n} migration(s) not applied: ${names}`,
    driftOk: 'drift: every applied migration file is unchanged',
    drift: (parts: string) => `drift: ${parts}`,
    driftParts: { edited: 'edited', missing: 'missing', renamed: 'renamed', outOfOrder: 'out of order' } as Record<string, string>,
    interruptedOk: 'interrupted: none',
    interrupted: (names: string) => `interrupted: ${names} (check the database, then \`dihya-migrate resolve <version> --applied|--rolled-back\`)`,
    schemaOk: (at: string) => `schema: as the last run left it (recorded ${at})`,
    schemaDiffers: (at: string, tables: number, now: number, from: string, to: string) =>
      `schema: changed outside dihya-migrate since ${at} (tables: ${tables} recorded, ${now} now; hash ${from} → ${to})`,
    schemaNotRecorded: 'schema: no schema recorded yet (the next run records it)',
    schemaChangedSince: 'schema: a run that did not finish changed it; the next run records it',
    auditOk: (n: number) => `audit: ${n} entries, every hash and link intact`,
    audit: (seq: number, reason: string, more: number) => `audit: entry ${seq} ${reason}${more > 0 ? ` (and ${more} more problem(s))` : ''}`,
    backupOk: (id: string, age: number, max: number) => `backup: ${id} verified, ${age} h old (at most ${max} h)`,
    backupStale: (max: number, newest: string) => `backup: no verified backup younger than ${max} h (${newest})`,
    backupNewest: (id: string, age: number) => `newest: ${id}, ${age} h old`,
    backupNone: 'none',
    backupInfo: (newest: string) => `backup: newest verified: ${newest} (set monitor.check.backupMaxAgeHours to require one)`,
    healthy: 'healthy',
    unhealthy: (n: number) => `unhealthy: ${n} check(s) failed`,
  },
  metrics: {
    pushed: (url: string) => `# pushed to ${url}`,
    written: (file: string) => `# written to ${file}`,
  },
  progressDisplay: {
    elapsed: (seconds: string) => `${seconds} s`,
    tasks: { 'backup check': 'backup check', backup: 'backup', 'backup verify': 'backup verify', restore: 'restore', plan: 'plan' } as Record<string, string>,
    phases: {
      dumping: 'dumping',
      checksums: 'checksums',
      'checking files': 'checking files',
      'restoring into a scratch database': 'restoring into a scratch database',
      restoring: 'restoring',
      comparing: 'comparing',
      running: 'running',
      'schema preview': 'schema preview',
    } as Record<string, string>,
    anomaly: (kind: string, detail: string) => `  anomaly (${kind}): ${detail}`,
    extensionFailed: (extension: string, point: string, reason: string) => `warning: ${extension} failed at ${point}: ${reason}`,
  },
};
