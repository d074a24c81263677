/**
 * Writes what a product page said into the catalogue: artist, artwork, the
 * shop's offer with its size variants, and price history. Keyed by the offer's
 * canonical URL and by image content, so a re-crawl updates in place and the
 * same work under two URLs or at two shops becomes one artwork with two offers.
 */
import { and, eq } from "drizzle-orm";
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
  let offerId: number;
  let priceChanged = false;
  if (!existingOffer) {
    const [offer] = await db
      .insert(schema.offers)
      .values({ artworkId, sourceId: ctx.sourceId, pageId: ctx.pageId, url: work.offerUrl, affiliateUrl, priceMinor, currency, available: work.available, contentHash: offerHash, firstSeenAt: now, lastSeenAt: now })
      .returning({ id: schema.offers.id });
    offerId = offer!.id;
    if (change === "unchanged") change = "updated"; // a new offer on a known artwork
    await writeVariants(db, offerId, variants);
    await recordPrices(db, offerId, ctx.runId, priceMinor, currency, variants, now);
  } else {
    offerId = existingOffer.id;
    if (existingOffer.contentHash !== offerHash) {
      priceChanged = existingOffer.priceMinor !== priceMinor || existingOffer.currency !== currency || (await variantPricesChanged(db, offerId, variants));
      await db
        .update(schema.offers)
        .set({ priceMinor, currency, available: work.available, contentHash: offerHash, affiliateUrl, pageId: ctx.pageId, lastSeenAt: now, updatedAt: now })
        .where(eq(schema.offers.id, offerId));
      await writeVariants(db, offerId, variants);
      if (priceChanged) await recordPrices(db, offerId, ctx.runId, priceMinor, currency, variants, now);
      if (change === "unchanged") change = "updated";
    } else {
      await db.update(schema.offers).set({ lastSeenAt: now, available: work.available }).where(eq(schema.offers.id, offerId));
    }
  }
  await refreshArtworkSummary(db, artworkId, now);
  await syncTags(db, artworkId, work.tags);
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
  for (const row of rows) await refreshArtworkSummary(db, row.artworkId, now);
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

async function writeVariants(db: Db, offerId: number, variants: StorableVariant[]): Promise<void> {
  await db.delete(schema.offerVariants).where(eq(schema.offerVariants.offerId, offerId));
  const seen = new Set<string>();
  const rows = variants
    .filter((v) => (seen.has(v.label) ? false : (seen.add(v.label), true)))
    .map((v, position) => ({ offerId, label: v.label, widthCm: v.widthCm, heightCm: v.heightCm, priceMinor: v.priceMinor, currency: v.currency, sku: v.sku ?? null, position }));
  // 8 columns a row; D1 allows 100 bound parameters a statement.
  for (let i = 0; i < rows.length; i += 12) await db.insert(schema.offerVariants).values(rows.slice(i, i + 12));
}

async function variantPricesChanged(db: Db, offerId: number, variants: StorableVariant[]): Promise<boolean> {
  const stored = await db.select().from(schema.offerVariants).where(eq(schema.offerVariants.offerId, offerId));
  const before = new Map(stored.map((v) => [v.label, `${v.priceMinor}${v.currency}`]));
  return variants.some((v) => before.get(v.label) !== `${v.priceMinor}${v.currency}`) || stored.length !== new Set(variants.map((v) => v.label)).size;
}

async function recordPrices(db: Db, offerId: number, runId: number | null, priceMinor: number | null, currency: string | null, variants: StorableVariant[], at: number) {
  const rows: (typeof schema.priceHistory.$inferInsert)[] = [];
  if (priceMinor !== null && currency) rows.push({ offerId, variantLabel: null, priceMinor, currency, runId, observedAt: at });
  for (const v of variants) if (v.priceMinor !== null && v.currency) rows.push({ offerId, variantLabel: v.label, priceMinor: v.priceMinor, currency: v.currency, runId, observedAt: at });
  for (let i = 0; i < rows.length; i += 14) await db.insert(schema.priceHistory).values(rows.slice(i, i + 14));
}

/** Availability and cheapest price follow the artwork's offers. */
async function refreshArtworkSummary(db: Db, artworkId: number, now: number): Promise<void> {
  const offers = await db.select().from(schema.offers).where(eq(schema.offers.artworkId, artworkId));
  const live = offers.filter((o) => o.available && o.priceMinor !== null);
  const cheapest = live.sort((a, b) => a.priceMinor! - b.priceMinor!)[0];
  const available = offers.some((o) => o.available);
  const current = await db.query.artworks.findFirst({
    where: eq(schema.artworks.id, artworkId),
    columns: { available: true, unavailableSince: true, minPriceMinor: true, currency: true },
  });
  const minPriceMinor = cheapest?.priceMinor ?? null;
  const currency = cheapest?.currency ?? null;
  // updated_at moves when what the vector index filters on moves, so the pipeline re-pushes it.
  const filterable = current?.available !== available || current?.minPriceMinor !== minPriceMinor || current?.currency !== currency;
  await db
    .update(schema.artworks)
    .set({
      available,
      minPriceMinor,
      currency,
      unavailableSince: available ? null : current?.available ? now : (current?.unavailableSince ?? now),
      ...(available ? { lastSeenAt: now } : {}),
      ...(filterable ? { updatedAt: now } : {}),
    })
    .where(eq(schema.artworks.id, artworkId));
}

async function syncTags(db: Db, artworkId: number, tags: string[]): Promise<void> {
  const artwork = await db.query.artworks.findFirst({ where: eq(schema.artworks.id, artworkId), columns: { tags: true } });
  const all = [...new Set([...(artwork?.tags ?? []), ...tags])];
  await db.delete(schema.artworkTags).where(eq(schema.artworkTags.artworkId, artworkId));
  for (let i = 0; i < all.length; i += 40) {
    await db.insert(schema.artworkTags).values(all.slice(i, i + 40).map((tag) => ({ artworkId, tag }))).onConflictDoNothing();
  }
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
