/**
 * Seeded randomness for the offline computations. Every result the pipeline stores (palettes,
 * map coordinates, clusters) must be identical on every run and machine, so nothing here touches
 * Math.random.
 */

/** A mulberry32 generator: tiny, fast, and good enough for sampling and initialisation. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    // Mix the seed once so that small neighbouring seeds (0, 1, 2) do not start in similar states.
    this.state = hash32(seed >>> 0);
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box-Muller); used to synthesise test data. */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]: log(0) would be -Infinity
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** `count` distinct indices from [0, n) in random order (partial Fisher-Yates). */
  sample(n: number, count: number): Int32Array {
    const m = Math.min(n, Math.max(0, count));
    const pool = new Int32Array(n);
    for (let i = 0; i < n; i++) pool[i] = i;
    for (let i = 0; i < m; i++) {
      const j = i + this.int(n - i);
      const tmp = pool[i] as number;
      pool[i] = pool[j] as number;
      pool[j] = tmp;
    }
    return pool.slice(0, m);
  }

  /** A plain `() => number` for libraries that take one (umap-js). */
  asFunction(): () => number {
    return () => this.next();
  }
}

/** A 32-bit integer finaliser (from murmur3): spreads seed bits over the whole state. */
export function hash32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
