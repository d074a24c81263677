import { beforeAll, describe, expect, it } from "vitest";
import { LocalVectorIndex, VectorizeError } from "../../../workers/vectorize";
import { db, freshIndex, rejection, uniqueName } from "./helpers";

let index: LocalVectorIndex;

beforeAll(async () => {
  index = await freshIndex("limits", { dimensions: 3, metric: "cosine" });
  await index.upsert([{ id: "seed", values: [1, 0, 0] }]);
});

const many = (n: number) => Array.from({ length: n }, (_, i) => `id-${i}`);

describe("dimensions", () => {
  it("insert and upsert refuse a vector of the wrong length (40012)", async () => {
    expect(await rejection(index.insert([{ id: "x", values: [1, 2] }]))).toBe(
      'VECTOR_INSERT_ERROR (code = 40012): invalid vector for id="x", expected 3 dimensions, and got 2 dimensions',
    );
    expect(await rejection(index.upsert([{ id: "y", values: [1, 2, 3, 4] }]))).toBe(
      'VECTOR_UPSERT_ERROR (code = 40012): invalid vector for id="y", expected 3 dimensions, and got 4 dimensions',
    );
  });

  it("query refuses a vector of the wrong length (40006)", async () => {
    expect(await rejection(index.query([]))).toBe(
      "VECTOR_QUERY_ERROR (code = 40006): invalid query vector, expected 3 dimensions, and got 0 dimensions",
    );
  });

  it("an index has at most 1536 dimensions", async () => {
    expect(await rejection(LocalVectorIndex.create(db, uniqueName("wide"), { dimensions: 1537, metric: "cosine" }))).toMatch(
      /dimensions must be an integer from 1 to 1536/,
    );
  });
});

describe("values", () => {
  it("refuses NaN, Infinity and non-numbers, in writes and queries", async () => {
    expect(await rejection(index.upsert([{ id: "n", values: [1, Number.NaN, 0] }]))).toBe(
      'VECTOR_UPSERT_ERROR: invalid vector for id="n", value at index 1 is not a finite number',
    );
    expect(await rejection(index.insert([{ id: "i", values: [Infinity, 0, 0] }]))).toMatch(/value at index 0 is not a finite number/);
    expect(await rejection(index.upsert([{ id: "s", values: ["1", 0, 0] as unknown as number[] }]))).toMatch(/not a finite number/);
    expect(await rejection(index.upsert([{ id: "big", values: [1e39, 0, 0] }]))).toMatch(/out of float32 range/);
    expect(await rejection(index.query([0, Number.NaN, 0]))).toBe(
      "VECTOR_QUERY_ERROR: invalid query vector, value at index 1 is not a finite number",
    );
  });
});

describe("topK", () => {
  it("is at most 100", async () => {
    expect(await rejection(index.query([1, 0, 0], { topK: 101 }))).toBe("VECTOR_QUERY_ERROR: max top K is 100, but got 101");
  });

  it("is at most 20 with returnValues or returnMetadata 'all' (40025)", async () => {
    const expected = "VECTOR_QUERY_ERROR (code = 40025): with returnValues=true or returnMetadata=all, max top K is 20, but got 21";
    expect(await rejection(index.query([1, 0, 0], { topK: 21, returnValues: true }))).toBe(expected);
    expect(await rejection(index.query([1, 0, 0], { topK: 21, returnMetadata: "all" }))).toBe(expected);
    expect(await rejection(index.queryById("seed", { topK: 21, returnMetadata: "all" }))).toBe(expected);
  });
});

describe("write batches", () => {
  it("hold at most 1,000 vectors from a Worker", async () => {
    const vectors = many(1001).map((id) => ({ id, values: [1, 0, 0] }));
    expect(await rejection(index.upsert(vectors))).toBe(
      "VECTOR_UPSERT_ERROR: too many vectors in payload; max count is 1000 from a Worker, got 1001",
    );
    expect(await rejection(index.insert(vectors))).toMatch(/^VECTOR_INSERT_ERROR: too many vectors/);
    await expect(index.upsert(vectors.slice(0, 1000))).resolves.toHaveProperty("mutationId");
  });

  it("are refused whole: one bad vector writes nothing", async () => {
    const before = (await index.describe()).vectorCount;
    expect(
      await rejection(
        index.upsert([
          { id: "good", values: [0, 1, 0] },
          { id: "bad", values: [0, 1] },
        ]),
      ),
    ).toContain("(code = 40012)");
    expect((await index.describe()).vectorCount).toBe(before);
    expect(await index.getByIds(["good"])).toEqual([]);
  });
});

describe("ids", () => {
  it("are at most 64 bytes (40008), counted in UTF-8", async () => {
    await expect(index.upsert([{ id: "é".repeat(32), values: [1, 0, 0] }])).resolves.toHaveProperty("mutationId");
    expect(await rejection(index.upsert([{ id: `${"é".repeat(32)}x`, values: [1, 0, 0] }]))).toBe(
      "VECTOR_UPSERT_ERROR (code = 40008): id too long; max is 64 bytes, got 65 bytes",
    );
    expect(await rejection(index.getByIds(["x".repeat(65)]))).toBe(
      "VECTOR_GET_ERROR (code = 40008): id too long; max is 64 bytes, got 65 bytes",
    );
  });

  it("must be non-empty strings", async () => {
    expect(await rejection(index.upsert([{ id: "", values: [1, 0, 0] }]))).toMatch(/non-empty string/);
  });

  it("getByIds takes at most 20 ids (40007)", async () => {
    await expect(index.getByIds(many(20))).resolves.toHaveLength(20);
    expect(await rejection(index.getByIds(many(21)))).toBe(
      "VECTOR_GET_ERROR (code = 40007): too many ids in payload; max id count is 20, got 21",
    );
  });

  it("deleteByIds takes at most 100 ids (40007)", async () => {
    await expect(index.deleteByIds(many(100))).resolves.toHaveProperty("mutationId");
    expect(await rejection(index.deleteByIds(many(101)))).toBe(
      "VECTOR_DELETE_ERROR (code = 40007): too many ids in payload; max id count is 100, got 101",
    );
  });
});

describe("namespaces", () => {
  it("are at most 64 bytes", async () => {
    await expect(index.upsert([{ id: "ns-ok", values: [1, 0, 0], namespace: "n".repeat(64) }])).resolves.toBeDefined();
    expect(await rejection(index.upsert([{ id: "ns", values: [1, 0, 0], namespace: "n".repeat(65) }]))).toBe(
      "VECTOR_UPSERT_ERROR: namespace too long; max is 64 bytes, got 65 bytes",
    );
    expect(await rejection(index.query([1, 0, 0], { namespace: "ü".repeat(33) }))).toBe(
      "VECTOR_QUERY_ERROR: namespace too long; max is 64 bytes, got 66 bytes",
    );
  });
});

describe("metadata", () => {
  it("is at most 10 KiB per vector, as compact JSON", async () => {
    // {"t":"..."} is 8 bytes of JSON around the string.
    await expect(index.upsert([{ id: "m-ok", values: [1, 0, 0], metadata: { t: "a".repeat(10240 - 8) } }])).resolves.toBeDefined();
    expect(await rejection(index.upsert([{ id: "m-big", values: [1, 0, 0], metadata: { t: "a".repeat(10240 - 7) } }]))).toBe(
      'VECTOR_UPSERT_ERROR: metadata too large for id="m-big"; max is 10240 bytes, got 10241 bytes',
    );
  });

  it("keys cannot be empty, contain '.' or '\"', or start with '$'", async () => {
    for (const [key, reason] of [
      ["", "is empty"],
      ["a.b", 'contains "."'],
      ['a"b', "contains '\"'"],
      ["$a", 'starts with "$"'],
    ]) {
      const error = await rejection(index.upsert([{ id: "k", values: [1, 0, 0], metadata: { nested: { [key!]: 1 } } }]));
      expect(error).toBe(`VECTOR_UPSERT_ERROR: metadata key "${key}" for id="k" ${reason}`);
    }
  });
});

describe("metadata indexes", () => {
  const ten = Array.from({ length: 10 }, (_, i) => ({ propertyName: `p${i}`, type: "string" as const }));

  it("an index has at most 10", async () => {
    await expect(LocalVectorIndex.create(db, uniqueName("ten"), { dimensions: 2, metric: "cosine", metadataIndexes: ten })).resolves.toBeDefined();
    expect(
      await rejection(
        LocalVectorIndex.create(db, uniqueName("eleven"), {
          dimensions: 2,
          metric: "cosine",
          metadataIndexes: [...ten, { propertyName: "p10", type: "number" }],
        }),
      ),
    ).toBe("too many metadata indexes; max is 10 per index, got 11");
  });

  it("adding one to an index that has 10 is refused", async () => {
    const name = uniqueName("add-eleventh");
    await LocalVectorIndex.create(db, name, { dimensions: 2, metric: "cosine", metadataIndexes: ten });
    expect(
      await rejection(
        LocalVectorIndex.create(db, name, {
          dimensions: 2,
          metric: "cosine",
          metadataIndexes: [{ propertyName: "extra", type: "boolean" }],
        }),
      ),
    ).toContain("max is 10 per index");
  });
});

describe("errors", () => {
  it("are VectorizeErrors carrying operation and code", async () => {
    const error = await index.query([]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VectorizeError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ operation: "VECTOR_QUERY_ERROR", code: 40006 });
  });
});
