/**
 * A value built on the first call and kept: for what costs time to build and is not always used
 * (zod schemas take milliseconds each; a command that never checks one should not build it).
 *
 * @example
 * const schema = once(() => z.object({ name: z.string() }))
 * schema().parse({ name: 'x' })
 */
export function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}
