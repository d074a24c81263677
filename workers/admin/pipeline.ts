/**
 * The offline pipeline's side of the admin API: it pulls artworks and their
 * images, and pushes back what it computed (vectors into the vector index;
 * neighbours, map coordinates, clusters and palettes into D1). Every push is an
 * idempotent replace, so repeating one after a crash is safe.
 */
import { and, asc, eq, gt, inArray, or, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { z } from "zod";
import { sniffImage } from "../crawler/image-sniff";
import * as schema from "../db/schema";
import type { Env } from "../env";
import { HttpError } from "../http/errors";
import { jsonBody, params } from "../http/validate";
import { refreshMapTiles } from "./map-tiles";
import { MAX_QUERY_TEXT_LENGTH, normaliseQueryText } from "../lib/query-text";
import { readCapped } from "../lib/read-capped";
import { encodeVector } from "../lib/vector-codec";
import { jsonChunks } from "../lib/json-chunks";
import { artworkVectorMetadata, checkVectorIndex, vectorIndexFor } from "../vectorize";

export const pipelineRoutes = new Hono<{ Bindings: Env }>();

const modelId = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, "a model id is lower-case letters, digits, '.', '_' and '-'");
const artworkId = z.number().int().positive();
/** Vectorize takes at most 1,000 vectors a batch from a Worker. */
const MAX_VECTORS = 1000;
const MAX_ITEMS = 1000;

// ---------------------------------------------------------------- pull

const pullQuery = z.object({
  /** Cursor from the previous page: "<updatedAt>:<id>". */
  after: z.string().regex(/^\d+:\d+$/).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

pipelineRoutes.get("/artworks", async (c) => {
  const { after, limit } = params(c.req.query(), pullQuery);
  const db = drizzle(c.env.DB, { schema });
  const [afterAt, afterId] = after ? after.split(":").map(Number) : [0, 0];
  const a = schema.artworks;
  const rows = await db
    .select({
      id: a.id, slug: a.slug, title: a.title, artist: schema.artists.name, tags: a.tags, imageHash: a.imageHash,
      available: a.available, minPriceMinor: a.minPriceMinor, currency: a.currency, orientation: a.orientation, sizeClass: a.sizeClass,
      dominantColour: a.dominantColour, updatedAt: a.updatedAt,
    })
    .from(a)
    .leftJoin(schema.artists, eq(schema.artists.id, a.artistId))
    .where(or(gt(a.updatedAt, afterAt!), and(eq(a.updatedAt, afterAt!), gt(a.id, afterId!))))
    .orderBy(asc(a.updatedAt), asc(a.id))
    .limit(limit);
  const last = rows.at(-1);
  return c.json({ artworks: rows, next: rows.length === limit && last ? `${last.updatedAt}:${last.id}` : null });
});

pipelineRoutes.get("/images/:hash", async (c) => {
  const { hash } = params(c.req.param(), z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/, "an image id is 64 hex characters") }));
  const object = await c.env.IMAGES.get(`images/${hash}`);
  if (!object) throw new HttpError(404, "not_found", `No image ${hash}.`);
  return new Response(object.body, { headers: { "Content-Type": object.httpMetadata?.contentType ?? "application/octet-stream", ETag: `"${hash}"` } });
});

/**
 * How much of the available collection a model covers: vectors, neighbours, map points,
 * palettes, clusters, thumbnails (works whose image has both sizes), pre-encoded query texts.
 */
pipelineRoutes.get("/coverage", async (c) => {
  const { model } = params(c.req.query(), z.object({ model: modelId }));
  const row = await c.env.DB.prepare(
    `SELECT
       (SELECT count(*) FROM artworks WHERE available = 1) AS available,
       (SELECT count(*) FROM embeddings e JOIN artworks a ON a.id = e.artwork_id WHERE a.available = 1 AND e.model_id = ?1 AND e.status = 'pushed') AS vectors,
       (SELECT count(DISTINCT n.artwork_id) FROM neighbours n JOIN artworks a ON a.id = n.artwork_id WHERE a.available = 1 AND n.model_id = ?1) AS neighbours,
       (SELECT count(*) FROM map_points m JOIN artworks a ON a.id = m.artwork_id WHERE a.available = 1 AND m.model_id = ?1) AS mapPoints,
       (SELECT count(*) FROM artworks WHERE available = 1 AND palette IS NOT NULL) AS palettes,
       (SELECT count(*) FROM clusters WHERE model_id = ?1) AS clusters,
       (SELECT count(*) FROM artworks a JOIN images i ON i.hash = a.image_hash WHERE a.available = 1 AND i.thumbnail_key IS NOT NULL) AS thumbnails,
       (SELECT count(*) FROM query_vectors WHERE model_id = ?1) AS queryVectors`,
  ).bind(model).first();
  return c.json({ model, coverage: row });
});

// ---------------------------------------------------------------- push

pipelineRoutes.put("/models/:id", async (c) => {
  const { id } = params(c.req.param(), z.object({ id: modelId }));
  const input = await jsonBody(c, z.object({ dimensions: z.number().int().min(1).max(1536), description: z.string().max(2000).default("") }));
  const db = drizzle(c.env.DB, { schema });
  const existing = await db.query.models.findFirst({ where: eq(schema.models.id, id) });
  if (existing && existing.dimensions !== input.dimensions) {
    throw new HttpError(409, "dimension_mismatch", `Model ${id} is registered with ${existing.dimensions} dimensions, not ${input.dimensions}. A new model needs a new id.`);
  }
  await db.insert(schema.models).values({ id, ...input }).onConflictDoUpdate({ target: schema.models.id, set: { description: input.description } });
  return c.json({ model: { id, ...input } });
});

async function requireModel(env: Env, id: string) {
  const db = drizzle(env.DB, { schema });
  const model = await db.query.models.findFirst({ where: eq(schema.models.id, id) });
  if (!model) throw new HttpError(404, "unknown_model", `Model ${id} is not registered; PUT /admin/pipeline/models/${id} first.`);
  return model;
}

const vectorsInput = z.object({
  model: modelId,
  vectors: z.array(z.object({ artworkId, imageHash: z.string().regex(/^[0-9a-f]{64}$/), values: z.array(z.number().finite()) })).min(1).max(MAX_VECTORS),
});

pipelineRoutes.post("/vectors", async (c) => {
  const input = await jsonBody(c, vectorsInput, 16 * 1024 * 1024);
  const model = await requireModel(c.env, input.model);
  const wrong = input.vectors.find((v) => v.values.length !== model.dimensions);
  if (wrong) throw new HttpError(400, "dimension_mismatch", `Artwork ${wrong.artworkId}: ${wrong.values.length} values, model ${model.id} has ${model.dimensions}.`);
  const db = drizzle(c.env.DB, { schema });
  const ids = input.vectors.map((v) => v.artworkId);
  const works = new Map<number, typeof schema.artworks.$inferSelect>();
  for (let i = 0; i < ids.length; i += 90) {
    for (const w of await db.select().from(schema.artworks).where(inArray(schema.artworks.id, ids.slice(i, i + 90)))) works.set(w.id, w);
  }
  const missing = ids.filter((id) => !works.has(id));
  if (missing.length) throw new HttpError(404, "unknown_artwork", `No artworks ${missing.slice(0, 10).join(", ")}${missing.length > 10 ? "…" : ""}.`);
  // Filterable metadata comes from D1, the single source of truth, not from the client.
  const vectors: VectorizeVector[] = input.vectors.map((v) => ({
    id: String(v.artworkId),
    values: v.values,
    metadata: artworkVectorMetadata(works.get(v.artworkId)!),
  }));
  // The model's own index, checked before anything is written: a mismatch is refused, never mixed.
  const modelRef = { id: model.id, dimensions: model.dimensions };
  const check = await checkVectorIndex(c.env, modelRef);
  if (!check.ok) throw new HttpError(409, "vector_index_mismatch", check.line);
  const index = vectorIndexFor(c.env, modelRef);
  const mutation = await index.upsert(vectors);
  const now = Date.now();
  const rows = input.vectors.map((v) => ({ artworkId: v.artworkId, modelId: model.id, imageHash: v.imageHash, status: "pushed" as const, pushedAt: now, updatedAt: now, error: null }));
  for (let i = 0; i < rows.length; i += 12) {
    await db.insert(schema.embeddings).values(rows.slice(i, i + 12)).onConflictDoUpdate({
      target: [schema.embeddings.artworkId, schema.embeddings.modelId],
      set: { imageHash: sql`excluded.image_hash`, status: sql`excluded.status`, pushedAt: sql`excluded.pushed_at`, updatedAt: sql`excluded.updated_at`, error: null },
    });
  }
  return c.json({ upserted: vectors.length, mutationId: mutation.mutationId, index: check.index, ...(check.unchecked.length ? { unchecked: check.unchecked } : {}) });
});

/**
 * The model's vector index as the service reports it: vector count, dimensions and the last
 * mutation it has processed (writes are asynchronous: a pushed mutationId is queryable once
 * processedUpToMutation reaches it), with the same index check the push refuses on.
 */
pipelineRoutes.get("/vectors/status", async (c) => {
  const { model: id } = params(c.req.query(), z.object({ model: modelId }));
  const model = await requireModel(c.env, id);
  const modelRef = { id: model.id, dimensions: model.dimensions };
  const check = await checkVectorIndex(c.env, modelRef);
  const info = check.ok ? await vectorIndexFor(c.env, modelRef).describe() : null;
  return c.json({
    model: model.id,
    index: check.index,
    check: { ok: check.ok, line: check.line, unchecked: check.unchecked },
    vectorCount: info?.vectorCount ?? null,
    processedUpToMutation: info ? (info.processedUpToMutation as unknown as string | null) ?? null : null,
    processedUpToDatetime: info ? (info.processedUpToDatetime as unknown as string | null) ?? null : null,
  });
});

const neighboursInput = z.object({
  model: modelId,
  items: z.array(z.object({ artworkId, neighbours: z.array(z.object({ id: artworkId, score: z.number().finite() })).max(100) })).min(1).max(MAX_ITEMS),
});

pipelineRoutes.put("/neighbours", async (c) => {
  const input = await jsonBody(c, neighboursInput, 16 * 1024 * 1024);
  await requireModel(c.env, input.model);
  const db = c.env.DB;
  // Rows travel as JSON read by json_each: a full request (1,000 works x 100) is about 60
  // statements, not one per row (D1 allows 1,000 queries an invocation).
  const rows = input.items.flatMap((item) => item.neighbours.map((n, rank) => [item.artworkId, rank, n.id, n.score]));
  const statements = [
    ...jsonChunks(input.items.map((item) => item.artworkId), 5000).map((ids) =>
      db.prepare("DELETE FROM neighbours WHERE model_id = ?1 AND artwork_id IN (SELECT value FROM json_each(?2))").bind(input.model, JSON.stringify(ids)),
    ),
    ...jsonChunks(rows, 5000).map((chunk) =>
      db.prepare(
        `INSERT INTO neighbours (model_id, artwork_id, rank, neighbour_id, score)
         SELECT ?1, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]') FROM json_each(?2)`,
      ).bind(input.model, JSON.stringify(chunk)),
    ),
  ];
  // One batch is one transaction: a work's neighbours are never seen half replaced.
  await db.batch(statements);
  return c.json({ artworks: input.items.length });
});

const mapInput = z.object({
  model: modelId,
  points: z.array(z.object({ artworkId, x: z.number().finite(), y: z.number().finite(), cluster: z.number().int().min(0).nullable().default(null) })).min(1).max(5000),
});

pipelineRoutes.put("/map", async (c) => {
  const input = await jsonBody(c, mapInput, 16 * 1024 * 1024);
  await requireModel(c.env, input.model);
  // Points travel as JSON read by json_each: 5,000 points are a few statements (see /neighbours).
  const rows = input.points.map((p) => [p.artworkId, p.x, p.y, p.cluster]);
  await c.env.DB.batch(
    jsonChunks(rows, 5000).map((chunk) =>
      c.env.DB.prepare(
        `INSERT INTO map_points (model_id, artwork_id, x, y, cluster_id)
         SELECT ?1, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
                (SELECT id FROM clusters WHERE model_id = ?1 AND ordinal = json_extract(value, '$[3]'))
         FROM json_each(?2) WHERE true
         ON CONFLICT (model_id, artwork_id) DO UPDATE SET x = excluded.x, y = excluded.y, cluster_id = excluded.cluster_id`,
      ).bind(input.model, JSON.stringify(chunk)),
    ),
  );
  return c.json({ points: input.points.length });
});

/** After the last map batch: grid cells and per-cell counts for the tiled map (map-tiles.ts). */
pipelineRoutes.post("/map/tiles", async (c) => {
  const input = await jsonBody(c, z.object({ model: modelId }), 4 * 1024);
  await requireModel(c.env, input.model);
  const layout = await refreshMapTiles(c.env.DB, input.model);
  return c.json({ points: layout?.points ?? 0, aspect: layout?.aspect ?? 1 });
});

const clustersInput = z.object({
  model: modelId,
  clusters: z
    .array(z.object({
      ordinal: z.number().int().min(0),
      slug: z.string().regex(/^[a-z0-9-]{1,80}$/),
      name: z.string().min(1).max(120),
      size: z.number().int().min(0),
      x: z.number().finite().nullable().default(null),
      y: z.number().finite().nullable().default(null),
      representatives: z.array(artworkId).max(50),
    }))
    .min(1)
    .max(500),
});

/** Replaces the model's whole clustering: clusters are recomputed together, never one by one. */
pipelineRoutes.put("/clusters", async (c) => {
  const input = await jsonBody(c, clustersInput, 4 * 1024 * 1024);
  await requireModel(c.env, input.model);
  const db = c.env.DB;
  const statements: D1PreparedStatement[] = [
    db.prepare("UPDATE map_points SET cluster_id = NULL WHERE model_id = ?").bind(input.model),
    db.prepare("DELETE FROM cluster_representatives WHERE cluster_id IN (SELECT id FROM clusters WHERE model_id = ?)").bind(input.model),
    db.prepare("DELETE FROM clusters WHERE model_id = ?").bind(input.model),
  ];
  // Clusters and representatives travel as JSON read by json_each (500 x 50 at most: a few statements).
  const clusterRows = input.clusters.map((k) => [k.ordinal, k.slug, k.name, k.size, k.x, k.y]);
  for (const chunk of jsonChunks(clusterRows, 5000)) {
    statements.push(
      db.prepare(
        `INSERT INTO clusters (model_id, ordinal, slug, name, size, x, y)
         SELECT ?1, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), json_extract(value, '$[4]'), json_extract(value, '$[5]')
         FROM json_each(?2)`,
      ).bind(input.model, JSON.stringify(chunk)),
    );
  }
  const representativeRows = input.clusters.flatMap((k) => k.representatives.map((id, rank) => [k.ordinal, rank, id]));
  for (const chunk of jsonChunks(representativeRows, 5000)) {
    statements.push(
      db.prepare(
        `INSERT INTO cluster_representatives (cluster_id, rank, artwork_id)
         SELECT k.id, json_extract(j.value, '$[1]'), json_extract(j.value, '$[2]')
         FROM json_each(?2) AS j JOIN clusters AS k ON k.model_id = ?1 AND k.ordinal = json_extract(j.value, '$[0]')`,
      ).bind(input.model, JSON.stringify(chunk)),
    );
  }
  // One batch is one transaction in D1: readers never see a half-replaced clustering.
  await db.batch(statements);
  return c.json({ clusters: input.clusters.length });
});

const palettesInput = z.object({
  items: z
    .array(z.object({
      artworkId,
      palette: z.array(z.object({ hex: z.string().regex(/^#[0-9a-f]{6}$/i), name: z.string().min(1).max(40), weight: z.number().min(0).max(1) })).min(1).max(12),
    }))
    .min(1)
    .max(MAX_ITEMS),
});

pipelineRoutes.put("/palettes", async (c) => {
  const input = await jsonBody(c, palettesInput, 4 * 1024 * 1024);
  const rows = input.items.map((item) => {
    const dominant = [...item.palette].sort((a, b) => b.weight - a.weight)[0]!;
    return [item.artworkId, JSON.stringify(item.palette), dominant.name];
  });
  // One UPDATE per chunk of works, joined to the JSON rows (D1 allows 1,000 queries an invocation).
  await c.env.DB.batch(
    jsonChunks(rows, 1000).map((chunk) =>
      c.env.DB.prepare(
        `UPDATE artworks SET palette = json_extract(j.value, '$[1]'), dominant_colour = json_extract(j.value, '$[2]')
         FROM json_each(?1) AS j WHERE artworks.id = json_extract(j.value, '$[0]')`,
      ).bind(JSON.stringify(chunk)),
    ),
  );
  return c.json({ artworks: input.items.length });
});

// ---------------------------------------------------------------- query-vector cache

const MAX_QUERY_VECTORS = 1000;
const queryText = z
  .string()
  .transform(normaliseQueryText)
  .pipe(z.string().min(1, "a text is empty after normalising").max(MAX_QUERY_TEXT_LENGTH, `a text is at most ${MAX_QUERY_TEXT_LENGTH} characters`));

const queryVectorsInput = z.object({
  model: modelId,
  entries: z.array(z.object({ text: queryText, vector: z.array(z.number().finite()).min(1).max(1536) })).min(1).max(MAX_QUERY_VECTORS),
});

/**
 * Upserts pre-encoded query texts (normalised: lower-case, trimmed, single spaces) with
 * their vectors, stored L2-normalised as base64 Float32 little-endian (workers/lib/vector-codec.ts).
 * A text already cached gets the new vector and keeps its hit count.
 */
pipelineRoutes.put("/query-vectors", async (c) => {
  const input = await jsonBody(c, queryVectorsInput, 32 * 1024 * 1024);
  const model = await requireModel(c.env, input.model);
  const byText = new Map<string, string>();
  for (const [i, entry] of input.entries.entries()) {
    if (entry.vector.length !== model.dimensions) {
      throw new HttpError(400, "dimension_mismatch", `Entry ${i} ("${entry.text}"): ${entry.vector.length} values, model ${model.id} has ${model.dimensions}.`);
    }
    const norm = Math.hypot(...entry.vector);
    if (!(norm > 0) || !Number.isFinite(norm)) throw new HttpError(400, "zero_vector", `Entry ${i} ("${entry.text}") is a zero vector; it cannot be normalised.`);
    // Texts equal after normalising are one entry: the last one wins.
    byText.set(entry.text, encodeVector(entry.vector.map((v) => v / norm)));
  }
  // Entries travel as JSON read by json_each, 64 KB a statement (a CLIP vector is 2.7 KB of base64).
  await c.env.DB.batch(
    jsonChunks([...byText], 1000).map((chunk) =>
      c.env.DB.prepare(
        `INSERT INTO query_vectors (model_id, text, vector)
         SELECT ?1, json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?2) WHERE true
         ON CONFLICT (model_id, text) DO UPDATE SET vector = excluded.vector`,
      ).bind(model.id, JSON.stringify(chunk)),
    ),
  );
  return c.json({ model: model.id, upserted: byText.size });
});

const queryTextsQuery = z.object({
  model: modelId,
  /** The last text of the previous page. */
  after: z.string().max(MAX_QUERY_TEXT_LENGTH).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});

/** The texts already cached for a model, in text order (no vectors): what a resumed `phrases` step skips. */
pipelineRoutes.get("/query-vectors", async (c) => {
  const { model, after, limit } = params(c.req.query(), queryTextsQuery);
  const rows = await c.env.DB.prepare("SELECT text FROM query_vectors WHERE model_id = ? AND text > ? ORDER BY text LIMIT ?")
    .bind(model, after ?? "", limit)
    .all<{ text: string }>();
  const texts = rows.results.map((r) => r.text);
  return c.json({ model, texts, next: texts.length === limit ? texts.at(-1)! : null });
});

// ---------------------------------------------------------------- thumbnails

const THUMBNAIL_WIDTHS = [320, 640] as const;
const MAX_THUMBNAIL_BYTES = 2 * 1024 * 1024;
const imageHash = z.string().regex(/^[0-9a-f]{64}$/, "an image id is 64 hex characters");

/** R2 key of an image's WebP thumbnail; images.thumbnail_key holds the 320 one, the 640 one follows by convention. */
export function thumbnailKey(hash: string, width: 320 | 640): string {
  return `thumbs/${width}/${hash}.webp`;
}

/** Images of artworks that have no thumbnails yet, in hash order. */
pipelineRoutes.get("/thumbnails/missing", async (c) => {
  const { after, limit } = params(c.req.query(), z.object({ after: imageHash.optional(), limit: z.coerce.number().int().min(1).max(5000).default(1000) }));
  const rows = await c.env.DB.prepare(
    `SELECT i.hash FROM images i
     WHERE i.thumbnail_key IS NULL AND i.hash > ? AND EXISTS (SELECT 1 FROM artworks a WHERE a.image_hash = i.hash)
     ORDER BY i.hash LIMIT ?`,
  ).bind(after ?? "", limit).all<{ hash: string }>();
  const hashes = rows.results.map((r) => r.hash);
  return c.json({ hashes, next: hashes.length === limit ? hashes.at(-1)! : null });
});

/**
 * Stores one WebP thumbnail (raw body, at most 2 MiB, at most `width` px wide) in R2 under
 * thumbs/<width>/<hash>.webp. The 640 one must be stored first: the 320 one then sets
 * images.thumbnail_key, so a set key always means both sizes exist.
 */
pipelineRoutes.put("/thumbnails/:hash/:width", async (c) => {
  const { hash, width } = params(c.req.param(), z.object({
    hash: imageHash,
    width: z.enum(["320", "640"], { error: `a thumbnail is ${THUMBNAIL_WIDTHS.join(" or ")} px wide` }).transform((w) => (w === "320" ? 320 : 640)),
  }));
  const type = (c.req.header("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "image/webp") throw new HttpError(415, "unsupported_media_type", "Send the thumbnail's bytes as image/webp.");
  const bytes = await readCapped(c.req.raw.body, c.req.header("Content-Length") ?? null, MAX_THUMBNAIL_BYTES, () => new HttpError(413, "payload_too_large", `A thumbnail is at most ${MAX_THUMBNAIL_BYTES} bytes.`));
  const sniffed = sniffImage(bytes);
  if (!sniffed || sniffed.type !== "image/webp" || riffSize(bytes) + 8 !== bytes.byteLength) {
    throw new HttpError(422, "invalid_thumbnail", "The body is not a complete WebP image.");
  }
  if (sniffed.width > width) throw new HttpError(422, "invalid_thumbnail", `The thumbnail is ${sniffed.width} px wide; a ${width} thumbnail is at most ${width} px wide.`);
  const image = await c.env.DB.prepare("SELECT hash FROM images WHERE hash = ?").bind(hash).first();
  if (!image) throw new HttpError(404, "unknown_image", `No image ${hash}.`);
  if (width === 320 && !(await c.env.IMAGES.head(thumbnailKey(hash, 640)))) {
    throw new HttpError(409, "thumbnail_order", `Store the 640 px thumbnail of ${hash} first: thumbnail_key promises both sizes.`);
  }
  const key = thumbnailKey(hash, width);
  await c.env.IMAGES.put(key, bytes, { httpMetadata: { contentType: "image/webp", cacheControl: "public, max-age=31536000, immutable" } });
  if (width === 320) await c.env.DB.prepare("UPDATE images SET thumbnail_key = ? WHERE hash = ?").bind(key, hash).run();
  return c.json({ hash, width, key, bytes: bytes.byteLength, pixels: { width: sniffed.width, height: sniffed.height } });
});

function riffSize(b: Uint8Array): number {
  return (b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24)) >>> 0;
}

