import { beforeAll, describe, expect, it } from "vitest";
import type { LocalVectorIndex } from "../../../workers/vectorize";
import { freshIndex, ids, rejection } from "./helpers";

const LONG = "ü".repeat(40); // 80 bytes; the index keeps the first 64 (32 characters)

let index: LocalVectorIndex;

beforeAll(async () => {
  index = await freshIndex("options", {
    dimensions: 2,
    metric: "cosine",
    metadataIndexes: [
      { propertyName: "colour", type: "string" },
      { propertyName: "dims.w", type: "number" },
    ],
  });
  await index.upsert([
    { id: "a", values: [1, 0], metadata: { colour: LONG, title: "A title", dims: { w: 30, h: 40 } } },
    { id: "b", values: [0.1, 0.7] },
  ]);
});

describe("returnValues", () => {
  it("is off by default and returns float32 values when on", async () => {
    const plain = await index.query([1, 0], { topK: 1 });
    expect(plain.matches[0]).toEqual({ id: "a", score: 1 });
    const withValues = await index.query([1, 0], { topK: 2, returnValues: true });
    expect(withValues.matches.map((m) => m.values)).toEqual([
      [1, 0],
      [Math.fround(0.1), Math.fround(0.7)],
    ]);
  });
});

describe("returnMetadata", () => {
  it('"none" (the default) returns no metadata', async () => {
    expect((await index.query([1, 0], { topK: 1 })).matches[0]?.metadata).toBeUndefined();
    expect((await index.query([1, 0], { topK: 1, returnMetadata: "none" })).matches[0]?.metadata).toBeUndefined();
  });

  it('"indexed" returns only indexed properties, strings cut to 64 bytes', async () => {
    const [a] = (await index.query([1, 0], { topK: 1, returnMetadata: "indexed" })).matches;
    expect(a?.metadata).toEqual({ colour: "ü".repeat(32), dims: { w: 30 } });
  });

  it('"all" returns the full metadata, untruncated', async () => {
    const [a] = (await index.query([1, 0], { topK: 1, returnMetadata: "all" })).matches;
    expect(a?.metadata).toEqual({ colour: LONG, title: "A title", dims: { w: 30, h: 40 } });
  });

  it("refuses the legacy boolean form, as V2 does (40026)", async () => {
    const error = await rejection(index.query([1, 0], { returnMetadata: true }));
    expect(error).toBe("VECTOR_QUERY_ERROR (code = 40026): Failed to parse the request body as JSON: returnMetadata: expected value");
    expect(await rejection(index.query([1, 0], { returnMetadata: false }))).toContain("(code = 40026)");
  });

  it("returned metadata is a copy", async () => {
    const [a] = (await index.query([1, 0], { topK: 1, returnMetadata: "all" })).matches;
    (a!.metadata as Record<string, unknown>).title = "changed";
    const [again] = (await index.query([1, 0], { topK: 1, returnMetadata: "all" })).matches;
    expect(again?.metadata?.title).toBe("A title");
  });
});

describe("namespaces", () => {
  let ns: LocalVectorIndex;
  beforeAll(async () => {
    ns = await freshIndex("namespaces", { dimensions: 2, metric: "euclidean" });
    await ns.upsert([
      { id: "x1", values: [0, 0], namespace: "shop-x" },
      { id: "x2", values: [1, 0], namespace: "shop-x" },
      { id: "y1", values: [0, 0.5], namespace: "shop-y" },
      { id: "none", values: [0, 0.1] },
    ]);
  });

  it("a query with a namespace searches only that namespace and reports it", async () => {
    const result = await ns.query([0, 0], { namespace: "shop-x" });
    expect(result.matches).toEqual([
      { id: "x1", score: 0, namespace: "shop-x" },
      { id: "x2", score: 1, namespace: "shop-x" },
    ]);
    expect(ids(await ns.query([0, 0], { namespace: "unknown" }))).toEqual([]);
  });

  it("a query without a namespace searches the whole index", async () => {
    expect(ids(await ns.query([0, 0]))).toEqual(["x1", "none", "y1", "x2"]);
    expect(ids(await ns.query([0, 0], { namespace: "" }))).toEqual(["x1", "none", "y1", "x2"]);
  });

  it("ids are unique across namespaces: insert keeps, upsert moves", async () => {
    await ns.insert([{ id: "x1", values: [5, 5], namespace: "shop-y" }]);
    expect(await ns.getByIds(["x1"])).toEqual([{ id: "x1", values: [0, 0], namespace: "shop-x" }]);
    await ns.upsert([{ id: "x2", values: [1, 0], namespace: "shop-y" }]);
    expect(ids(await ns.query([0, 0], { namespace: "shop-y" }))).toEqual(["y1", "x2"]);
    expect(ids(await ns.query([0, 0], { namespace: "shop-x" }))).toEqual(["x1"]);
  });

  it("queryById is scoped by the namespace option", async () => {
    expect(ids(await ns.queryById("none", { namespace: "shop-x", topK: 1 }))).toEqual(["x1"]);
  });
});

describe("topK", () => {
  it("accepts 100 without values or full metadata, and 20 with them", async () => {
    await expect(index.query([1, 0], { topK: 100, returnMetadata: "indexed" })).resolves.toMatchObject({ count: 2 });
    await expect(index.query([1, 0], { topK: 20, returnValues: true, returnMetadata: "all" })).resolves.toMatchObject({
      count: 2,
    });
  });

  it("must be a positive integer", async () => {
    expect(await rejection(index.query([1, 0], { topK: 0 }))).toMatch(/topK must be a positive integer/);
    expect(await rejection(index.query([1, 0], { topK: 2.5 }))).toMatch(/topK must be a positive integer/);
  });
});
