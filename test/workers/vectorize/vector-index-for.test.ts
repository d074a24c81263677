import { describe, expect, it } from "vitest";
import {
  ARTWORK_METADATA_INDEXES,
  LocalVectorIndex,
  MissingVectorBindingError,
  vectorBindingName,
  vectorIndexFor,
  vectorIndexName,
} from "../../../workers/vectorize";
import { db, rejection, uniqueName } from "./helpers";

describe("vectorIndexFor", () => {
  it("returns the model's own binding, VECTORIZE_<MODEL ID>, untouched", () => {
    const colour = { query: () => Promise.resolve({ matches: [], count: 0 }) } as unknown as Vectorize;
    const clip = { query: () => Promise.resolve({ matches: [], count: 0 }) } as unknown as Vectorize;
    const env = { DB: db, VECTOR_INDEX_BACKEND: "vectorize", VECTORIZE_BUILTIN_COLOUR_V1: colour, VECTORIZE_CLIP_VIT_B32: clip };
    expect(vectorBindingName({ id: "builtin-colour-v1" })).toBe("VECTORIZE_BUILTIN_COLOUR_V1");
    expect(vectorIndexFor(env, { id: "builtin-colour-v1", dimensions: 16 })).toBe(colour);
    expect(vectorIndexFor(env, { id: "clip-vit-b32", dimensions: 512 })).toBe(clip);
  });

  it("in production, a model without its binding is one clear error, never another model's index", () => {
    const colour = { query: () => Promise.resolve({ matches: [], count: 0 }) } as unknown as Vectorize;
    const env = { DB: db, VECTOR_INDEX_BACKEND: "vectorize", VECTORIZE_BUILTIN_COLOUR_V1: colour };
    expect(() => vectorIndexFor(env, { id: "clip-vit-b32", dimensions: 512 })).toThrow(
      "No Vectorize binding VECTORIZE_CLIP_VIT_B32 for model clip-vit-b32: run npm run provision to create index artworks-clip-vit-b32 and bind it.",
    );
    expect(() => vectorIndexFor(env, { id: "clip-vit-b32", dimensions: 512 })).toThrow(MissingVectorBindingError);
  });

  it("otherwise returns the D1 stand-in named `${prefix}-${model.id}`", () => {
    const index = vectorIndexFor({ DB: db, VECTOR_INDEX_PREFIX: "art" }, { id: "clip-vit-b32", dimensions: 512 });
    expect(index).toBeInstanceOf(LocalVectorIndex);
    expect((index as LocalVectorIndex).name).toBe("art-clip-vit-b32");
    expect(vectorIndexName({}, { id: "m" })).toBe("artworks-m");
  });

  it("creates the index on first use, with the app's metadata indexes", async () => {
    const prefix = uniqueName("app");
    const env = { DB: db, VECTOR_INDEX_PREFIX: prefix };
    const model = { id: "builtin-colour-v1", dimensions: 4 };
    const index = vectorIndexFor(env, model);
    await index.upsert([
      {
        id: "art-1",
        values: [1, 0, 0, 0],
        metadata: { available: true, priceMinor: 4500, orientation: "portrait", sizeClass: "m", colour: "blue", currency: "EUR" },
      },
      {
        id: "art-2",
        values: [0.9, 0.1, 0, 0],
        metadata: { available: false, priceMinor: 9000, orientation: "landscape", sizeClass: "l", colour: "red", currency: "EUR" },
      },
    ]);
    const affordable = await index.query([1, 0, 0, 0], {
      filter: { available: true, priceMinor: { $lte: 8000 }, orientation: "portrait", sizeClass: "m", colour: "blue", currency: "EUR" },
      returnMetadata: "indexed",
    });
    expect(affordable.matches.map((m) => m.id)).toEqual(["art-1"]);
    expect(Object.keys(affordable.matches[0]?.metadata ?? {}).sort()).toEqual(
      ARTWORK_METADATA_INDEXES.map((i) => i.propertyName).sort(),
    );
    expect(await index.describe()).toMatchObject({ vectorCount: 2, dimensions: 4 });
    // A later instance (next request) finds the same index.
    expect((await vectorIndexFor(env, model).describe()).vectorCount).toBe(2);
  });

  it("keeps each model's vectors in its own index", async () => {
    const env = { DB: db, VECTOR_INDEX_PREFIX: uniqueName("models") };
    const small = vectorIndexFor(env, { id: "small", dimensions: 2 });
    const large = vectorIndexFor(env, { id: "large", dimensions: 3 });
    await small.upsert([{ id: "a", values: [1, 0] }]);
    await large.upsert([{ id: "a", values: [1, 0, 0] }, { id: "b", values: [0, 1, 0] }]);
    expect((await small.describe()).vectorCount).toBe(1);
    expect((await large.describe()).vectorCount).toBe(2);
  });

  it("refuses to reuse a model id with other dimensions", async () => {
    const env = { DB: db, VECTOR_INDEX_PREFIX: uniqueName("redim") };
    await vectorIndexFor(env, { id: "m", dimensions: 2 }).upsert([{ id: "a", values: [1, 0] }]);
    expect(await rejection(vectorIndexFor(env, { id: "m", dimensions: 3 }).query([1, 0, 0]))).toContain(
      "already exists with dimensions=2",
    );
  });
});
