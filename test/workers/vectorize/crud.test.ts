import { describe, expect, it } from "vitest";
import { LocalVectorIndex } from "../../../workers/vectorize";
import { db, freshIndex, ids, rejection, uniqueName } from "./helpers";

const config = { dimensions: 3, metric: "cosine" } as const;

describe("insert", () => {
  it("stores vectors and answers with a mutation id, as the V2 binding does", async () => {
    const index = await freshIndex("insert", config);
    const result = await index.insert([
      { id: "a", values: [1, 0, 0], metadata: { title: "A" } },
      { id: "b", values: new Float32Array([0, 1, 0]) },
      { id: "c", values: new Float64Array([0, 0, 1]), namespace: "ns" },
    ]);
    expect(Object.keys(result)).toEqual(["mutationId"]);
    expect(result.mutationId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await index.describe()).vectorCount).toBe(3);
  });

  it("keeps the first vector when an id is inserted again (no error, no overwrite)", async () => {
    const index = await freshIndex("insert-twice", config);
    await index.insert([{ id: "a", values: [1, 0, 0], metadata: { v: 1 } }]);
    await index.insert([
      { id: "a", values: [0, 1, 0], metadata: { v: 2 } },
      { id: "b", values: [0, 0, 1] },
    ]);
    const [a] = await index.getByIds(["a"]);
    expect(a).toEqual({ id: "a", values: [1, 0, 0], metadata: { v: 1 } });
    expect((await index.describe()).vectorCount).toBe(2);
  });

  it("keeps the first of duplicate ids within one insert batch", async () => {
    const index = await freshIndex("insert-dup", config);
    await index.insert([
      { id: "a", values: [1, 0, 0] },
      { id: "a", values: [0, 1, 0] },
    ]);
    expect((await index.getByIds(["a"]))[0]?.values).toEqual([1, 0, 0]);
  });
});

describe("upsert", () => {
  it("replaces an existing vector in full: values, metadata and namespace, no merge", async () => {
    const index = await freshIndex("upsert", config);
    await index.upsert([{ id: "a", values: [1, 0, 0], namespace: "x", metadata: { keep: "no", v: 1 } }]);
    await index.upsert([{ id: "a", values: [0, 1, 0], metadata: { v: 2 } }]);
    expect(await index.getByIds(["a"])).toEqual([{ id: "a", values: [0, 1, 0], metadata: { v: 2 } }]);
  });

  it("keeps the last of duplicate ids within one upsert batch", async () => {
    const index = await freshIndex("upsert-dup", config);
    await index.upsert([
      { id: "a", values: [1, 0, 0] },
      { id: "a", values: [0, 1, 0] },
    ]);
    expect((await index.getByIds(["a"]))[0]?.values).toEqual([0, 1, 0]);
  });

  it("stores values at float32 precision, as the service does", async () => {
    const index = await freshIndex("float32", config);
    await index.upsert([{ id: "a", values: [0.1, 1 / 3, 58.8] }]);
    const [a] = await index.getByIds(["a"]);
    expect(a?.values).toEqual([Math.fround(0.1), Math.fround(1 / 3), Math.fround(58.8)]);
  });
});

describe("getByIds", () => {
  it("returns found vectors with values, metadata and namespace, skipping unknown ids", async () => {
    const index = await freshIndex("get", config);
    await index.upsert([
      { id: "a", values: [1, 0, 0], namespace: "n1", metadata: { nested: { k: "v" }, tags: ["x", "y"] } },
      { id: "b", values: [0, 1, 0] },
    ]);
    expect(await index.getByIds(["b", "missing", "a", "b"])).toEqual([
      { id: "b", values: [0, 1, 0] },
      { id: "a", values: [1, 0, 0], namespace: "n1", metadata: { nested: { k: "v" }, tags: ["x", "y"] } },
    ]);
    expect(await index.getByIds([])).toEqual([]);
  });
});

describe("deleteByIds", () => {
  it("removes vectors from storage and from search, ignoring unknown ids", async () => {
    const index = await freshIndex("delete", config);
    await index.upsert([
      { id: "a", values: [1, 0, 0] },
      { id: "b", values: [0.9, 0.1, 0] },
      { id: "c", values: [0, 0, 1] },
    ]);
    expect(ids(await index.query([1, 0, 0]))).toEqual(["a", "b", "c"]); // loads the cache
    const result = await index.deleteByIds(["a", "nope"]);
    expect(Object.keys(result)).toEqual(["mutationId"]);
    expect(ids(await index.query([1, 0, 0]))).toEqual(["b", "c"]);
    expect(await index.getByIds(["a", "b"])).toEqual([{ id: "b", values: [Math.fround(0.9), Math.fround(0.1), 0] }]);
    expect((await index.describe()).vectorCount).toBe(2);
  });
});

describe("describe", () => {
  it("reports count, dimensions and the last processed mutation", async () => {
    const index = await freshIndex("describe", { dimensions: 4, metric: "euclidean" });
    const empty = await index.describe();
    expect(empty).toEqual({ vectorCount: 0, dimensions: 4, processedUpToDatetime: null, processedUpToMutation: null });
    const { mutationId } = await index.upsert([{ id: "a", values: [1, 2, 3, 4] }, { id: "b", values: [4, 3, 2, 1] }]);
    const info = await index.describe();
    expect(info.vectorCount).toBe(2);
    // Writes apply at once, so the mutation is already "processed".
    expect(String(info.processedUpToMutation)).toBe(mutationId);
    expect(Number.isNaN(Date.parse(String(info.processedUpToDatetime)))).toBe(false);
    const deleted = await index.deleteByIds(["a"]);
    expect(await index.describe()).toMatchObject({ vectorCount: 1, processedUpToMutation: deleted.mutationId });
  });
});

describe("persistence and caching", () => {
  it("a new instance over the same database sees the data", async () => {
    const name = uniqueName("persist");
    const first = await LocalVectorIndex.create(db, name, config);
    await first.upsert([{ id: "a", values: [1, 0, 0], metadata: { m: 1 } }]);
    const second = await LocalVectorIndex.open(db, name);
    expect(await second.getByIds(["a"])).toEqual([{ id: "a", values: [1, 0, 0], metadata: { m: 1 } }]);
    expect(ids(await new LocalVectorIndex(db, name).query([1, 0, 0]))).toEqual(["a"]);
  });

  it("sees its own writes after the cache is loaded", async () => {
    const index = await freshIndex("own-writes", config);
    await index.upsert([{ id: "a", values: [1, 0, 0] }]);
    expect(ids(await index.query([0, 1, 0]))).toEqual(["a"]);
    await index.upsert([{ id: "b", values: [0, 1, 0] }]);
    await index.insert([{ id: "a", values: [0, 1, 0] }]); // ignored: a exists
    expect(ids(await index.query([0, 1, 0]))).toEqual(["b", "a"]);
    await index.upsert([{ id: "a", values: [0, 1, 0] }]);
    const result = await index.query([0, 1, 0]);
    expect(result.matches.map((m) => m.score)).toEqual([1, 1]);
  });

  it("sees a write made by another process (generation bumped in D1)", async () => {
    const name = uniqueName("foreign");
    const index = await LocalVectorIndex.create(db, name, config);
    await index.upsert([{ id: "a", values: [1, 0, 0] }]);
    expect(ids(await index.query([1, 0, 0]))).toEqual(["a"]);
    // Another isolate's write, as it lands in D1: rows plus a generation bump.
    await db.batch([
      db
        .prepare(
          "INSERT INTO _local_vectorize_vectors (index_name, id, namespace, vals, metadata, gen) VALUES (?1, 'z', NULL, ?2, NULL, 99)",
        )
        .bind(name, new Uint8Array(new Float32Array([1, 0, 0]).buffer)),
      db.prepare("UPDATE _local_vectorize_indexes SET generation = generation + 1 WHERE name = ?1").bind(name),
    ]);
    expect(ids(await index.query([1, 0, 0]))).toEqual(["a", "z"]);
  });

  it("concurrent queries after a foreign write share one reload and agree", async () => {
    const index = await freshIndex("concurrent", config);
    await index.upsert([{ id: "a", values: [1, 0, 0] }, { id: "b", values: [0, 1, 0] }]);
    await index.query([1, 0, 0]);
    await db.prepare("UPDATE _local_vectorize_indexes SET generation = generation + 1 WHERE name = ?1").bind(index.name).run();
    const results = await Promise.all([index.query([1, 0, 0]), index.query([0, 1, 0]), index.queryById("b")]);
    expect(results.map(ids)).toEqual([["a", "b"], ["b", "a"], ["b", "a"]]);
  });

  it("an index dropped and created again under the same name is not served from the old cache", async () => {
    const name = uniqueName("recreated");
    const index = await LocalVectorIndex.create(db, name, config);
    await index.upsert([{ id: "old", values: [1, 0, 0] }]);
    expect(ids(await index.query([1, 0, 0]))).toEqual(["old"]);
    await db.batch([
      db.prepare("DELETE FROM _local_vectorize_vectors WHERE index_name = ?1").bind(name),
      db.prepare("DELETE FROM _local_vectorize_indexes WHERE name = ?1").bind(name),
    ]);
    const again = await LocalVectorIndex.create(db, name, config);
    await db.batch([
      db
        .prepare(
          "INSERT INTO _local_vectorize_vectors (index_name, id, namespace, vals, metadata, gen) VALUES (?1, 'new', NULL, ?2, NULL, 1)",
        )
        .bind(name, new Uint8Array(new Float32Array([1, 0, 0]).buffer)),
      db.prepare("UPDATE _local_vectorize_indexes SET generation = 1 WHERE name = ?1").bind(name),
    ]);
    expect(ids(await again.query([1, 0, 0]))).toEqual(["new"]);
  });

  it("loads indexes bigger than one page of the cache loader", async () => {
    const index = await freshIndex("paged", { dimensions: 2, metric: "euclidean" });
    for (let start = 0; start < 4500; start += 1000) {
      const batch = Array.from({ length: Math.min(1000, 4500 - start) }, (_, i) => ({
        id: `v${start + i}`,
        values: [start + i, 0],
      }));
      await index.upsert(batch);
    }
    const reopened = new LocalVectorIndex(db, index.name);
    // Force a full reload in this isolate by bumping the generation behind the cache.
    await db.prepare("UPDATE _local_vectorize_indexes SET generation = generation + 1 WHERE name = ?1").bind(index.name).run();
    expect(ids(await reopened.query([4499, 0], { topK: 3 }))).toEqual(["v4499", "v4498", "v4497"]);
    expect((await reopened.describe()).vectorCount).toBe(4500);
  });

  it("a missing index fails like a binding to a non-existent index", async () => {
    const name = uniqueName("missing");
    expect(await rejection(LocalVectorIndex.open(db, name))).toContain(`"${name}" not found`);
    const unbound = new LocalVectorIndex(db, name);
    expect(await rejection(unbound.query([1, 0, 0]))).toMatch(/^VECTOR_QUERY_ERROR: .*not found/);
    expect(await rejection(unbound.upsert([{ id: "a", values: [1, 0, 0] }]))).toMatch(/^VECTOR_UPSERT_ERROR: /);
  });
});

describe("create", () => {
  it("is idempotent for the same configuration", async () => {
    const name = uniqueName("idem");
    const a = await LocalVectorIndex.create(db, name, { ...config, metadataIndexes: [{ propertyName: "k", type: "string" }] });
    await a.upsert([{ id: "a", values: [1, 0, 0] }]);
    const b = await LocalVectorIndex.create(db, name, { ...config, metadataIndexes: [{ propertyName: "k", type: "string" }] });
    expect((await b.describe()).vectorCount).toBe(1);
  });

  it("refuses an existing index with other dimensions or metric", async () => {
    const name = uniqueName("mismatch");
    await LocalVectorIndex.create(db, name, config);
    expect(await rejection(LocalVectorIndex.create(db, name, { dimensions: 4, metric: "cosine" }))).toContain(
      "already exists with dimensions=3, metric=cosine",
    );
    expect(await rejection(LocalVectorIndex.create(db, name, { dimensions: 3, metric: "euclidean" }))).toContain(
      "asked for dimensions=3, metric=euclidean",
    );
  });

  it("refuses a metadata index whose type differs from the existing one", async () => {
    const name = uniqueName("mi-type");
    await LocalVectorIndex.create(db, name, { ...config, metadataIndexes: [{ propertyName: "k", type: "string" }] });
    expect(
      await rejection(LocalVectorIndex.create(db, name, { ...config, metadataIndexes: [{ propertyName: "k", type: "number" }] })),
    ).toContain('metadata index "k"');
  });
});
