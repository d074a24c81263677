import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { vectorIndexFor } from "../../../workers/vectorize";

const headers = { Authorization: "Bearer test-admin-token", "Content-Type": "application/json" };
const call = async (method: string, path: string, body?: unknown) => {
  const res = await SELF.fetch(`http://worker/admin/pipeline${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};
const hash = (n: number) => n.toString(16).padStart(64, "0");

describe("the pipeline's admin API", () => {
  beforeAll(async () => {
    const db = env.DB;
    await db.batch([
      db.prepare("INSERT INTO artists (id, slug, name) VALUES (1, 'ada', 'Ada Moss')"),
      ...[1, 2, 3].map((i) => db.prepare("INSERT INTO images (hash, r2_key, content_type, width, height, bytes) VALUES (?, ?, 'image/png', 300, 400, 10)").bind(hash(i), `images/${hash(i)}`)),
      ...[1, 2, 3].map((i) =>
        db.prepare("INSERT INTO artworks (id, slug, title, artist_id, image_hash, min_price_minor, currency, orientation, size_class, updated_at) VALUES (?, ?, ?, 1, ?, ?, 'USD', 'portrait', 'medium', ?)")
          .bind(i, `work-${i}`, `Work ${i}`, hash(i), i * 1000, 1000 + i),
      ),
    ]);
    await env.IMAGES.put(`images/${hash(1)}`, new Uint8Array([1, 2, 3]), { httpMetadata: { contentType: "image/png" } });
  });

  it("pages through artworks with a stable cursor", async () => {
    const first = await call("GET", "/artworks?limit=2");
    expect(first.status).toBe(200);
    expect((first.json.artworks as { id: number }[]).map((a) => a.id)).toEqual([1, 2]);
    const second = await call("GET", `/artworks?limit=2&after=${first.json.next}`);
    expect((second.json.artworks as { id: number }[]).map((a) => a.id)).toEqual([3]);
    expect(second.json.next).toBeNull();
    expect((await call("GET", "/artworks?after=nonsense")).status).toBe(400);
  });

  it("serves stored images by hash", async () => {
    const res = await SELF.fetch(`http://worker/admin/pipeline/images/${hash(1)}`, { headers });
    expect(res.status).toBe(200);
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([1, 2, 3]);
    expect((await SELF.fetch(`http://worker/admin/pipeline/images/${hash(9)}`, { headers })).status).toBe(404);
  });

  it("registers a model once per dimension count", async () => {
    expect((await call("PUT", "/models/test-model", { dimensions: 4 })).status).toBe(200);
    expect((await call("PUT", "/models/test-model", { dimensions: 4, description: "again" })).status).toBe(200);
    const clash = await call("PUT", "/models/test-model", { dimensions: 8 });
    expect(clash.status).toBe(409);
    expect(clash.json.error).toBe("dimension_mismatch");
  });

  it("pushes palettes, then vectors with metadata taken from D1", async () => {
    const palettes = await call("PUT", "/palettes", { items: [1, 2, 3].map((artworkId) => ({ artworkId, palette: [{ hex: "#b01c2e", name: "crimson", weight: 0.7 }, { hex: "#ffffff", name: "white", weight: 0.3 }] })) });
    expect(palettes.status).toBe(200);
    const vectors = await call("POST", "/vectors", {
      model: "test-model",
      vectors: [1, 2, 3].map((artworkId) => ({ artworkId, imageHash: hash(artworkId), values: [artworkId, 1, 0, 0] })),
    });
    expect(vectors.status).toBe(200);
    expect(vectors.json.upserted).toBe(3);
    const index = vectorIndexFor(env, { id: "test-model", dimensions: 4 });
    const [stored] = await index.getByIds(["2"]);
    expect(stored?.metadata).toMatchObject({ available: true, priceMinor: 2000, currency: "USD", orientation: "portrait", sizeClass: "medium", colour: "crimson" });
    const cheap = await index.query([1, 1, 0, 0], { topK: 5, filter: { priceMinor: { $lte: 2000 } } });
    expect(cheap.matches.map((m) => m.id).sort()).toEqual(["1", "2"]);
    const status = await env.DB.prepare("SELECT count(*) AS n FROM embeddings WHERE model_id = 'test-model' AND status = 'pushed'").first<{ n: number }>();
    expect(status?.n).toBe(3);
    // Repeating a push is harmless.
    expect((await call("POST", "/vectors", { model: "test-model", vectors: [{ artworkId: 1, imageHash: hash(1), values: [1, 1, 0, 0] }] })).status).toBe(200);
  });

  it("refuses vectors of the wrong size, unknown models and unknown artworks", async () => {
    expect((await call("POST", "/vectors", { model: "test-model", vectors: [{ artworkId: 1, imageHash: hash(1), values: [1, 2] }] })).json.error).toBe("dimension_mismatch");
    expect((await call("POST", "/vectors", { model: "nope", vectors: [{ artworkId: 1, imageHash: hash(1), values: [1, 2, 3, 4] }] })).status).toBe(404);
    expect((await call("POST", "/vectors", { model: "test-model", vectors: [{ artworkId: 99, imageHash: hash(1), values: [1, 2, 3, 4] }] })).json.error).toBe("unknown_artwork");
    expect((await call("POST", "/vectors", { model: "test-model", vectors: [] })).status).toBe(400);
  });

  it("replaces neighbours, clusters and map points idempotently", async () => {
    const neighbours = { model: "test-model", items: [{ artworkId: 1, neighbours: [{ id: 2, score: 0.9 }, { id: 3, score: 0.5 }] }] };
    expect((await call("PUT", "/neighbours", neighbours)).status).toBe(200);
    expect((await call("PUT", "/neighbours", neighbours)).status).toBe(200);
    const rows = await env.DB.prepare("SELECT neighbour_id FROM neighbours WHERE model_id = 'test-model' AND artwork_id = 1 ORDER BY rank").all<{ neighbour_id: number }>();
    expect(rows.results.map((r) => r.neighbour_id)).toEqual([2, 3]);

    const clusters = { model: "test-model", clusters: [{ ordinal: 0, slug: "crimson-fields", name: "Crimson fields", size: 3, x: 0.5, y: 0.5, representatives: [1, 2] }] };
    expect((await call("PUT", "/clusters", clusters)).status).toBe(200);
    expect((await call("PUT", "/clusters", clusters)).status).toBe(200);
    expect((await call("PUT", "/map", { model: "test-model", points: [1, 2, 3].map((artworkId) => ({ artworkId, x: artworkId / 10, y: 0.5, cluster: 0 })) })).status).toBe(200);
    const points = await env.DB.prepare("SELECT m.artwork_id, c.slug FROM map_points m JOIN clusters c ON c.id = m.cluster_id WHERE m.model_id = 'test-model'").all<{ slug: string }>();
    expect(points.results).toHaveLength(3);
    const reps = await env.DB.prepare("SELECT count(*) AS n FROM cluster_representatives").first<{ n: number }>();
    expect(reps?.n).toBe(2);
  });

  it("needs the admin token", async () => {
    const res = await SELF.fetch("http://worker/admin/pipeline/artworks");
    expect(res.status).toBe(401);
  });
});
