/**
 * Writes what a product page said into the catalogue: artist, artwork, the
 * shop's offer with its size variants, and price history. Keyed by the offer's
 * canonical URL and by image content, so a re-crawl updates in place and the
 * same work under two URLs or at two shops becomes one artwork with two offers.
 */
import { and, eq, sql, type SQL } from "drizzle-orm";
import { d1Batch, type BatchStatement } from "../lib/d1-batch";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import * as schema from "../db/schema";
import { sha256Hex } from "../lib/hash";
import { slugify } from "../lib/slug";

export type Db = DrizzleD1Database<typeof schema>;

export interface StorableVariant {
  label: string;
  widthCm: number | null;
  heightCm: number | null;
  priceMinor: number | null;
  currency: string | null;
  sku?: string | null;
}

export interface StorableArtwork {
  offerUrl: string;
  title: string;
  artist: string | null;
  description: string;
  medium: string | null;
  tags: string[];
  available: boolean;
  variants: StorableVariant[];
  /** Offer-level price when the page gives no variants. */
  priceMinor: number | null;
  currency: string | null;
  imageHash: string | null;
  imageWidth: number | null;
  imageHeight: number | null;
}

export interface StoreContext {
  sourceId: number;
  runId: number | null;
  pageId: number | null;
  affiliateTemplate: string | null;
}

export type StoreResult = { artworkId: number; offerId: number; change: "new" | "updated" | "unchanged"; priceChanged: boolean };

export async function storeArtwork(db: Db, ctx: StoreContext, work: StorableArtwork): Promise<StoreResult> {
  const now = Date.now();
  const variants = [...work.variants].sort((a, b) => (a.priceMinor ?? Infinity) - (b.priceMinor ?? Infinity));
  const cheapest = variants.find((v) => v.priceMinor !== null);
  const priceMinor = cheapest?.priceMinor ?? work.priceMinor;
  const currency = cheapest?.currency ?? work.currency;
  const offerHash = await sha256Hex(JSON.stringify([work.title, work.artist, work.description, work.medium, work.tags, work.available, variants, priceMinor, currency, work.imageHash]));

  const existingOffer = await db.query.offers.findFirst({ where: eq(schema.offers.url, work.offerUrl) });
  let artworkId = existingOffer?.artworkId;
  if (artworkId === undefined && work.imageHash) {
    const sameImage = await db.query.artworks.findFirst({ where: eq(schema.artworks.imageHash, work.imageHash), columns: { id: true } });
    artworkId = sameImage?.id;
  }

  const artistId = work.artist ? await upsertArtist(db, work.artist) : null;
  const largest = largestSize(variants);
  const fields = {
    title: work.title,
    artistId,
    description: work.description,
    medium: work.medium,
    tags: work.tags,
    widthCm: largest?.widthCm ?? null,
    heightCm: largest?.heightCm ?? null,
    orientation: orientationOf(largest?.widthCm ?? work.imageWidth, largest?.heightCm ?? work.imageHeight),
    sizeClass: sizeClassOf(largest?.widthCm ?? null, largest?.heightCm ?? null),
  };

  let change: StoreResult["change"] = "unchanged";
  if (artworkId === undefined) {
    const inserted = await insertArtwork(db, { ...fields, imageHash: work.imageHash, firstSeenAt: now, lastSeenAt: now }, work.offerUrl);
    artworkId = inserted.id;
    // Another page with the same image may have won the insert a moment earlier: then this is
    // a second offer of that artwork.
    change = inserted.created ? "new" : "unchanged";
  } else if (existingOffer && existingOffer.contentHash !== offerHash) {
    // Only the shop the artwork was first seen at through this offer rewrites its description.
    await db.update(schema.artworks).set({ ...fields, ...(work.imageHash ? { imageHash: work.imageHash } : {}), updatedAt: now }).where(eq(schema.artworks.id, artworkId));
    change = "updated";
  }

  const affiliateUrl = affiliateLink(ctx.affiliateTemplate, work.offerUrl);
  // Everything from here on depends only on the artwork id: one db.batch() (one round trip,
  // one transaction). Variants and prices find their offer by its URL, so a new offer's id
  // need not come back first.
  const writes: BatchStatement[] = [];
  let priceChanged = false;
  if (!existingOffer) {
    writes.push(
      db.insert(schema.offers)
        .values({ artworkId, sourceId: ctx.sourceId, pageId: ctx.pageId, url: work.offerUrl, affiliateUrl, priceMinor, currency, available: work.available, contentHash: offerHash, firstSeenAt: now, lastSeenAt: now })
        .returning({ id: schema.offers.id }),
    );
    if (change === "unchanged") change = "updated"; // a new offer on a known artwork
    writes.push(...variantWrites(work.offerUrl, variants), ...priceWrites(work.offerUrl, ctx.runId, priceMinor, currency, variants, now));
  } else if (existingOffer.contentHash !== offerHash) {
    priceChanged = existingOffer.priceMinor !== priceMinor || existingOffer.currency !== currency || (await variantPricesChanged(db, existingOffer.id, variants));
    writes.push(
      db.update(schema.offers)
        .set({ priceMinor, currency, available: work.available, contentHash: offerHash, affiliateUrl, pageId: ctx.pageId, lastSeenAt: now, updatedAt: now })
        .where(eq(schema.offers.id, existingOffer.id)),
      ...variantWrites(work.offerUrl, variants),
    );
    if (priceChanged) writes.push(...priceWrites(work.offerUrl, ctx.runId, priceMinor, currency, variants, now));
    if (change === "unchanged") change = "updated";
  } else {
    writes.push(db.update(schema.offers).set({ lastSeenAt: now, available: work.available }).where(eq(schema.offers.id, existingOffer.id)));
  }
  writes.push(summaryWrite(artworkId, now), ...tagWrites(artworkId, work.tags));
  const results = await d1Batch(db, writes);
  const offerId = existingOffer?.id ?? (results[0]!.results[0] as { id: number }).id;
  return { artworkId, offerId, change, priceChanged };
}

/** The offer is still there and unchanged (the page answered 304). */
export async function touchOffer(db: Db, offerUrl: string): Promise<boolean> {
  const now = Date.now();
  const rows = await db.update(schema.offers).set({ lastSeenAt: now }).where(eq(schema.offers.url, offerUrl)).returning({ artworkId: schema.offers.artworkId });
  for (const row of rows) await db.update(schema.artworks).set({ lastSeenAt: now }).where(eq(schema.artworks.id, row.artworkId));
  return rows.length > 0;
}

/** The shop no longer sells it (404/410, or missing for too many runs). Never deleted. */
export async function markOfferGone(db: Db, offerUrl: string): Promise<number[]> {
  const now = Date.now();
  const rows = await db
    .update(schema.offers)
    .set({ available: false, updatedAt: now })
    .where(and(eq(schema.offers.url, offerUrl), eq(schema.offers.available, true)))
    .returning({ artworkId: schema.offers.artworkId });
  for (const row of rows) await d1Batch(db, [summaryWrite(row.artworkId, now)]);
  return rows.map((r) => r.artworkId);
}

/**
 * A known artist is looked up, never upserted: the upsert's no-op UPDATE of name fired
 * artists_fts_after_rename, which rewrites the search row of every work by the artist, so
 * each page of a prolific artist cost as many row writes as the artist had works.
 */
async function upsertArtist(db: Db, name: string): Promise<number> {
  const slug = slugify(name);
  const bySlug = () => db.query.artists.findFirst({ where: eq(schema.artists.slug, slug), columns: { id: true } });
  const known = await bySlug();
  if (known) return known.id;
  const [row] = await db.insert(schema.artists).values({ slug, name }).onConflictDoNothing({ target: schema.artists.slug }).returning({ id: schema.artists.id });
  // Another page inserted the same artist a moment earlier.
  return row?.id ?? (await bySlug())!.id;
}

/** Inserts the artwork, or finds the one another page with the same image inserted first. */
async function insertArtwork(db: Db, values: Omit<typeof schema.artworks.$inferInsert, "slug">, offerUrl: string): Promise<{ id: number; created: boolean }> {
  const base = slugify(values.title);
  const sameImage = async () =>
    values.imageHash ? (await db.query.artworks.findFirst({ where: eq(schema.artworks.imageHash, values.imageHash), columns: { id: true } }))?.id : undefined;
  // A slug clash (two works with one title) gets a short, stable suffix from the offer URL,
  // then a random one.
  const slugs = [base, `${base}-${(await sha256Hex(offerUrl)).slice(0, 6)}`, `${base}-${crypto.randomUUID().slice(0, 8)}`];
  for (const slug of slugs) {
    const [row] = await db.insert(schema.artworks).values({ ...values, slug }).onConflictDoNothing().returning({ id: schema.artworks.id });
    if (row) return { id: row.id, created: true };
    const existing = await sameImage();
    if (existing !== undefined) return { id: existing, created: false };
  }
  throw new Error(`could not insert artwork "${values.title}": every slug was taken`);
}

/** Replaces the offer's variants (found by the offer's URL); rows travel as one JSON parameter. */
function variantWrites(offerUrl: string, variants: StorableVariant[]): BatchStatement[] {
  const seen = new Set<string>();
  const rows = variants
    .filter((v) => (seen.has(v.label) ? false : (seen.add(v.label), true)))
    .map((v, position) => [v.label, v.widthCm, v.heightCm, v.priceMinor, v.currency, v.sku ?? null, position]);
  const writes: BatchStatement[] = [sql`DELETE FROM offer_variants WHERE offer_id = (SELECT id FROM offers WHERE url = ${offerUrl})`];
  if (rows.length > 0) {
    writes.push(sql`
      INSERT INTO offer_variants (offer_id, label, width_cm, height_cm, price_minor, currency, sku, position)
      SELECT (SELECT id FROM offers WHERE url = ${offerUrl}), ${jsonColumns(7)} FROM json_each(${JSON.stringify(rows)})`);
  }
  return writes;
}

/** `json_extract(value, '$[0]'), …` for a row sent as a JSON array. */
function jsonColumns(n: number) {
  return sql.raw(Array.from({ length: n }, (_, i) => `json_extract(value, '$[${i}]')`).join(", "));
}

async function variantPricesChanged(db: Db, offerId: number, variants: StorableVariant[]): Promise<boolean> {
  const stored = await db.select().from(schema.offerVariants).where(eq(schema.offerVariants.offerId, offerId));
  const before = new Map(stored.map((v) => [v.label, `${v.priceMinor}${v.currency}`]));
  return variants.some((v) => before.get(v.label) !== `${v.priceMinor}${v.currency}`) || stored.length !== new Set(variants.map((v) => v.label)).size;
}

function priceWrites(offerUrl: string, runId: number | null, priceMinor: number | null, currency: string | null, variants: StorableVariant[], at: number): BatchStatement[] {
  const rows: Array<[string | null, number, string]> = [];
  if (priceMinor !== null && currency) rows.push([null, priceMinor, currency]);
  for (const v of variants) if (v.priceMinor !== null && v.currency) rows.push([v.label, v.priceMinor, v.currency]);
  if (rows.length === 0) return [];
  return [sql`
    INSERT INTO price_history (offer_id, variant_label, price_minor, currency, run_id, observed_at)
    SELECT (SELECT id FROM offers WHERE url = ${offerUrl}), ${jsonColumns(3)}, ${runId}, ${at} FROM json_each(${JSON.stringify(rows)})`];
}

/**
 * Availability and cheapest price follow the artwork's offers, in one UPDATE (its SET
 * expressions see the row as it was). updated_at moves when what the vector index filters on
 * moves, so the pipeline re-pushes it.
 */
function summaryWrite(artworkId: number, now: number): SQL {
  const live = sql`FROM offers WHERE artwork_id = ${artworkId} AND available = 1`;
  const cheapest = sql`${live} AND price_minor IS NOT NULL ORDER BY price_minor, id LIMIT 1`;
  const available = sql`EXISTS (SELECT 1 ${live})`;
  const minPrice = sql`(SELECT price_minor ${cheapest})`;
  const minCurrency = sql`(SELECT currency ${cheapest})`;
  return sql`
    UPDATE artworks SET
      available = ${available},
      min_price_minor = ${minPrice},
      currency = ${minCurrency},
      unavailable_since = CASE WHEN ${available} THEN NULL WHEN available = 1 THEN ${now} ELSE COALESCE(unavailable_since, ${now}) END,
      last_seen_at = CASE WHEN ${available} THEN ${now} ELSE last_seen_at END,
      updated_at = CASE WHEN available IS NOT ${available} OR min_price_minor IS NOT ${minPrice} OR currency IS NOT ${minCurrency} THEN ${now} ELSE updated_at END
    WHERE id = ${artworkId}`;
}

/** artwork_tags mirrors the artwork's tags and this page's (the union, as before: a second shop's tags add to the first's). */
function tagWrites(artworkId: number, tags: string[]): BatchStatement[] {
  return [
    sql`DELETE FROM artwork_tags WHERE artwork_id = ${artworkId}`,
    sql`
      INSERT OR IGNORE INTO artwork_tags (artwork_id, tag)
      SELECT ${artworkId}, value FROM json_each((SELECT tags FROM artworks WHERE id = ${artworkId}))
      UNION SELECT ${artworkId}, value FROM json_each(${JSON.stringify([...new Set(tags)])})`,
  ];
}

export function affiliateLink(template: string | null, offerUrl: string): string {
  if (!template) return offerUrl;
  const url = new URL(offerUrl);
  return template
    .replaceAll("{url}", encodeURIComponent(offerUrl))
    .replaceAll("{rawUrl}", offerUrl)
    .replaceAll("{path}", url.pathname.replace(/^\//, "") + url.search);
}

function largestSize(variants: StorableVariant[]): { widthCm: number; heightCm: number } | null {
  let best: { widthCm: number; heightCm: number } | null = null;
  for (const v of variants) {
    if (v.widthCm && v.heightCm && (!best || v.widthCm * v.heightCm > best.widthCm * best.heightCm)) best = { widthCm: v.widthCm, heightCm: v.heightCm };
  }
  return best;
}

export function orientationOf(width: number | null | undefined, height: number | null | undefined): schema.Orientation | null {
  if (!width || !height) return null;
  const ratio = width / height;
  if (ratio > 1.05) return "landscape";
  if (ratio < 1 / 1.05) return "portrait";
  return "square";
}

export function sizeClassOf(widthCm: number | null, heightCm: number | null): schema.SizeClass | null {
  if (!widthCm || !heightCm) return null;
  const longest = Math.max(widthCm, heightCm);
  if (longest < 40) return "small";
  if (longest < 80) return "medium";
  if (longest < 120) return "large";
  return "oversize";
}
