import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { Hono } from "hono";
import { pipelineRoutes } from "../../../workers/admin/pipeline";
import type { Env } from "../../../workers/env";
import { withIndexChecks } from "../../../app/server/operator.server";
import { errorResponse } from "../../../workers/http/errors";
import { ARTWORK_METADATA_INDEXES, checkVectorIndex, LocalVectorIndex } from "../../../workers/vectorize";
import { db, uniqueName } from "./helpers";

const CLIP = { id: "clip-vit-b32", dimensions: 8 };
const COLOUR = { id: "builtin-colour-v1", dimensions: 4 };

/** A production-like environment: one binding per model, and never the stand-in. */
async function productionEnv(bindings: Record<string, LocalVectorIndex>) {
  return { DB: db, VECTOR_INDEX_PREFIX: "artworks", VECTOR_INDEX_BACKEND: "vectorize", ...bindings };
}

async function boundIndex(dimensions: number, metadataIndexes = ARTWORK_METADATA_INDEXES as readonly { propertyName: string; type: "string" | "number" | "boolean" }[], metric: VectorizeDistanceMetric = "cosine") {
  return LocalVectorIndex.create(db, uniqueName("bound"), { dimensions, metric, metadataIndexes });
}

describe("checkVectorIndex: the model's index matches the model, or one clear line says why not", () => {
  it("passes an index with the model's dimensions, cosine and every metadata index", async () => {
    const e = await productionEnv({ VECTORIZE_CLIP_VIT_B32: await boundIndex(8) });
    const check = await checkVectorIndex(e, CLIP);
    expect(check).toMatchObject({ ok: true, binding: "VECTORIZE_CLIP_VIT_B32", index: "artworks-clip-vit-b32", problems: [] });
    expect(check.line).toBe("Vector index artworks-clip-vit-b32 (binding VECTORIZE_CLIP_VIT_B32) matches model clip-vit-b32.");
  });

  it("names wrong dimensions, metric and missing or mistyped metadata indexes", async () => {
    const metadata = [{ propertyName: "available", type: "string" as const }, { propertyName: "priceMinor", type: "number" as const }];
    const e = await productionEnv({ VECTORIZE_CLIP_VIT_B32: await boundIndex(4, metadata, "euclidean") });
    const check = await checkVectorIndex(e, CLIP);
    expect(check.ok).toBe(false);
    expect(check.line).toBe(
      "Vector index artworks-clip-vit-b32 (binding VECTORIZE_CLIP_VIT_B32) does not match model clip-vit-b32: " +
        "dimensions 4, model needs 8; metric euclidean, model needs cosine; metadata index available is string, needs boolean; " +
        "no metadata index orientation (string); no metadata index sizeClass (string); no metadata index colour (string); no metadata index currency (string).",
    );
  });

  it("a model with no binding in production fails the check instead of using the stand-in", async () => {
    const e = await productionEnv({ VECTORIZE_BUILTIN_COLOUR_V1: await boundIndex(4) });
    const check = await checkVectorIndex(e, CLIP);
    expect(check.ok).toBe(false);
    expect(check.line).toContain("No Vectorize binding VECTORIZE_CLIP_VIT_B32 for model clip-vit-b32");
  });

  it("a real binding: dimensions from describe(), metric and metadata indexes from the Cloudflare API", async () => {
    const real = { describe: async () => ({ dimensions: 8, vectorCount: 0 }), query: async () => ({ matches: [], count: 0 }) } as unknown as Vectorize;
    const base = { DB: db, VECTOR_INDEX_BACKEND: "vectorize", VECTORIZE_CLIP_VIT_B32: real };
    const unchecked = await checkVectorIndex(base, CLIP);
    expect(unchecked.ok).toBe(true);
    expect(unchecked.unchecked).toEqual(["metric and metadata indexes (no VECTORIZE_API_TOKEN / CLOUDFLARE_ACCOUNT_ID)"]);
    const seen: string[] = [];
    const api = async (url: string) => {
      seen.push(url);
      const result = url.endsWith("/metadata_index/list")
        ? { metadataIndexes: ARTWORK_METADATA_INDEXES.filter((m) => m.propertyName !== "colour").map((m) => ({ propertyName: m.propertyName, indexType: m.type })) }
        : { name: "artworks-clip-vit-b32", config: { dimensions: 8, metric: "cosine" } };
      return Response.json({ success: true, errors: [], messages: [], result });
    };
    const checked = await checkVectorIndex({ ...base, VECTORIZE_API_TOKEN: "t", CLOUDFLARE_ACCOUNT_ID: "acc" }, CLIP, api);
    expect(seen).toEqual([
      "https://api.cloudflare.com/client/v4/accounts/acc/vectorize/v2/indexes/artworks-clip-vit-b32",
      "https://api.cloudflare.com/client/v4/accounts/acc/vectorize/v2/indexes/artworks-clip-vit-b32/metadata_index/list",
    ]);
    expect(checked.problems).toEqual(["no metadata index colour (string)"]);
  });
});

describe("POST /admin/pipeline/vectors with production-like bindings", () => {
  const hash = (n: number) => n.toString(16).padStart(64, "f");
  // The pipeline's routes with the Worker's error handler, called with a chosen environment.
  const app = new Hono<{ Bindings: Env }>().route("/", pipelineRoutes).onError(errorResponse);
  const push = (e: object, model: { id: string; dimensions: number }) =>
    app.request("/vectors", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ model: model.id, vectors: [{ artworkId: 901, imageHash: hash(901), values: Array.from({ length: model.dimensions }, (_, i) => (i === 0 ? 1 : 0)) }] }),
    }, { ...(env as unknown as Env), ...e });

  it("writes each model's vectors into its own index and refuses a mismatched one with one line", async () => {
    await db.batch([
      db.prepare("INSERT OR IGNORE INTO artists (id, slug, name) VALUES (901, 'idx-check', 'Index Check')"),
      db.prepare("INSERT OR IGNORE INTO images (hash, r2_key, content_type, width, height, bytes) VALUES (?1, ?2, 'image/png', 10, 10, 1)").bind(hash(901), `images/${hash(901)}`),
      db.prepare("INSERT OR IGNORE INTO artworks (id, slug, title, artist_id, image_hash, min_price_minor, currency, updated_at) VALUES (901, 'idx-check', 'Check', 901, ?1, 500, 'USD', 1)").bind(hash(901)),
      db.prepare("INSERT OR IGNORE INTO models (id, dimensions, description) VALUES (?1, ?2, '')").bind(CLIP.id, CLIP.dimensions),
      db.prepare("INSERT OR IGNORE INTO models (id, dimensions, description) VALUES (?1, ?2, '')").bind(COLOUR.id, COLOUR.dimensions),
    ]);
    const colour = await boundIndex(4);
    const clip = await boundIndex(8);
    const e = await productionEnv({ VECTORIZE_BUILTIN_COLOUR_V1: colour, VECTORIZE_CLIP_VIT_B32: clip });
    expect((await push(e, COLOUR)).status).toBe(200);
    expect((await push(e, CLIP)).status).toBe(200);
    expect((await colour.describe()).vectorCount).toBe(1);
    expect((await clip.describe()).vectorCount).toBe(1);
    expect((await clip.getByIds(["901"]))[0]?.values).toHaveLength(8);

    const wrong = await boundIndex(4);
    const refused = await push(await productionEnv({ VECTORIZE_CLIP_VIT_B32: wrong }), CLIP);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      error: "vector_index_mismatch",
      message: expect.stringMatching(/^Vector index artworks-clip-vit-b32 \(binding VECTORIZE_CLIP_VIT_B32\) does not match model clip-vit-b32: dimensions 4, model needs 8\.$/),
    });
    expect((await wrong.describe()).vectorCount).toBe(0);
  });
});

describe("/operator's index check", () => {
  it("shows each model's check line beside its coverage, the same line the push refuses with", async () => {
    const e = await productionEnv({ VECTORIZE_CLIP_VIT_B32: await boundIndex(4) });
    const figure = { count: 0, percent: 0 };
    const coverage = (model: string, dimensions: number) => ({
      model, dimensions, available: 0, vectors: figure, neighbours: figure, mapPoints: figure, palettes: figure, thumbnails: figure, clusters: 0, queryVectors: 0,
    });
    const overview = await withIndexChecks(e, {
      available: 0, sources: [], runs: [], deadLetters: { total: 0, byKind: [] },
      coverage: [coverage(CLIP.id, CLIP.dimensions), coverage(COLOUR.id, COLOUR.dimensions)],
    });
    expect(overview.coverage.map((c) => c.index)).toEqual([
      { ok: false, line: (await checkVectorIndex(e, CLIP)).line },
      { ok: false, line: expect.stringContaining("No Vectorize binding VECTORIZE_BUILTIN_COLOUR_V1") },
    ]);
    expect(overview.coverage[0]!.index!.line).toContain("dimensions 4, model needs 8");
  });
});

describe("GET /admin/pipeline/vectors/status", () => {
  it("reports the last processed mutation once a delayed write is applied, and the index check", async () => {
    const app = new Hono<{ Bindings: Env }>().route("/", pipelineRoutes).onError(errorResponse);
    const e = { ...(env as unknown as Env), VECTOR_INDEX_PREFIX: uniqueName("status"), VECTORIZE_LOCAL_DELAY_MS: "100" };
    await db.prepare("INSERT OR IGNORE INTO models (id, dimensions, description) VALUES (?1, ?2, '')").bind(COLOUR.id, COLOUR.dimensions).run();
    const index = (await import("../../../workers/vectorize")).vectorIndexFor(e, COLOUR);
    const { mutationId } = await index.upsert([{ id: "1", values: [1, 0, 0, 0], metadata: { available: true } }]);
    const status = async () => (await (await app.request(`/vectors/status?model=${COLOUR.id}`, {}, e)).json()) as Record<string, unknown>;
    const before = await status();
    expect(before).toMatchObject({ model: COLOUR.id, vectorCount: 0, check: { ok: true } });
    expect(before.processedUpToMutation).not.toBe(mutationId);
    await new Promise((resolve) => setTimeout(resolve, 130));
    expect(await status()).toMatchObject({ vectorCount: 1, processedUpToMutation: mutationId });
    expect((await app.request("/vectors/status?model=Nope", {}, e)).status).toBe(400);
  });
});
