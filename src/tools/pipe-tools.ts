import { spawn } from 'node:child_process';
import { collectText, exitOf, toolFailure, type ToolExit, type ToolInvocation } from './run-tool.ts';

const STDERR_LIMIT = 64 * 1024;

/**
 * Runs `producer | consumer`, with `prefix` written to the consumer's stdin before the
 * producer's output and `suffix` after it. The suffix is written, and the consumer's stdin closed,
 * only when the producer succeeded; if the producer fails, the consumer is killed instead. So a
 * script that ends with its own `COMMIT` (written as the suffix) commits only when complete: if
 * this process dies midway, the consumer sees end of input without the COMMIT and its server
 * rolls the transaction back. If the consumer fails first, the producer is stopped. Rejects with
 * the failing tool's stderr, redacted.
 *
 * @example
 * await pipeTools(
 *   { command: pgRestore, args: ['--file=-', '/b/database.pgdump'] },
 *   { command: psql, args: ['-v', 'ON_ERROR_STOP=1'], env: { PGPASSWORD: pw }, secrets: [pw] },
 *   'BEGIN;\nDROP SCHEMA IF EXISTS app CASCADE;\n',
 *   'COMMIT;\n',
 * )
 */
export async function pipeTools(producer: ToolInvocation, consumer: ToolInvocation, prefix: string, suffix = ''): Promise<void> {
  const secrets = [...(producer.secrets ?? []), ...(consumer.secrets ?? [])];
  const source = spawn(producer.command, [...producer.args], { env: { ...process.env, ...producer.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const sink = spawn(consumer.command, [...consumer.args], { env: { ...process.env, ...consumer.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  const sourceExit = settle(exitOf(source));
  const sinkExit = settle(exitOf(sink));
  const sourceErr = collectText(source.stderr, STDERR_LIMIT);
  const sinkErr = collectText(sink.stderr, STDERR_LIMIT);
  const sinkOut = collectText(sink.stdout, STDERR_LIMIT);
  sink.stdin.on('error', () => undefined); // EPIPE when the consumer stops early: its exit code tells why
  void sinkExit.then(() => {
    if (source.exitCode === null && source.signalCode === null) source.kill('SIGTERM');
  });

  sink.stdin.write(prefix);
  source.stdout.pipe(sink.stdin, { end: false });
  const producerExit = await sourceExit;
  if (!(producerExit instanceof Error) && producerExit.code === 0 && sink.exitCode === null) sink.stdin.end(suffix);
  else sink.kill('SIGKILL');
  const consumerExit = await sinkExit;
  const [producerStderr, consumerStderr, consumerStdout] = await Promise.all([sourceErr, sinkErr, sinkOut]);

  const consumerFailed = consumerExit instanceof Error || consumerExit.code !== 0;
  const producerFailed = producerExit instanceof Error || producerExit.code !== 0;
  // The consumer's own error explains more than the producer's SIGTERM/EPIPE it caused.
  if (consumerFailed && (!producerFailed || consumerExit instanceof Error || consumerExit.signal !== 'SIGKILL')) {
    throw toolFailure(consumer.command, consumerExit, consumerStderr || consumerStdout, secrets);
  }
  if (producerFailed) throw toolFailure(producer.command, producerExit, producerStderr, secrets);
}

function settle(promise: Promise<ToolExit>): Promise<ToolExit | Error> {
  return promise.catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
}
