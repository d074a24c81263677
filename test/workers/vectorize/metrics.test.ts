import { describe, expect, it } from "vitest";
import { freshIndex } from "./helpers";

// Hand-checkable vectors (all exactly representable in float32).
const vectors = [
  { id: "a", values: [1, 0, 0] },
  { id: "b", values: [0, 1, 0] },
  { id: "c", values: [1, 1, 0] },
  { id: "d", values: [-1, 0, 0] },
  { id: "e", values: [3, 4, 0] },
];

const scored = (result: VectorizeMatches) => result.matches.map((m) => [m.id, m.score] as const);

function expectScores(actual: readonly (readonly [string, number])[], expected: [string, number][]): void {
  expect(actual.map(([id]) => id)).toEqual(expected.map(([id]) => id));
  actual.forEach(([, score], i) => expect(score).toBeCloseTo(expected[i]![1], 6));
}

describe("cosine: similarity, higher is closer", () => {
  it("scores and orders by cos(angle)", async () => {
    const index = await freshIndex("cosine", { dimensions: 3, metric: "cosine" });
    await index.upsert(vectors);
    // q = [2,0,0]: magnitude must not matter for cosine.
    expectScores(scored(await index.query([2, 0, 0])), [
      ["a", 1],
      ["c", Math.SQRT1_2],
      ["e", 0.6],
      ["b", 0],
      ["d", -1],
    ]);
  });

  it("queryById searches with the stored vector, which finds itself first", async () => {
    const index = await freshIndex("cosine-by-id", { dimensions: 3, metric: "cosine" });
    await index.upsert(vectors);
    expectScores(scored(await index.queryById("c", { topK: 3 })), [
      ["c", 1],
      ["e", 7 / (5 * Math.SQRT2)],
      ["a", Math.SQRT1_2],
    ]);
    expect(await index.queryById("unknown")).toEqual({ matches: [], count: 0 });
  });

  it("reports 0 for a zero vector instead of NaN", async () => {
    const index = await freshIndex("cosine-zero", { dimensions: 3, metric: "cosine" });
    await index.upsert([{ id: "zero", values: [0, 0, 0] }, ...vectors.slice(0, 1)]);
    expectScores(scored(await index.query([1, 0, 0])), [
      ["a", 1],
      ["zero", 0],
    ]);
  });
});

describe("euclidean: L2 distance, lower is closer", () => {
  it("scores by distance and orders ascending", async () => {
    const index = await freshIndex("euclidean", { dimensions: 3, metric: "euclidean" });
    await index.upsert(vectors);
    expectScores(scored(await index.query([1, 0, 0])), [
      ["a", 0],
      ["c", 1],
      ["b", Math.SQRT2],
      ["d", 2],
      ["e", Math.sqrt(20)],
    ]);
  });
});

describe("dot-product: negative dot product, lower is closer", () => {
  it("scores -(q·v) and orders ascending, ties by id", async () => {
    const index = await freshIndex("dot", { dimensions: 3, metric: "dot-product" });
    await index.upsert(vectors);
    expectScores(scored(await index.query([2, 0, 0])), [
      ["e", -6],
      ["a", -2],
      ["c", -2],
      ["b", 0],
      ["d", 2],
    ]);
  });
});

describe("ranking", () => {
  it("returns exactly topK, best first, with count", async () => {
    const index = await freshIndex("topk", { dimensions: 3, metric: "euclidean" });
    await index.upsert(vectors);
    const result = await index.query([1, 0, 0], { topK: 2 });
    expect(result.count).toBe(2);
    expect(result.matches.map((m) => m.id)).toEqual(["a", "c"]);
  });

  it("defaults topK to 5", async () => {
    const index = await freshIndex("default-topk", { dimensions: 1, metric: "euclidean" });
    await index.upsert(Array.from({ length: 8 }, (_, i) => ({ id: `v${i}`, values: [i] })));
    expect((await index.query([0])).matches.map((m) => m.id)).toEqual(["v0", "v1", "v2", "v3", "v4"]);
  });
});
