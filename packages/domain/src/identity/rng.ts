/**
 * Random sources for the generators of valid identifiers (tests and the synthetic-data bench). A generator takes an
 * `Rng` (like Math.random: a float in [0, 1)) so that a seeded one makes a data set reproducible.
 */

export type Rng = () => number;

/** mulberry32: a small, fast 32-bit generator; the same seed gives the same sequence on every platform. */
export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** An integer in [min, max], both included. */
export function randomInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function randomItem<T>(rng: Rng, items: readonly T[]): T {
  const item = items[randomInt(rng, 0, items.length - 1)];
  if (item === undefined) throw new RangeError('randomItem needs a non-empty list');
  return item;
}
