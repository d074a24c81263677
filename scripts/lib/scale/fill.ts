/**
 * Writes a synthetic catalogue straight into a local D1 database file (the SQLite file
 * miniflare keeps under <state>/v3/d1/), in transactions of one batch of works each, with a
 * progress line per batch. Every table the site reads at scale: artists, artworks (and through
 * their triggers the FTS5 keyword index and the catalogue version), tags, one shop, offers with
 * size variants, images (one row per work; the bytes are a few shared blobs), a model with
 * clusters and representatives, map points and neighbours.
 */
import type Database from "libsql";
import { CLUSTERS, REPRESENTATIVES, artistCount, artistName, clusterCentre, mapPointOf, neighboursOf, work } from "./synthetic";

export interface FillOptions {
  works: number;
  modelId: string;
  dimensions: number;
  neighbours: number;
  batch: number;
  /** How many distinct image blobs the works share (R2 keys). */
  blobs: number;
  log: (line: string) => void;
}

export interface FillResult {
  works: number;
  seconds: number;
  rows: Record<string, number>;
}

const SOURCE_ID = 1;

export function fillCatalogue(db: Database.Database, options: FillOptions): FillResult {
  const started = Date.now();
  const rows: Record<string, number> = {};
  const count = (table: string, n = 1) => (rows[table] = (rows[table] ?? 0) + n);
  db.pragma("synchronous = OFF");
  // Neighbours point at works later batches write; D1 checks nothing it did not write itself.
  db.pragma("foreign_keys = OFF");
  db.pragma("cache_size = -262144");

  const existing = (db.prepare("SELECT COUNT(*) AS n FROM artworks").get() as { n: number }).n;
  if (existing > 0) throw new Error(`the database already holds ${existing} artworks: use --fresh to start from an empty one`);

  const setup = db.transaction(() => {
    db.prepare(
      `INSERT INTO sources (id, slug, name, base_url, affiliate_template) VALUES (?, 'scale-shop', 'Scale Shop', 'https://scale-shop.example/', 'https://affiliate.example/click?url={url}')`,
    ).run(SOURCE_ID);
    db.prepare("INSERT INTO models (id, dimensions, description) VALUES (?, ?, 'synthetic scale fixture')").run(options.modelId, options.dimensions);
    const insertArtist = db.prepare("INSERT INTO artists (id, slug, name) VALUES (?, ?, ?)");
    for (let a = 0; a < artistCount(options.works); a++) {
      const { slug, name } = artistName(a);
      insertArtist.run(a + 1, slug, name);
      count("artists");
    }
    const insertCluster = db.prepare("INSERT INTO clusters (id, model_id, ordinal, slug, name, size, x, y) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    for (let c = 0; c < CLUSTERS; c++) {
      const [x, y] = clusterCentre(c);
      insertCluster.run(c + 1, options.modelId, c, `vibe-${c + 1}`, `Vibe ${c + 1}`, Math.round(options.works / CLUSTERS), x, y);
      count("clusters");
    }
  });
  setup();

  const ins = {
    image: db.prepare("INSERT INTO images (hash, r2_key, content_type, width, height, bytes) VALUES (?, ?, 'image/jpeg', ?, ?, 48000)"),
    artwork: db.prepare(
      `INSERT INTO artworks (id, slug, title, artist_id, description, medium, tags, orientation, width_cm, height_cm, size_class, image_hash,
         palette, dominant_colour, min_price_minor, currency, available, first_seen_at, last_seen_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    tag: db.prepare("INSERT INTO artwork_tags (artwork_id, tag) VALUES (?, ?)"),
    offer: db.prepare(
      "INSERT INTO offers (id, artwork_id, source_id, url, affiliate_url, price_minor, currency, available) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    ),
    variant: db.prepare("INSERT INTO offer_variants (offer_id, label, width_cm, height_cm, price_minor, currency, position) VALUES (?, ?, ?, ?, ?, ?, ?)"),
    point: db.prepare("INSERT INTO map_points (model_id, artwork_id, x, y, cluster_id) VALUES (?, ?, ?, ?, ?)"),
    neighbour: db.prepare("INSERT INTO neighbours (model_id, artwork_id, rank, neighbour_id, score) VALUES (?, ?, ?, ?, ?)"),
  };
  const representatives = new Map<number, number[]>();

  const writeBatch = db.transaction((from: number, to: number) => {
    for (let id = from; id <= to; id++) {
      const w = work(id, options.works);
      ins.image.run(w.imageHash, `scale-blob-${id % options.blobs}`, w.widthCm * 10, w.heightCm * 10);
      ins.artwork.run(
        w.id, w.slug, w.title, w.artistId, w.description, w.medium, JSON.stringify(w.tags), w.orientation, w.widthCm, w.heightCm, w.sizeClass,
        w.imageHash, w.paletteJson, w.dominantColour, w.priceMinor, w.currency, w.available ? 1 : 0, w.firstSeenAt, w.firstSeenAt, w.firstSeenAt,
      );
      for (const tag of w.tags) ins.tag.run(id, tag);
      const url = `https://scale-shop.example/products/${w.slug}`;
      ins.offer.run(id, id, SOURCE_ID, url, `https://affiliate.example/click?url=${encodeURIComponent(url)}`, w.priceMinor, w.currency, w.available ? 1 : 0);
      ins.variant.run(id, "Small", Math.round(w.widthCm / 2), Math.round(w.heightCm / 2), w.priceMinor, w.currency, 0);
      ins.variant.run(id, "Large", w.widthCm, w.heightCm, Math.round(w.priceMinor * 1.8), w.currency, 1);
      const point = mapPointOf(id);
      ins.point.run(options.modelId, id, point.x, point.y, point.cluster + 1);
      const reps = representatives.get(point.cluster) ?? [];
      if (reps.length < REPRESENTATIVES && w.available) representatives.set(point.cluster, [...reps, id]);
      neighboursOf(id, options.works, options.neighbours).forEach((n, rank) => ins.neighbour.run(options.modelId, id, rank, n.id, n.score));
      count("artworks");
      count("artwork_tags", w.tags.length);
      count("offer_variants", 2);
      count("neighbours", options.neighbours);
    }
  });

  let batchStarted = Date.now();
  for (let from = 1; from <= options.works; from += options.batch) {
    const to = Math.min(options.works, from + options.batch - 1);
    writeBatch(from, to);
    const now = Date.now();
    const rate = Math.round(((to - from + 1) / Math.max(1, now - batchStarted)) * 1000);
    const overall = Math.round((to / Math.max(1, now - started)) * 1000);
    options.log(`seed:scale ${to.toLocaleString("en-US")}/${options.works.toLocaleString("en-US")} works, ${rows.artwork_tags} tags, ${rows.neighbours} neighbours: ${rate.toLocaleString("en-US")} works/s (${overall.toLocaleString("en-US")} overall)`);
    batchStarted = now;
  }

  db.transaction(() => {
    const insertRep = db.prepare("INSERT INTO cluster_representatives (cluster_id, rank, artwork_id) VALUES (?, ?, ?)");
    for (const [cluster, ids] of representatives) ids.forEach((id, rank) => insertRep.run(cluster + 1, rank, id));
  })();
  return { works: options.works, seconds: (Date.now() - started) / 1000, rows };
}
