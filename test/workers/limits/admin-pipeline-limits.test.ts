/**
 * The pipeline's heaviest pushes at their largest accepted request, each one
 * invocation of the Worker with a metered environment and a production-like
 * Vectorize binding (a counting fake: the local stand-in would put the index's
 * own writes into D1): within D1's 1,000 queries, 1,000 subrequests and 100
 * bound parameters a statement.
 */
import { createExecutionContext, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../../workers/index";
import { type Invocation, LIMITS, meterEnv, type Meter } from "./meter";

const WORKS = 1000;
/** Works in the catalogue: the map push takes up to 5,000 points. */
const CATALOGUE = 5000;
const MODEL = "limit-model";
/** For the query-vector cache: CLIP's 512 dimensions, the largest entries it stores. */
const CLIP_SHAPED = "limit-model-512";
const headers = { Authorization: "Bearer test-admin-token", "Content-Type": "application/json" };
const hash = (n: number) => n.toString(16).padStart(64, "0");

/** Enough of Vectorize for the push: describe for the index check, upsert for the write. */
function fakeVectorize(): VectorizeIndex {
  let mutation = 0;
  return {
    async query() {
      return { matches: [], count: 0 };
    },
    async describe() {
      return { dimensions: 4, vectorCount: 0, processedUpToMutation: String(mutation), processedUpToDatetime: null };
    },
    async upsert(vectors: VectorizeVector[]) {
      if (vectors.length > 1000) throw new Error("Vectorize takes at most 1,000 vectors a call from a Worker");
      return { mutationId: String(++mutation) };
    },
  } as unknown as VectorizeIndex;
}

async function invokeRoute(meter: Meter, method: string, path: string, body: unknown) {
  let status = 0;
  await meter.invoke(`${method} ${path}`, async (metered) => {
    const ctx = createExecutionContext();
    const res = await worker.fetch!(new Request(`http://worker${path}`, { method, headers, body: JSON.stringify(body) }) as Request<unknown, IncomingRequestCfProperties>, metered, ctx);
    await waitOnExecutionContext(ctx);
    status = res.status;
    if (status !== 200) throw new Error(`${method} ${path}: HTTP ${status} ${await res.text()}`);
  });
  return meter.invocations.at(-1)!;
}

describe("admin pipeline pushes at their largest request", () => {
  beforeAll(async () => {
    // 5,000 works by one recursive statement each (setup, not metered).
    await env.DB.batch([
      env.DB.prepare("INSERT INTO artists (id, slug, name) VALUES (1, 'ada', 'Ada Moss')"),
      env.DB.prepare(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${CATALOGUE})
        INSERT INTO images (hash, r2_key, content_type, width, height, bytes) SELECT printf('%064x', i), 'images/' || printf('%064x', i), 'image/png', 300, 400, 10 FROM n`),
      env.DB.prepare(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${CATALOGUE})
        INSERT INTO artworks (id, slug, title, artist_id, image_hash, min_price_minor, currency, orientation, size_class, updated_at)
        SELECT i, 'work-' || i, 'Work ' || i, 1, printf('%064x', i), i * 100, 'USD', 'portrait', 'medium', 1000 + i FROM n`),
    ]);
    for (const [id, dimensions] of [[MODEL, 4], [CLIP_SHAPED, 512]] as const) {
      const res = await SELF.fetch(`http://worker/admin/pipeline/models/${id}`, { method: "PUT", headers, body: JSON.stringify({ dimensions }) });
      expect(res.status).toBe(200);
    }
  });

  it("POST /admin/pipeline/vectors with 1,000 vectors", async () => {
    const meter = meterEnv();
    Object.assign(meter.env, { VECTOR_INDEX_BACKEND: "vectorize", VECTORIZE_LIMIT_MODEL: meter.counted(fakeVectorize()) });
    const vectors = Array.from({ length: WORKS }, (_, i) => ({ artworkId: i + 1, imageHash: hash(i + 1), values: [1, i, 0, 0] }));
    const used = await invokeRoute(meter, "POST", "/admin/pipeline/vectors", { model: MODEL, vectors });
    console.log(`POST /admin/pipeline/vectors (1,000 vectors): ${JSON.stringify(used)}`);
    const pushed = await env.DB.prepare("SELECT count(*) AS n FROM embeddings WHERE model_id = ? AND status = 'pushed'").bind(MODEL).first<{ n: number }>();
    expect(pushed?.n).toBe(WORKS);
    expect(used.d1Queries).toBeLessThanOrEqual(LIMITS.d1Queries);
    expect(used.subrequests).toBeLessThanOrEqual(LIMITS.subrequests);
    expect(used.maxBoundParameters).toBeLessThanOrEqual(LIMITS.boundParameters);
  });

  it("PUT /admin/pipeline/neighbours with 1,000 works x 100 neighbours", async () => {
    const meter = meterEnv();
    const items = Array.from({ length: WORKS }, (_, i) => ({
      artworkId: i + 1,
      neighbours: Array.from({ length: 100 }, (_, rank) => ({ id: ((i + rank + 1) % WORKS) + 1, score: 1 - rank / 128 })),
    }));
    const used = await invokeRoute(meter, "PUT", "/admin/pipeline/neighbours", { model: MODEL, items });
    // Twice: the second replaces, never adds.
    const again = await invokeRoute(meter, "PUT", "/admin/pipeline/neighbours", { model: MODEL, items });
    console.log(`PUT /admin/pipeline/neighbours (1,000 x 100): ${JSON.stringify(used)}`);
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM neighbours WHERE model_id = ?").bind(MODEL).first<{ n: number }>();
    expect(stored?.n).toBe(WORKS * 100);
    const sample = await env.DB.prepare("SELECT rank, neighbour_id, score FROM neighbours WHERE model_id = ? AND artwork_id = 7 ORDER BY rank LIMIT 3").bind(MODEL).all();
    expect(sample.results).toEqual([
      { rank: 0, neighbour_id: 8, score: 1 },
      { rank: 1, neighbour_id: 9, score: 1 - 1 / 128 },
      { rank: 2, neighbour_id: 10, score: 1 - 2 / 128 },
    ]);
    for (const u of [used, again]) {
      expect(u.d1Queries).toBeLessThanOrEqual(LIMITS.d1Queries);
      expect(u.subrequests).toBeLessThanOrEqual(LIMITS.subrequests);
      expect(u.maxBoundParameters).toBeLessThanOrEqual(LIMITS.boundParameters);
    }
  });

  const withinLimits = (label: string, used: Invocation) => {
    console.log(`${label}: ${JSON.stringify(used)}`);
    expect(used.d1Queries).toBeLessThanOrEqual(LIMITS.d1Queries);
    expect(used.subrequests).toBeLessThanOrEqual(LIMITS.subrequests);
    expect(used.maxBoundParameters).toBeLessThanOrEqual(LIMITS.boundParameters);
  };

  it("PUT /admin/pipeline/clusters with 500 clusters x 50 representatives, then the map with 5,000 points", async () => {
    const meter = meterEnv();
    const clusters = Array.from({ length: 500 }, (_, k) => ({
      ordinal: k, slug: `vibe-${k}`, name: `Vibe ${k}`, size: 10, x: k / 500, y: 1 - k / 500,
      representatives: Array.from({ length: 50 }, (_, r) => ((k * 50 + r) % CATALOGUE) + 1),
    }));
    withinLimits("PUT /admin/pipeline/clusters (500 x 50)", await invokeRoute(meter, "PUT", "/admin/pipeline/clusters", { model: MODEL, clusters }));
    const points = Array.from({ length: CATALOGUE }, (_, i) => ({ artworkId: i + 1, x: (i % 71) / 71, y: (i % 53) / 53, cluster: i % 500 }));
    withinLimits("PUT /admin/pipeline/map (5,000 points)", await invokeRoute(meter, "PUT", "/admin/pipeline/map", { model: MODEL, points }));
    const counts = await env.DB.prepare(
      `SELECT (SELECT count(*) FROM clusters WHERE model_id = ?1) AS clusters,
              (SELECT count(*) FROM cluster_representatives r JOIN clusters k ON k.id = r.cluster_id WHERE k.model_id = ?1) AS representatives,
              (SELECT count(*) FROM map_points WHERE model_id = ?1 AND cluster_id IS NOT NULL) AS points`,
    ).bind(MODEL).first();
    expect(counts).toEqual({ clusters: 500, representatives: 25_000, points: CATALOGUE });
    const point = await env.DB.prepare("SELECT m.x, m.y, k.ordinal FROM map_points m JOIN clusters k ON k.id = m.cluster_id WHERE m.model_id = ? AND m.artwork_id = 600").bind(MODEL).first();
    expect(point).toEqual({ x: (599 % 71) / 71, y: (599 % 53) / 53, ordinal: 99 });
  });

  it("PUT /admin/pipeline/palettes with 1,000 works", async () => {
    const meter = meterEnv();
    const items = Array.from({ length: WORKS }, (_, i) => ({ artworkId: i + 1, palette: [{ hex: "#1b2a6b", name: i % 2 ? "navy" : "gold", weight: 0.6 }, { hex: "#ffffff", name: "white", weight: 0.4 }] }));
    withinLimits("PUT /admin/pipeline/palettes (1,000)", await invokeRoute(meter, "PUT", "/admin/pipeline/palettes", { items }));
    const row = await env.DB.prepare("SELECT palette, dominant_colour FROM artworks WHERE id = 8").first<{ palette: string; dominant_colour: string }>();
    expect(row?.dominant_colour).toBe("navy");
    expect(JSON.parse(row!.palette)).toEqual(items[7]!.palette);
  });

  it("PUT /admin/pipeline/query-vectors with 1,000 texts of 512 dimensions", async () => {
    const meter = meterEnv();
    const entries = Array.from({ length: 1000 }, (_, i) => ({ text: `phrase ${i}`, vector: Array.from({ length: 512 }, (_, d) => (d === i % 512 ? 1 : 0.01)) }));
    withinLimits("PUT /admin/pipeline/query-vectors (1,000 x 512)", await invokeRoute(meter, "PUT", "/admin/pipeline/query-vectors", { model: CLIP_SHAPED, entries }));
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM query_vectors WHERE model_id = ?").bind(CLIP_SHAPED).first<{ n: number }>();
    expect(stored?.n).toBe(1000);
  });
});
