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
import * as schema from "../db/schema";
import type { Env } from "../env";
import { HttpError } from "../http/errors";
import { jsonBody, params } from "../http/validate";
import { vectorIndexFor } from "../vectorize";

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

/** How much of the available collection a model covers: vectors, neighbours, map points, palettes, clusters. */
pipelineRoutes.get("/coverage", async (c) => {
  const { model } = params(c.req.query(), z.object({ model: modelId }));
  const row = await c.env.DB.prepare(
    `SELECT
       (SELECT count(*) FROM artworks WHERE available = 1) AS available,
       (SELECT count(*) FROM embeddings e JOIN artworks a ON a.id = e.artwork_id WHERE a.available = 1 AND e.model_id = ?1 AND e.status = 'pushed') AS vectors,
       (SELECT count(DISTINCT n.artwork_id) FROM neighbours n JOIN artworks a ON a.id = n.artwork_id WHERE a.available = 1 AND n.model_id = ?1) AS neighbours,
       (SELECT count(*) FROM map_points m JOIN artworks a ON a.id = m.artwork_id WHERE a.available = 1 AND m.model_id = ?1) AS mapPoints,
       (SELECT count(*) FROM artworks WHERE available = 1 AND palette IS NOT NULL) AS palettes,
       (SELECT count(*) FROM clusters WHERE model_id = ?1) AS clusters`,
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
  const vectors: VectorizeVector[] = input.vectors.map((v) => {
    const w = works.get(v.artworkId)!;
    const metadata: Record<string, string | number | boolean> = { available: w.available };
    if (w.minPriceMinor !== null) metadata.priceMinor = w.minPriceMinor;
    if (w.currency) metadata.currency = w.currency;
    if (w.orientation) metadata.orientation = w.orientation;
    if (w.sizeClass) metadata.sizeClass = w.sizeClass;
    if (w.dominantColour) metadata.colour = w.dominantColour;
    return { id: String(v.artworkId), values: v.values, metadata };
  });
  const index = vectorIndexFor(c.env, { id: model.id, dimensions: model.dimensions });
  const mutation = await index.upsert(vectors);
  const now = Date.now();
  const rows = input.vectors.map((v) => ({ artworkId: v.artworkId, modelId: model.id, imageHash: v.imageHash, status: "pushed" as const, pushedAt: now, updatedAt: now, error: null }));
  for (let i = 0; i < rows.length; i += 12) {
    await db.insert(schema.embeddings).values(rows.slice(i, i + 12)).onConflictDoUpdate({
      target: [schema.embeddings.artworkId, schema.embeddings.modelId],
      set: { imageHash: sql`excluded.image_hash`, status: sql`excluded.status`, pushedAt: sql`excluded.pushed_at`, updatedAt: sql`excluded.updated_at`, error: null },
    });
  }
  return c.json({ upserted: vectors.length, mutationId: mutation.mutationId });
});

const neighboursInput = z.object({
  model: modelId,
  items: z.array(z.object({ artworkId, neighbours: z.array(z.object({ id: artworkId, score: z.number().finite() })).max(100) })).min(1).max(MAX_ITEMS),
});

pipelineRoutes.put("/neighbours", async (c) => {
  const input = await jsonBody(c, neighboursInput, 16 * 1024 * 1024);
  await requireModel(c.env, input.model);
  const statements: D1PreparedStatement[] = [];
  for (const item of input.items) {
    statements.push(c.env.DB.prepare("DELETE FROM neighbours WHERE model_id = ? AND artwork_id = ?").bind(input.model, item.artworkId));
    item.neighbours.forEach((n, rank) =>
      statements.push(c.env.DB.prepare("INSERT INTO neighbours (model_id, artwork_id, rank, neighbour_id, score) VALUES (?, ?, ?, ?, ?)").bind(input.model, item.artworkId, rank, n.id, n.score)),
    );
  }
  await runInBatches(c.env.DB, statements);
  return c.json({ artworks: input.items.length });
});

const mapInput = z.object({
  model: modelId,
  points: z.array(z.object({ artworkId, x: z.number().finite(), y: z.number().finite(), cluster: z.number().int().min(0).nullable().default(null) })).min(1).max(5000),
});

pipelineRoutes.put("/map", async (c) => {
  const input = await jsonBody(c, mapInput, 16 * 1024 * 1024);
  await requireModel(c.env, input.model);
  const statements = input.points.map((p) =>
    c.env.DB.prepare(
      `INSERT INTO map_points (model_id, artwork_id, x, y, cluster_id)
       VALUES (?1, ?2, ?3, ?4, (SELECT id FROM clusters WHERE model_id = ?1 AND ordinal = ?5))
       ON CONFLICT (model_id, artwork_id) DO UPDATE SET x = excluded.x, y = excluded.y, cluster_id = excluded.cluster_id`,
    ).bind(input.model, p.artworkId, p.x, p.y, p.cluster),
  );
  await runInBatches(c.env.DB, statements);
  return c.json({ points: input.points.length });
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
  for (const cluster of input.clusters) {
    statements.push(
      db.prepare("INSERT INTO clusters (model_id, ordinal, slug, name, size, x, y) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(input.model, cluster.ordinal, cluster.slug, cluster.name, cluster.size, cluster.x, cluster.y),
    );
    cluster.representatives.forEach((id, rank) =>
      statements.push(
        db.prepare("INSERT INTO cluster_representatives (cluster_id, rank, artwork_id) VALUES ((SELECT id FROM clusters WHERE model_id = ? AND ordinal = ?), ?, ?)")
          .bind(input.model, cluster.ordinal, rank, id),
      ),
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
  const statements = input.items.map((item) => {
    const dominant = [...item.palette].sort((a, b) => b.weight - a.weight)[0]!;
    return c.env.DB.prepare("UPDATE artworks SET palette = ?, dominant_colour = ? WHERE id = ?").bind(JSON.stringify(item.palette), dominant.name, item.artworkId);
  });
  await runInBatches(c.env.DB, statements);
  return c.json({ artworks: input.items.length });
});

/** D1 batches are transactions; keep each well under the per-invocation query budget. */
async function runInBatches(db: D1Database, statements: D1PreparedStatement[], size = 200): Promise<void> {
  for (let i = 0; i < statements.length; i += size) await db.batch(statements.slice(i, i + size));
}
