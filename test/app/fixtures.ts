/**
 * A small, fully understood catalogue for the site's tests: 48 works in four
 * colour families (12 each), three artists, one shop, a 16-d test model with
 * vectors in the local vector index, exact neighbours, four clusters, map
 * points and pre-encoded colour words. Everything the pipeline would push.
 */
import { env } from "cloudflare:test";
import { encodeVector } from "../../workers/lib/vector-codec";

export { encodeVector };
import { vectorIndexFor } from "../../workers/vectorize";
import { forgetActiveModel } from "../../app/server/models.server";

export const FAMILIES = ["red", "blue", "green", "yellow"] as const;
export type Family = (typeof FAMILIES)[number];
export const MODEL = { id: "test-model", dimensions: 16 };
export const ARTISTS = ["Ada Brush", "Ben Canvas", "Cy Ochre"] as const;
export const SHOP = { slug: "test-shop", name: "Test Shop", baseUrl: "https://shop.test/" };

export interface FixtureWork {
  id: number;
  slug: string;
  title: string;
  family: Family;
  artist: string;
  priceMinor: number;
  orientation: "portrait" | "landscape" | "square";
  imageHash: string;
  offerId: number;
  vector: number[];
}

function hashFor(i: number): string {
  return i.toString(16).padStart(8, "0").repeat(8);
}

/** Deterministic: family basis vector plus a small per-work wobble. */
function vectorFor(familyIndex: number, i: number): number[] {
  const v = Array.from({ length: MODEL.dimensions }, (_, d) => (d === familyIndex ? 1 : 0) + 0.05 * Math.sin(i * 7.1 + d * 1.3));
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

export function basisVector(familyIndex: number): number[] {
  return Array.from({ length: MODEL.dimensions }, (_, d) => (d === familyIndex ? 1 : 0));
}

function cosine(a: number[], b: number[]): number {
  return a.reduce((s, x, i) => s + x * b[i]!, 0);
}

export const WORKS: FixtureWork[] = FAMILIES.flatMap((family, f) =>
  Array.from({ length: 12 }, (_, k) => {
    const i = f * 12 + k + 1;
    const title = `${family[0]!.toUpperCase()}${family.slice(1)} study ${k + 1}`;
    return {
      id: i,
      slug: `${family}-study-${k + 1}`,
      title,
      family,
      artist: ARTISTS[i % 3]!,
      priceMinor: 3000 + k * 1000,
      orientation: (["portrait", "landscape", "square"] as const)[k % 3]!,
      imageHash: hashFor(i),
      offerId: i,
      vector: vectorFor(f, i),
    };
  }),
);

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-");

export async function seedCatalogue(): Promise<void> {
  forgetActiveModel();
  const db = env.DB;
  const already = await db.prepare("SELECT COUNT(*) AS n FROM artworks").first<{ n: number }>();
  if (already && already.n > 0) return;
  const statements: D1PreparedStatement[] = [
    db.prepare("INSERT INTO sources (id, slug, name, base_url, affiliate_template) VALUES (1, ?, ?, ?, ?)").bind(SHOP.slug, SHOP.name, SHOP.baseUrl, "https://shop.test/{path}?ref=artsnob"),
    ...ARTISTS.map((name, a) => db.prepare("INSERT INTO artists (id, slug, name) VALUES (?, ?, ?)").bind(a + 1, slug(name), name)),
    db.prepare("INSERT INTO models (id, dimensions, description) VALUES (?, ?, 'test model')").bind(MODEL.id, MODEL.dimensions),
  ];
  for (const w of WORKS) {
    const artistId = ARTISTS.indexOf(w.artist as (typeof ARTISTS)[number]) + 1;
    const palette = JSON.stringify([{ hex: "#aa0000", name: w.family, weight: 0.7 }, { hex: "#ffffff", name: "white", weight: 0.3 }]);
    statements.push(
      db.prepare("INSERT INTO images (hash, r2_key, content_type, width, height, bytes) VALUES (?, ?, 'image/png', 800, 600, 100)").bind(w.imageHash, `images/${w.imageHash}`),
      db
        .prepare(
          `INSERT INTO artworks (id, slug, title, artist_id, description, tags, orientation, width_cm, height_cm, size_class, image_hash, palette, dominant_colour, min_price_minor, currency, first_seen_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 60, 40, 'medium', ?, ?, ?, ?, 'USD', ?)`,
        )
        .bind(w.id, w.slug, w.title, artistId, `A ${w.family} painting.`, JSON.stringify([w.family, "abstract"]), w.orientation, w.imageHash, palette, w.family, w.priceMinor, 1_700_000_000_000 + w.id),
      db.prepare("INSERT INTO artwork_tags (artwork_id, tag) VALUES (?, ?), (?, 'abstract')").bind(w.id, w.family, w.id),
      db
        .prepare("INSERT INTO offers (id, artwork_id, source_id, url, affiliate_url, price_minor, currency) VALUES (?, ?, 1, ?, ?, ?, 'USD')")
        .bind(w.offerId, w.id, `https://shop.test/art/${w.slug}`, `https://shop.test/art/${w.slug}?ref=artsnob`, w.priceMinor),
      db.prepare("INSERT INTO offer_variants (offer_id, label, width_cm, height_cm, price_minor, currency, position) VALUES (?, 'Small', 30, 20, ?, 'USD', 0), (?, 'Large', 60, 40, ?, 'USD', 1)").bind(w.offerId, w.priceMinor, w.offerId, w.priceMinor + 5000),
    );
  }
  // Neighbours: exact top-10 by cosine.
  for (const w of WORKS) {
    const ranked = WORKS.filter((o) => o.id !== w.id)
      .map((o) => ({ id: o.id, score: cosine(w.vector, o.vector) }))
      .sort((a, b) => b.score - a.score || a.id - b.id)
      .slice(0, 10);
    statements.push(
      db
        .prepare(`INSERT INTO neighbours (model_id, artwork_id, rank, neighbour_id, score) VALUES ${ranked.map(() => "(?, ?, ?, ?, ?)").join(", ")}`)
        .bind(...ranked.flatMap((n, rank) => [MODEL.id, w.id, rank, n.id, n.score])),
    );
  }
  FAMILIES.forEach((family, f) => {
    const members = WORKS.filter((w) => w.family === family);
    statements.push(
      db.prepare("INSERT INTO clusters (id, model_id, ordinal, slug, name, size, x, y) VALUES (?, ?, ?, ?, ?, 12, ?, ?)").bind(f + 1, MODEL.id, f, `${family}-vibe`, `${family[0]!.toUpperCase()}${family.slice(1)} vibe`, f * 10, f * 5),
      db.prepare(`INSERT INTO cluster_representatives (cluster_id, rank, artwork_id) VALUES ${members.slice(0, 4).map(() => "(?, ?, ?)").join(", ")}`).bind(...members.slice(0, 4).flatMap((m, r) => [f + 1, r, m.id])),
      db.prepare("INSERT INTO query_vectors (model_id, text, vector) VALUES (?, ?, ?)").bind(MODEL.id, family, encodeVector(basisVector(f))),
    );
    members.forEach((m, k) => statements.push(db.prepare("INSERT INTO map_points (model_id, artwork_id, x, y, cluster_id) VALUES (?, ?, ?, ?, ?)").bind(MODEL.id, m.id, f * 10 + (k % 4), f * 5 + Math.floor(k / 4), f + 1)));
  });
  for (let i = 0; i < statements.length; i += 50) await db.batch(statements.slice(i, i + 50));
  const index = vectorIndexFor(env, MODEL);
  await index.upsert(
    WORKS.map((w) => ({ id: String(w.id), values: w.vector, metadata: { available: true, priceMinor: w.priceMinor, currency: "USD", orientation: w.orientation, sizeClass: "medium", colour: w.family } })),
  );
  for (const w of WORKS.slice(0, 6)) await env.IMAGES.put(`images/${w.imageHash}`, new Uint8Array([137, 80, 78, 71, w.id]), { httpMetadata: { contentType: "image/png" } });
}

/** Sends a request through the site's edge handler, optionally with a session cookie. */
export function request(path: string, init: RequestInit & { cookie?: string } = {}): Request {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set("Cookie", init.cookie);
  return new Request(`https://art-snob.test${path}`, { ...init, headers });
}

/** The `as_session=...` pair from a Set-Cookie header. */
export function sessionCookieFrom(response: Response): string {
  const setCookie = response.headers.get("Set-Cookie") ?? "";
  const match = /as_session=[^;]+/.exec(setCookie);
  if (!match) throw new Error(`no session cookie in ${JSON.stringify(setCookie)}`);
  return match[0];
}
