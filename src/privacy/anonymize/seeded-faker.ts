import { createRequire } from 'node:module';
import type * as FakerLibrary from '@faker-js/faker';
import type { Faker, Randomizer } from '@faker-js/faker';

/** @faker-js/faker, loaded on first use: its locales are hundreds of modules the CLI's start does not need. */
let library: typeof FakerLibrary | undefined;
function fakerLibrary(): typeof FakerLibrary {
  library ??= createRequire(import.meta.url)('@faker-js/faker') as typeof FakerLibrary;
  return library;
}

/**
 * A `@faker-js/faker` instance whose randomness comes from a 32-byte seed (a keyed HMAC of the
 * value being replaced), through a small sfc32 generator: the same value gives the same fake
 * name, address or sentence on every run with the same key, and reseeding costs nothing (faker's
 * own Mersenne Twister takes ~60 µs to reseed, too slow for a million rows).
 *
 * @example
 * const faker = new SeededFaker('fr')
 * faker.with(seed).person.lastName() // 'Robin', every time for this seed
 */
export class SeededFaker {
  readonly #state = new Uint32Array(4);
  readonly #faker: Faker;

  constructor(locale: 'en' | 'fr') {
    const state = this.#state;
    const randomizer: Randomizer = {
      next: () => sfc32(state),
      seed: (seed) => {
        const values = Array.isArray(seed) ? seed : [seed];
        for (let i = 0; i < 4; i++) state[i] = values[i] ?? i + 1;
      },
    };
    const { Faker, base, en, fr } = fakerLibrary();
    this.#faker = new Faker({ locale: locale === 'fr' ? [fr, en, base] : [en, base], randomizer });
  }

  /** The faker, seeded from the first 16 bytes of `seed`. */
  with(seed: Buffer): Faker {
    for (let i = 0; i < 4; i++) this.#state[i] = seed.readUInt32BE(i * 4);
    // A seed of all zeros would make sfc32 start slowly; one step mixes it.
    sfc32(this.#state);
    return this.#faker;
  }
}

/** One step of the sfc32 generator over `state` (4 × 32 bits), as a number in [0, 1). */
function sfc32(state: Uint32Array): number {
  let [a, b, c, d] = state as unknown as [number, number, number, number];
  const t = (((a + b) | 0) + d) | 0;
  d = (d + 1) | 0;
  a = b ^ (b >>> 9);
  b = (c + (c << 3)) | 0;
  c = (c << 21) | (c >>> 11);
  c = (c + t) | 0;
  state[0] = a;
  state[1] = b;
  state[2] = c;
  state[3] = d;
  return (t >>> 0) / 4294967296;
}
