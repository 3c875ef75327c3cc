import { isDeepStrictEqual } from 'node:util';
import { diffSchemas } from '../database/schema-diff.ts';
import type { SchemaSnapshot } from '../database/schema-snapshot.ts';
import type { Target } from '../database/target.ts';
import { DihyaError, reasonOf } from '../errors/dihya-error.ts';
import type { LintFinding } from '../lint/lint-finding.ts';
import type { LoadedMigration } from '../migrations/load-migration.ts';
import type { StepReport } from '../pipeline/apply-steps.ts';
import { assertNoInterruptedRestore, runLocked } from '../pipeline/locked-run.ts';
import type { PipelineDeps } from '../pipeline/run-context.ts';
import type { RunExtension } from '../pipeline/run-extension.ts';
import { loadAll, readPlan, throwFirstProblem, upTo } from '../pipeline/run-phases.ts';
import { withDatabaseCopy } from './copy-database.ts';
import { sourceSchemaHash } from './receipts.ts';
import { StepRecorder, type RecordedStep } from './step-recorder.ts';

/** The run on the copy, opened by the caller with the whole safety net (a Migrator on the copy's URL). */
export interface CopyRun {
  readonly target: Target;
  up(): Promise<StepReport[]>;
  down(options: { steps: number }): Promise<StepReport[]>;
  close(): Promise<void>;
  /** On a signal: stops the statements in flight on the copy and removes what the run keeps outside it (its state folder). */
  abandon(): Promise<void>;
}

/** What `rehearse` needs besides the source's pipeline. */
export interface RehearseOptions {
  /** Rehearse the pending migrations up to and including this version. */
  to?: string;
  /** Opens the run on the copy at `url`, with `extensions` attached. */
  openCopy(url: string, extensions: RunExtension[]): Promise<CopyRun>;
  /** Work done on the copy before the migrations run (anonymization); returns true when it changed the copy. */
  prepareCopy?(copy: Target): Promise<boolean>;
  /**
   * Checks of the pending migrations before anything is copied (lint, the sector packs' demands):
   * a throw refuses the rehearsal; the lint findings it returns go into the report.
   */
  beforeCopy?(pending: LoadedMigration[]): Promise<{ lint: LintFinding[] }>;
}

/** How one pending migration behaved on the copy. */
export interface RehearsedMigration {
  version: string;
  name: string;
  checksum: string;
  up?: StepFigures;
  down?: StepFigures;
  upAgain?: StepFigures;
  /** `ok`: down put the schema and row counts back as before up; `no-down`: the migration has none; `not-run`: the rehearsal stopped before. */
  roundTrip: 'ok' | 'differs' | 'no-down' | 'not-run';
  /** What differs after down from before up (schema changes, row counts). */
  differences?: string[];
}

/** One step's figures, as the report and `--json` give them. */
export type StepFigures = Pick<RecordedStep, 'ok' | 'durationMs' | 'rowsChanged' | 'schemaChanges' | 'locks' | 'backfills'>;

/** What a rehearsal found. */
export interface RehearsalReport {
  result: 'passed' | 'failed' | 'nothing-pending';
  target: string;
  sourceSchemaHash: string;
  /** Copying the database (backup + restore into the scratch database), ms. */
  copyMs: number;
  /** The whole rehearsal, copy and drop included, ms. */
  durationMs: number;
  anonymized: boolean;
  migrations: RehearsedMigration[];
  failure?: { phase: 'up' | 'down' | 'round-trip' | 'up-again'; version?: string; name?: string; code: string; message: string };
  /** The receipt written in the audit (its sequence number). */
  receipt?: number;
  /** The lint findings of the pending migrations (built-in and sector packs' rules, as before `up`). */
  lint?: LintFinding[];
}

/**
 * Rehearses the pending migrations on a full copy of the target: the copy (schema and rows, in a
 * scratch database on the same server, anonymized first when asked) runs every pending migration
 * with the whole safety net, then each `down` in reverse (the schema and row counts after it must
 * equal those before its `up`), then `up` again; the copy is dropped whatever happens. Production
 * is only read (the backup that makes the copy), and gets one audit entry: the receipt
 * (`rehearsal.receipt`), which `up` requires with `rehearsal.required: true`.
 *
 * @example
 * const report = await rehearse(deps, { openCopy: (url, extensions) => openMigratorOn(url, extensions) })
 * report.result // 'passed'
 */
export async function rehearse(deps: PipelineDeps, options: RehearseOptions): Promise<RehearsalReport> {
  const started = Date.now();
  await deps.internalSchema.assertReadable();
  assertNoInterruptedRestore(deps);
  const plan = await readPlan(deps);
  throwFirstProblem(plan);
  const pending = await loadAll(deps, upTo(plan.pending, options.to, plan));
  const hash = await sourceSchemaHash(deps.target, deps.tables.all);
  const base = { target: deps.target.displayUrl, sourceSchemaHash: hash };
  if (pending.length === 0) return { ...base, result: 'nothing-pending', copyMs: 0, durationMs: Date.now() - started, anonymized: false, migrations: [] };
  const checked = options.beforeCopy ? await options.beforeCopy(pending) : undefined;

  const progress = (phase: string, done?: number) =>
    deps.emitter.emit({
      type: 'progress',
      task: 'rehearse',
      phase,
      ...(done === undefined ? {} : { done, total: pending.length, unit: 'migrations' as const }),
    });
  progress('copying the database');
  const outcome = await withDatabaseCopy(deps.target, deps.config.backup.method, async (copy) => {
    const recorder = new StepRecorder(deps.tables.all, deps.config.rehearsal.lockSampleMs);
    const run = await options.openCopy(copy.url, [recorder]);
    copy.interrupt = () => run.abandon();
    try {
      const anonymized = options.prepareCopy ? await options.prepareCopy(run.target) : false;
      const found = await rehearseOn(run, pending, recorder, progress);
      return { ...found, copyMs: copy.copyMs, anonymized };
    } finally {
      await run.close();
    }
  });
  const report: RehearsalReport = { ...base, ...outcome, durationMs: Date.now() - started, ...(checked ? { lint: checked.lint } : {}) };
  report.receipt = await writeReceipt(deps, report);
  return report;
}

/** The three passes on the copy: up, down in reverse with the round-trip check, up again. */
async function rehearseOn(
  run: CopyRun,
  pending: LoadedMigration[],
  recorder: StepRecorder,
  progress: (phase: string, done?: number) => void,
): Promise<Pick<RehearsalReport, 'result' | 'migrations' | 'failure'>> {
  const migrations: RehearsedMigration[] = pending.map((m) => ({ version: m.version, name: m.name, checksum: m.checksum, roundTrip: 'not-run' }));
  const byVersion = new Map(migrations.map((m) => [m.version, m]));
  const record = (pass: 'up' | 'down' | 'upAgain', from: number) => {
    for (const step of recorder.steps.slice(from)) {
      const entry = byVersion.get(step.version);
      if (entry) entry[pass] = figuresOf(step);
    }
  };
  const failed = (phase: NonNullable<RehearsalReport['failure']>['phase'], error: unknown, from: number) => {
    const step = recorder.steps.slice(from).find((s) => !s.ok);
    const code = error instanceof DihyaError ? error.code : 'INTERNAL';
    const failure = { phase, ...(step ? { version: step.version, name: step.name } : {}), code, message: reasonOf(error) };
    return { result: 'failed' as const, migrations, failure };
  };

  progress('up', 0);
  let from = recorder.steps.length;
  try {
    await run.up();
  } catch (error) {
    record('up', from);
    return failed('up', error, from);
  }
  record('up', from);
  const ups = new Map(recorder.steps.filter((s) => s.direction === 'up').map((s) => [s.version, s]));

  progress('down', 0);
  let reverted = 0;
  for (const migration of [...pending].reverse()) {
    const entry = byVersion.get(migration.version)!;
    if (!migration.definition.down) {
      // Earlier migrations cannot be reverted past one without a down: their round trip is not checked either.
      entry.roundTrip = 'no-down';
      break;
    }
    from = recorder.steps.length;
    try {
      await run.down({ steps: 1 });
    } catch (error) {
      record('down', from);
      return failed('down', error, from);
    }
    record('down', from);
    reverted += 1;
    const up = ups.get(migration.version);
    const down = recorder.steps.slice(from).find((s) => s.direction === 'down');
    const differences = up && down ? roundTripDifferences(up, down) : ['the down step was not recorded'];
    entry.roundTrip = differences.length === 0 ? 'ok' : 'differs';
    if (differences.length > 0) {
      entry.differences = differences;
      return {
        result: 'failed',
        migrations,
        failure: { phase: 'round-trip', version: migration.version, name: migration.name, code: 'ROUND_TRIP', message: differences.join('; ') },
      };
    }
  }

  if (reverted > 0) {
    progress('up again', 0);
    from = recorder.steps.length;
    try {
      await run.up();
    } catch (error) {
      record('upAgain', from);
      return failed('up-again', error, from);
    }
    record('upAgain', from);
  }
  return { result: 'passed', migrations };
}

/** What differs after a migration's down from before its up: the schema (as changes) and the row counts. */
function roundTripDifferences(up: RecordedStep, down: RecordedStep): string[] {
  const after = down.after ?? down.before;
  if (sameSchema(up.before, after) && isDeepStrictEqual(up.countsBefore, down.countsAfter)) return [];
  const differences = diffSchemas(up.before, after).map((c) => `schema ${c.summary}`);
  for (const table of Object.keys(up.countsBefore)) {
    const was = up.countsBefore[table];
    const now = down.countsAfter?.[table];
    if (now !== undefined && was !== now) differences.push(`rows in ${table}: ${was} before up, ${now} after down`);
  }
  if (differences.length === 0 && !sameSchema(up.before, after))
    differences.push('the schema differs (details the diff does not list, e.g. a default or a check)');
  return differences;
}

function sameSchema(a: SchemaSnapshot, b: SchemaSnapshot): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));
}

function figuresOf(step: RecordedStep): StepFigures {
  return {
    ok: step.ok,
    durationMs: step.durationMs,
    rowsChanged: step.rowsChanged,
    schemaChanges: step.schemaChanges,
    ...(step.locks ? { locks: step.locks } : {}),
    ...(step.backfills ? { backfills: step.backfills } : {}),
  };
}

/** Writes the receipt in the source's audit, under its migration lock; returns its sequence number. */
async function writeReceipt(deps: PipelineDeps, report: RehearsalReport): Promise<number> {
  return runLocked(deps, 'rehearse', async () => {
    const entry = await deps.safety.audit.append('rehearsal.receipt', {
      result: report.result === 'passed' ? 'passed' : 'failed',
      sourceSchemaHash: report.sourceSchemaHash,
      migrations: report.migrations.map((m) => ({ version: m.version, name: m.name, checksum: m.checksum, durationMs: m.up?.durationMs ?? 0 })),
      durationMs: report.durationMs,
      copyMs: report.copyMs,
      anonymized: report.anonymized,
      ...(report.failure ? { failure: `${report.failure.phase} ${report.failure.name ?? ''}: ${report.failure.code}`.replace(/ :/, ':') } : {}),
    });
    return entry.seq;
  });
}
