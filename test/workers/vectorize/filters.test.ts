import { beforeAll, describe, expect, it } from "vitest";
import { LocalVectorIndex } from "../../../workers/vectorize";
import { db, freshIndex, rejection, uniqueName } from "./helpers";

const LONG_A = `${"x".repeat(60)}é-tail-one`; // first 64 bytes: 60 x's + "é" (2 bytes) + "-t"
const LONG_B = `${"x".repeat(60)}é-tail-two`;

const artworks: VectorizeVector[] = [
  { id: "w1", values: [1, 0], metadata: { colour: "blue", priceMinor: 5000, available: true, size: { w: 30 }, artist: "Ann" } },
  { id: "w2", values: [0.9, 0.1], metadata: { colour: "black", priceMinor: 12000, available: false, size: { w: 60 }, artist: "Bo" } },
  { id: "w3", values: [0.8, 0.2], metadata: { colour: "red", priceMinor: 8000, available: true, size: { w: 90 } } },
  { id: "w4", values: [0.7, 0.3], metadata: { colour: "blue", priceMinor: "8000", available: "yes" } },
  { id: "w5", values: [0.6, 0.4], metadata: { priceMinor: 20000 } },
  { id: "w6", values: [0.5, 0.5], metadata: { colour: LONG_A } },
  { id: "w7", values: [0.4, 0.6] },
];

let index: LocalVectorIndex;

beforeAll(async () => {
  index = await freshIndex("filters", {
    dimensions: 2,
    metric: "cosine",
    metadataIndexes: [
      { propertyName: "colour", type: "string" },
      { propertyName: "priceMinor", type: "number" },
      { propertyName: "available", type: "boolean" },
      { propertyName: "size.w", type: "number" },
    ],
  });
  await index.upsert(artworks);
});

/** Ids matching a filter, in ranking order (w1 is closest to the query). */
async function matching(filter: VectorizeVectorMetadataFilter): Promise<string[]> {
  const result = await index.query([1, 0], { topK: 100, filter });
  return result.matches.map((m) => m.id);
}

describe("equality", () => {
  it("a bare value is an implicit $eq, per type", async () => {
    expect(await matching({ colour: "blue" })).toEqual(["w1", "w4"]);
    expect(await matching({ priceMinor: 8000 })).toEqual(["w3"]); // w4 holds the string "8000"
    expect(await matching({ available: true })).toEqual(["w1", "w3"]); // w4 holds "yes"
  });

  it("$eq and $ne; a vector without the value passes $ne", async () => {
    expect(await matching({ colour: { $eq: "red" } })).toEqual(["w3"]);
    expect(await matching({ colour: { $ne: "blue" } })).toEqual(["w2", "w3", "w5", "w6", "w7"]);
    expect(await matching({ available: { $ne: true } })).toEqual(["w2", "w4", "w5", "w6", "w7"]);
  });

  it("a value of another type than the index never equals", async () => {
    expect(await matching({ priceMinor: "8000" })).toEqual([]);
    expect(await matching({ colour: 1 })).toEqual([]);
  });

  it("null stands for 'no indexed value'", async () => {
    expect(await matching({ colour: null })).toEqual(["w5", "w7"]);
    expect(await matching({ colour: { $ne: null } })).toEqual(["w1", "w2", "w3", "w4", "w6"]);
  });
});

describe("$in and $nin", () => {
  it("match any / none of a list", async () => {
    expect(await matching({ colour: { $in: ["red", "black"] } })).toEqual(["w2", "w3"]);
    expect(await matching({ colour: { $nin: ["red", "black"] } })).toEqual(["w1", "w4", "w5", "w6", "w7"]);
    expect(await matching({ priceMinor: { $in: [5000, 20000] } })).toEqual(["w1", "w5"]);
    // The docs allow null in $in lists; workers-types does not, hence the cast.
    expect(await matching({ colour: { $in: ["red", null] } } as unknown as VectorizeVectorMetadataFilter)).toEqual([
      "w3",
      "w5",
      "w7",
    ]);
  });
});

describe("ranges", () => {
  it("$lt $lte $gt $gte on numbers", async () => {
    expect(await matching({ priceMinor: { $lt: 8000 } })).toEqual(["w1"]);
    expect(await matching({ priceMinor: { $lte: 8000 } })).toEqual(["w1", "w3"]);
    expect(await matching({ priceMinor: { $gt: 8000 } })).toEqual(["w2", "w5"]);
    expect(await matching({ priceMinor: { $gte: 8000 } })).toEqual(["w2", "w3", "w5"]);
  });

  it("a lower bound combines with an upper bound", async () => {
    expect(await matching({ priceMinor: { $gte: 5000, $lt: 12000 } })).toEqual(["w1", "w3"]);
  });

  it("strings order lexicographically, which gives prefix search", async () => {
    expect(await matching({ colour: { $gte: "bl", $lt: "bm" } })).toEqual(["w1", "w2", "w4"]);
    expect(await matching({ colour: { $gt: "blue" } })).toEqual(["w3", "w6"]);
  });
});

describe("keys", () => {
  it("several keys are ANDed", async () => {
    expect(await matching({ colour: "blue", available: true })).toEqual(["w1"]);
    expect(await matching({ available: true, priceMinor: { $gt: 6000 } })).toEqual(["w3"]);
  });

  it("a dotted key filters a nested property", async () => {
    expect(await matching({ "size.w": { $gte: 60 } })).toEqual(["w2", "w3"]);
  });

  it("a property without a metadata index matches nothing", async () => {
    expect(await matching({ artist: "Ann" })).toEqual([]);
    expect(await matching({ artist: { $ne: "Ann" } })).toEqual([]);
  });

  it("filters and namespaces combine, namespace first", async () => {
    const ns = await freshIndex("filter-ns", {
      dimensions: 2,
      metric: "cosine",
      metadataIndexes: [{ propertyName: "colour", type: "string" }],
    });
    await ns.upsert([
      { id: "in-ns", values: [1, 0], namespace: "shop-a", metadata: { colour: "blue" } },
      { id: "other-ns", values: [1, 0], namespace: "shop-b", metadata: { colour: "blue" } },
      { id: "in-ns-red", values: [1, 0], namespace: "shop-a", metadata: { colour: "red" } },
    ]);
    const result = await ns.query([1, 0], { namespace: "shop-a", filter: { colour: "blue" } });
    expect(result.matches.map((m) => m.id)).toEqual(["in-ns"]);
  });
});

describe("indexed strings keep their first 64 bytes", () => {
  it("filters compare the truncated value", async () => {
    expect(await matching({ colour: LONG_A })).toEqual(["w6"]);
    // Differs only after byte 64, so it is the same indexed value.
    expect(await matching({ colour: LONG_B })).toEqual(["w6"]);
  });
});

describe("metadata indexes cover only vectors written after they exist", () => {
  it("a vector must be re-upserted to become filterable on a new index", async () => {
    const name = uniqueName("late-index");
    const late = await LocalVectorIndex.create(db, name, { dimensions: 2, metric: "cosine" });
    await late.upsert([
      { id: "old", values: [1, 0], metadata: { colour: "blue" } },
      { id: "again", values: [1, 0], metadata: { colour: "blue" } },
    ]);
    await LocalVectorIndex.create(db, name, {
      dimensions: 2,
      metric: "cosine",
      metadataIndexes: [{ propertyName: "colour", type: "string" }],
    });
    await late.upsert([{ id: "again", values: [1, 0], metadata: { colour: "blue" } }]);
    await late.insert([{ id: "new", values: [1, 0], metadata: { colour: "blue" } }]);
    const result = await late.query([1, 0], { filter: { colour: "blue" }, returnMetadata: "indexed" });
    expect(result.matches.map((m) => m.id)).toEqual(["again", "new"]);
    const all = await late.query([1, 0], { returnMetadata: "indexed" });
    expect(Object.fromEntries(all.matches.map((m) => [m.id, m.metadata]))).toEqual({
      again: { colour: "blue" },
      new: { colour: "blue" },
      old: {},
    });
  });
});

describe("invalid filters are refused", () => {
  const cases: [string, unknown, RegExp][] = [
    ["an empty object", {}, /non-empty/],
    ["an unknown operator", { colour: { $regex: "b" } }, /unknown operator "\$regex"/],
    ["two equality operators", { colour: { $eq: "a", $ne: "b" } }, /one operator/],
    ["two lower bounds", { priceMinor: { $gt: 1, $gte: 2 } }, /one operator/],
    ["$in without an array", { colour: { $in: "blue" } }, /\$in on "colour" takes an array/],
    ["a range on a boolean", { available: { $gt: true } }, /takes a string or a number/],
    ["an array as a bare value", { colour: ["blue"] }, /must be a string, number, boolean, null or an operator object/],
    ["a key starting with $", { $and: [] }, /starts with "\$"/],
    ["a key with a double quote", { 'a"b': 1 }, /contains '"'/],
    ["an empty key", { "": 1 }, /cannot be empty/],
    ["an empty path segment", { "size..w": 1 }, /empty path segment/],
    ["JSON of 2 KiB or more", { colour: { $in: Array.from({ length: 400 }, (_, i) => `c${i}`) } }, /under 2048 bytes/],
  ];
  for (const [label, filter, message] of cases) {
    it(label, async () => {
      const error = await rejection(index.query([1, 0], { filter: filter as VectorizeVectorMetadataFilter }));
      expect(error).toMatch(/^VECTOR_QUERY_ERROR: invalid filter: /);
      expect(error).toMatch(message);
    });
  }
});
