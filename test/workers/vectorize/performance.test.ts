import { describe, expect, it } from "vitest";
import { ARTWORK_METADATA_INDEXES, type LocalVectorIndex } from "../../../workers/vectorize";
import { db, freshIndex, seededVector } from "./helpers";

const DIMENSIONS = 512;
const COLOURS = ["blue", "red", "green", "black", "white"];

async function build(size: number): Promise<{ index: LocalVectorIndex; writeMs: number }> {
  const index = await freshIndex(`perf-${size}`, {
    dimensions: DIMENSIONS,
    metric: "cosine",
    metadataIndexes: ARTWORK_METADATA_INDEXES,
  });
  const started = performance.now();
  for (let start = 0; start < size; start += 1000) {
    await index.upsert(
      Array.from({ length: Math.min(1000, size - start) }, (_, i) => {
        const n = start + i;
        return {
          id: `art-${n}`,
          values: seededVector(n, DIMENSIONS),
          metadata: { available: n % 3 !== 0, priceMinor: (n % 200) * 100, colour: COLOURS[n % COLOURS.length]! },
        };
      }),
    );
  }
  return { index, writeMs: performance.now() - started };
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

describe("brute-force query time (512-d, cosine)", () => {
  for (const size of [1000, 10_000]) {
    it(`${size} vectors`, { timeout: 120_000 }, async () => {
      const { index, writeMs } = await build(size);
      // Simulate a write from another process, so the next query reloads from D1.
      await db.prepare("UPDATE _local_vectorize_indexes SET generation = generation + 1 WHERE name = ?1").bind(index.name).run();
      const query = seededVector(size + 7, DIMENSIONS);
      const [cold, coldMs] = await timed(() => index.query(query, { topK: 10 }));
      const warm: number[] = [];
      const filtered: number[] = [];
      for (let i = 0; i < 9; i++) {
        warm.push((await timed(() => index.query(seededVector(i, DIMENSIONS), { topK: 10 })))[1]);
        filtered.push(
          (
            await timed(() =>
              index.query(seededVector(i, DIMENSIONS), {
                topK: 10,
                filter: { available: true, priceMinor: { $lt: 10_000 }, colour: { $in: ["blue", "red"] } },
                returnMetadata: "indexed",
              }),
            )
          )[1],
        );
      }
      const [self] = await timed(() => index.queryById("art-3", { topK: 1 }));
      console.log(
        `[vectorize stand-in] ${size} x ${DIMENSIONS}: write ${writeMs.toFixed(0)} ms, ` +
          `cold query (full load from D1) ${coldMs.toFixed(0)} ms, warm query median ${median(warm).toFixed(1)} ms, ` +
          `filtered warm query median ${median(filtered).toFixed(1)} ms`,
      );
      expect(cold.count).toBe(10);
      expect(self.matches[0]).toMatchObject({ id: "art-3" });
      expect(self.matches[0]?.score).toBeCloseTo(1, 6);
      // Loose bound: catches an accidental reload per query, not machine noise.
      expect(median(warm)).toBeLessThan(size >= 10_000 ? 500 : 100);
    });
  }
});
