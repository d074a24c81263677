/**
 * Deterministic randomness for the demo shop. Everything the shop generates must be
 * byte-identical on every machine and every run, so nothing here touches Math.random
 * or a per-process salted hash.
 */

/** 32-bit FNV-1a over the UTF-16 code units of `text`; stable across runtimes. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** FNV-1a over raw bytes (image ETags). */
export function fnv1aBytes(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    hash ^= bytes[i] ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** 64 bits of hash as hex: two FNV passes with different seeds, enough to make ETag collisions irrelevant. */
export function hashHex(input: string | Uint8Array): string {
  const a = typeof input === "string" ? fnv1a(input) : fnv1aBytes(input);
  const b = typeof input === "string" ? fnv1a(input, 0x9747b28c) : fnv1aBytes(input, 0x9747b28c);
  return a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0");
}

/** A seeded generator (mulberry32) with the few helpers the generators need. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A generator whose seed is derived from labelled parts, e.g. `Rng.from("work", 1042)`. */
  static from(...parts: Array<string | number>): Rng {
    return new Rng(fnv1a(parts.join("\u241f")));
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform float in [min, max). */
  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Index chosen with probability proportional to `weights[i]`. */
  weightedIndex(weights: readonly number[]): number {
    const total = weights.reduce((sum, w) => sum + w, 0);
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] ?? 0;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** A shuffled copy (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = copy[i] as T;
      copy[i] = copy[j] as T;
      copy[j] = tmp;
    }
    return copy;
  }
}
