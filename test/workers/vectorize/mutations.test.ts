import { describe, expect, it } from "vitest";
import { LocalVectorIndex, vectorIndexFor } from "../../../workers/vectorize";
import { db, ids, uniqueName } from "./helpers";

const DELAY = 150;
const config = { dimensions: 2, metric: "cosine" as const, metadataIndexes: [{ propertyName: "available", type: "boolean" as const }] };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function delayedIndex(label: string): Promise<LocalVectorIndex> {
  const name = uniqueName(label);
  await LocalVectorIndex.create(db, name, config);
  return LocalVectorIndex.open(db, name, { mutationDelayMs: DELAY });
}

/** Polls describe() the way the smoke test and the pipeline do. */
async function waitForMutation(index: Vectorize, mutationId: string, timeoutMs = 3000): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (String((await index.describe()).processedUpToMutation) === mutationId) return Date.now() - start;
    await sleep(25);
  }
  throw new Error(`mutation ${mutationId} not processed in ${timeoutMs} ms`);
}

describe("the stand-in's mutations, as production's: asynchronous, with ids", () => {
  it("a write answers with a fresh mutation id and is not queryable until its delay has passed", async () => {
    const index = await delayedIndex("async");
    const { mutationId } = await index.upsert([{ id: "a", values: [1, 0], metadata: { available: true } }]);
    expect(mutationId).toMatch(/^[0-9a-f-]{36}$/);
    const before = await index.describe();
    expect(before.vectorCount).toBe(0);
    expect(before.processedUpToMutation).not.toBe(mutationId);
    expect(ids(await index.query([1, 0], { topK: 5 }))).toEqual([]);
    const waited = await waitForMutation(index, mutationId);
    expect(waited).toBeGreaterThan(DELAY / 2);
    expect(ids(await index.query([1, 0], { topK: 5, filter: { available: true } }))).toEqual(["a"]);
    expect((await index.describe()).vectorCount).toBe(1);
  });

  it("mutations apply in order, deletes included, and each has its own id", async () => {
    const index = await delayedIndex("order");
    const first = await index.upsert([{ id: "a", values: [1, 0] }, { id: "b", values: [0, 1] }]);
    const second = await index.deleteByIds(["a"]);
    const third = await index.upsert([{ id: "b", values: [1, 0] }]);
    expect(new Set([first.mutationId, second.mutationId, third.mutationId]).size).toBe(3);
    await waitForMutation(index, third.mutationId);
    expect(ids(await index.query([1, 0], { topK: 5, returnValues: true }))).toEqual(["b"]);
    expect((await index.getByIds(["a", "b"])).map((v) => [v.id, v.values])).toEqual([["b", [1, 0]]]);
  });

  it("another process sees a delayed write once it is due (the Worker writes, the site reads)", async () => {
    const writer = await delayedIndex("shared");
    const reader = new LocalVectorIndex(db, writer.name); // no delay configured on the reading side
    const { mutationId } = await writer.upsert([{ id: "x", values: [0, 1] }]);
    expect(ids(await reader.query([0, 1]))).toEqual([]);
    await sleep(DELAY + 20);
    expect(ids(await reader.query([0, 1]))).toEqual(["x"]);
    expect(String((await reader.describe()).processedUpToMutation)).toBe(mutationId);
  });

  it("a bad write is refused at once, as the service refuses it, and stages nothing", async () => {
    const index = await delayedIndex("refuse");
    await expect(index.upsert([{ id: "a", values: [1, 0, 0] }])).rejects.toThrow("(code = 40012)");
    await sleep(DELAY + 20);
    expect((await index.describe()).vectorCount).toBe(0);
  });

  it("vectorIndexFor takes the delay from VECTORIZE_LOCAL_DELAY_MS (default 0: at once)", async () => {
    const prefix = uniqueName("env");
    const delayed = vectorIndexFor({ DB: db, VECTOR_INDEX_PREFIX: prefix, VECTORIZE_LOCAL_DELAY_MS: String(DELAY) }, { id: "m", dimensions: 2 });
    const { mutationId } = await delayed.upsert([{ id: "a", values: [1, 0] }]);
    expect((await delayed.describe()).vectorCount).toBe(0);
    await waitForMutation(delayed, mutationId);
    const immediate = vectorIndexFor({ DB: db, VECTOR_INDEX_PREFIX: prefix }, { id: "m", dimensions: 2 });
    const now = await immediate.upsert([{ id: "b", values: [0, 1] }]);
    expect(String((await immediate.describe()).processedUpToMutation)).toBe(now.mutationId);
  });
});
