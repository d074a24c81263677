/**
 * The discovery feed's shuffle, precomputed: a fixed 32-bit mix of an artwork's id
 * (multiply, xor-shift, multiply, xor-shift), stored as the indexed virtual column
 * artworks.discovery_rank (migration 0008). SQLite has no XOR, so a ^ b is written
 * (a | b) - (a & b); every product stays below 2^63.
 */
const xor = (a: string, b: string) => `((${a} | ${b}) - (${a} & ${b}))`;
const xorShift16 = (h: string) => xor(h, `(${h} >> 16)`);

const h1 = "((id * 2654435761 + 1013904223) & 4294967295)";
const h2 = `((${xorShift16(h1)} * 73244475) & 4294967295)`;

/** The column's SQL expression (the same text as in migrations/0008_scale_indexes.sql). */
export const DISCOVERY_RANK_SQL = xorShift16(h2);

/** The same mix in JavaScript, for tests and fixtures. */
export function discoveryRank(id: number): number {
  let h = Number((BigInt(id) * 2654435761n + 1013904223n) & 0xffffffffn);
  h = (h ^ (h >>> 16)) >>> 0;
  h = Number((BigInt(h) * 73244475n) & 0xffffffffn);
  return (h ^ (h >>> 16)) >>> 0;
}
