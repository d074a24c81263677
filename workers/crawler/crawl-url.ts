/**
 * What the crawler does with one URL of a run, by kind: sitemaps and listings
 * feed the frontier, product pages feed the catalogue, verify re-checks a known
 * page that discovery no longer reached. Each returns how the URL ended; a
 * transient failure is thrown (CrawlFetchError / HttpStatusError / DeferredError)
 * for the consumer to retry.
 */
import { sha256Hex } from "../lib/hash";
import { markOfferGone, storeArtwork, touchOffer } from "./catalogue-store";
import type { CrawlContext } from "./crawl-context";
import { toStorable, extractPageArtworks, looksScriptRendered } from "./extraction";
import { decodeText, fetchWithLimits, PAGE_LIMITS, type FetchedResponse } from "./fetcher";
import { ImageStoreError, storeImageFromUrl } from "./image-store";
import type { CrawlMessage } from "./messages";
import { getPage, savePage } from "./page-record";
import { discoverPageLinks, readSitemap } from "./discovery";
import { MAX_SITEMAP_ENTRIES } from "./parse/sitemap";
import { checkRobots } from "./robots-check";
import { assertFetchable } from "./url-guard";
import { enqueue, isProductUrl, type FrontierItem } from "./runs";
import { keepSitemapEntries, readSitemapEntries, seedSlice, type SliceResult } from "./sitemap-seed";

export interface UrlOutcome {
  /** continued: a sitemap whose next slice is queued; its frontier row stays open. */
  status: "done" | "failed" | "skipped" | "continued";
  outcome: string;
}

/** A status worth retrying later (the shop is overloaded or briefly broken). */
export class HttpStatusError extends Error {
  readonly transient = true;
  constructor(readonly status: number, readonly kind = `http_${status}`) {
    super(`HTTP ${status}`);
  }
}

export async function crawlUrl(ctx: CrawlContext, message: CrawlMessage): Promise<UrlOutcome> {
  const robots = await checkRobots(ctx, message.url);
  if (!robots.allowed) {
    if (robots.reason === "robots_unavailable") throw new HttpStatusError(503, "robots_unavailable");
    ctx.ledger.log({ runId: ctx.run.id, sourceId: ctx.source.id, url: message.url, outcome: "robots_disallowed", attempt: message.attempt });
    ctx.ledger.count(ctx.run.id, "pagesSkipped");
    return { status: "skipped", outcome: "robots_disallowed" };
  }
  switch (message.kind) {
    case "sitemap":
      return crawlSitemap(ctx, message, robots.delayMs);
    case "listing":
      return crawlListing(ctx, message, robots.delayMs);
    case "product":
    case "verify":
      return crawlProduct(ctx, message, robots.delayMs);
  }
}

async function plainFetch(ctx: CrawlContext, message: CrawlMessage, delayMs: number, validators?: { etag?: string | null; lastModified?: string | null }): Promise<FetchedResponse> {
  const res = await ctx.politely(message.url, delayMs, () =>
    fetchWithLimits({ url: message.url, userAgent: ctx.userAgent, allowedPrivateHosts: ctx.allowedPrivateHosts, dns: ctx.dns, limits: PAGE_LIMITS, etag: validators?.etag, lastModified: validators?.lastModified }),
  );
  ctx.ledger.log({
    runId: ctx.run.id, sourceId: ctx.source.id, url: message.url, statusCode: res.status, attempt: message.attempt,
    outcome: res.status === 304 ? "not_modified" : `http_${res.status}`, bytes: res.body.byteLength, durationMs: res.durationMs,
  });
  if (res.status === 429 || res.status >= 500) throw new HttpStatusError(res.status);
  return res;
}

async function crawlSitemap(ctx: CrawlContext, message: CrawlMessage, delayMs: number): Promise<UrlOutcome> {
  if (message.seedOffset) {
    // A later slice: the entries were kept when the sitemap was fetched.
    const kept = await readSitemapEntries(ctx, message.url);
    if (!kept) return { status: "done", outcome: "sitemap already seeded" };
    return sliceOutcome(kept, await seedSlice(ctx, message, kept));
  }
  // Sitemaps are always fetched in full: their content is what discovery needs.
  const res = await plainFetch(ctx, message, delayMs);
  if (res.status !== 200) return httpFailure(ctx, message, res.status, "sitemap");
  const sitemap = readSitemap(decodeText(res.body, res.headers.get("Content-Type")), res.finalUrl);
  const items: FrontierItem[] = sitemap.kind === "index"
    ? sitemap.entries.map((e) => ({ url: e.loc, kind: "sitemap" as const }))
    : sitemap.entries.map((e) => ({ url: e.loc, kind: isProductUrl(ctx.source, e.loc) ? ("product" as const) : ("listing" as const), sitemapLastmod: e.lastmod }));
  await keepSitemapEntries(ctx, message.url, items);
  const slice = await seedSlice(ctx, message, items);
  const overCap = sitemap.entriesOverCap ?? 0;
  const overCapNote = overCap > 0 ? `${overCap} entries past the protocol's ${MAX_SITEMAP_ENTRIES} were not read` : null;
  if (overCapNote) {
    // The shop breaks the cap: say so in the run's errors and the page record, and keep what was read.
    ctx.ledger.error(ctx.run.id, "sitemap_over_cap");
    console.warn(`sitemap ${message.url}: ${overCapNote}`);
  }
  await savePage(ctx.db, {
    sourceId: ctx.source.id, url: message.url, kind: "sitemap", runId: ctx.run.id, statusCode: res.status,
    outcome: `sitemap_${sitemap.kind}:${sitemap.entries.length}`, errorKind: overCapNote ? "sitemap_over_cap" : null, lastError: overCapNote,
  });
  ctx.ledger.count(ctx.run.id, "pagesFetched");
  return sliceOutcome(items, slice);
}

function sliceOutcome(items: readonly FrontierItem[], slice: SliceResult): UrlOutcome {
  if (slice.next !== null) return { status: "continued", outcome: `sitemap slice up to ${slice.next} of ${items.length}` };
  return { status: "done", outcome: `sitemap ${items.length} entries, ${slice.queued} new in the last slice` };
}

async function crawlListing(ctx: CrawlContext, message: CrawlMessage, delayMs: number): Promise<UrlOutcome> {
  const res = await plainFetch(ctx, message, delayMs);
  if (res.status !== 200) return httpFailure(ctx, message, res.status, "listing");
  const html = decodeText(res.body, res.headers.get("Content-Type"));
  const links = discoverPageLinks(html, res.finalUrl, ctx.source.productUrlPatterns);
  const queued = await enqueue(ctx.db, ctx.env.CRAWL_QUEUE, ctx.run, ctx.source, [
    ...links.products.map((url) => ({ url, kind: "product" as const })),
    ...links.listings.map((url) => ({ url, kind: "listing" as const })),
  ], { redelivered: ctx.redelivered });
  await savePage(ctx.db, { sourceId: ctx.source.id, url: message.url, kind: "listing", runId: ctx.run.id, statusCode: res.status, outcome: `links:${links.products.length}+${links.listings.length}`, errorKind: null, lastError: null });
  ctx.ledger.count(ctx.run.id, "pagesFetched");
  return { status: "done", outcome: `listing ${links.products.length} products, ${links.listings.length} other links, ${queued} new` };
}

async function crawlProduct(ctx: CrawlContext, message: CrawlMessage, delayMs: number): Promise<UrlOutcome> {
  const page = await getPage(ctx.db, message.url);
  // Read once here: the page's row is written again only by this message.
  const missingBefore = page?.missingRuns ?? 0;
  const useBrowserOnly = ctx.source.renderMode === "always";
  if (useBrowserOnly) return renderAndStore(ctx, message, delayMs, missingBefore);

  let res = await plainFetch(ctx, message, delayMs, { etag: page?.etag, lastModified: page?.lastModified });
  if (res.status === 304 && !(await touchOffer(ctx.db, message.url))) {
    // Validators without a stored offer (an earlier attempt stopped half-way): fetch in full.
    res = await plainFetch(ctx, message, delayMs);
  }
  if (res.status === 304) {
    await finishProductPage(ctx, message, missingBefore, { statusCode: 304, outcome: "not_modified" });
    ctx.ledger.count(ctx.run.id, "pagesNotModified");
    return { status: "done", outcome: "not_modified" };
  }
  if (res.status === 404 || res.status === 410) {
    const gone = await markOfferGone(ctx.db, message.url);
    ctx.ledger.count(ctx.run.id, "artworksUnavailable", gone.length);
    ctx.ledger.count(ctx.run.id, "pagesFetched");
    await savePage(ctx.db, { sourceId: ctx.source.id, url: message.url, kind: "product", runId: ctx.run.id, statusCode: res.status, outcome: "gone", errorKind: `http_${res.status}`, lastError: `HTTP ${res.status}` });
    ctx.ledger.error(ctx.run.id, `http_${res.status}`);
    return { status: "done", outcome: `gone (HTTP ${res.status})${gone.length ? ", marked unavailable" : ""}` };
  }
  if (res.status !== 200) return httpFailure(ctx, message, res.status, "product");
  ctx.ledger.count(ctx.run.id, "pagesFetched");
  const html = decodeText(res.body, res.headers.get("Content-Type"));
  const stored = await storeFromHtml(ctx, message, html, res, false, missingBefore);
  if (stored) return stored;
  if (ctx.source.renderMode === "auto" && looksScriptRendered(html)) return renderAndStore(ctx, message, delayMs, missingBefore);
  return recordExtractionFailure(ctx, message, html, res.status);
}

async function renderAndStore(ctx: CrawlContext, message: CrawlMessage, delayMs: number, missingBefore: number): Promise<UrlOutcome> {
  // The browser fetches the page itself: the same URL and DNS checks as a plain fetch go first.
  await ctx.dns.check(assertFetchable(message.url, ctx.allowedPrivateHosts));
  const rendered = await ctx.politely(message.url, delayMs, async () => {
    const page = await ctx.browser.render(message.url, { userAgent: ctx.userAgent, timeoutMs: PAGE_LIMITS.timeoutMs });
    return { ...page, headers: new Headers() };
  });
  ctx.ledger.log({ runId: ctx.run.id, sourceId: ctx.source.id, url: message.url, method: "browser", statusCode: rendered.status, outcome: `rendered_${rendered.status}`, bytes: rendered.html.length, durationMs: rendered.durationMs, attempt: message.attempt });
  if (rendered.status === 429 || rendered.status >= 500) throw new HttpStatusError(rendered.status);
  if (rendered.status === 404 || rendered.status === 410) {
    const gone = await markOfferGone(ctx.db, message.url);
    ctx.ledger.count(ctx.run.id, "artworksUnavailable", gone.length);
    return { status: "done", outcome: `gone (HTTP ${rendered.status})` };
  }
  const stored = await storeFromHtml(ctx, message, rendered.html, { status: rendered.status, finalUrl: rendered.finalUrl, headers: new Headers(), body: new Uint8Array(), durationMs: rendered.durationMs }, true, missingBefore);
  return stored ?? recordExtractionFailure(ctx, message, rendered.html, rendered.status, true);
}

/** Extracts and stores; null when the page had no product data. */
async function storeFromHtml(ctx: CrawlContext, message: CrawlMessage, html: string, res: FetchedResponse, rendered: boolean, missingBefore: number): Promise<UrlOutcome | null> {
  const artworks = extractPageArtworks(html, res.finalUrl, ctx.source.selectors, ctx.source.defaultCurrency);
  if (artworks.length === 0) return null;
  const contentHash = await sha256Hex(html);
  // Validators are written only after the page is fully stored: a conditional
  // request must never skip a page whose artwork never made it into the catalogue.
  const pageId = await savePage(ctx.db, {
    sourceId: ctx.source.id, url: message.url, kind: "product", runId: ctx.run.id, statusCode: res.status, rendered,
    etag: null, lastModified: null, contentHash, sitemapLastmod: message.sitemapLastmod ?? null, outcome: "pending", errorKind: null, lastError: null,
  });
  const outcomes: string[] = [];
  for (const artwork of artworks) {
    const imageUrl = artwork.imageUrls[0];
    if (!imageUrl) {
      outcomes.push("no_image");
      ctx.ledger.error(ctx.run.id, "no_image");
      continue;
    }
    let image;
    try {
      image = await storeImageFromUrl(
        { db: ctx.db, bucket: ctx.env.IMAGES, userAgent: ctx.userAgent, allowedPrivateHosts: ctx.allowedPrivateHosts, dns: ctx.dns, politely: (run) => ctx.politely(imageUrl, ctx.source.crawlDelayMs, run) },
        imageUrl,
      );
    } catch (error) {
      if (error instanceof ImageStoreError && !error.transient) {
        // An artwork enters the catalogue only with a valid image: visitors browse by picture.
        ctx.ledger.log({ runId: ctx.run.id, sourceId: ctx.source.id, url: imageUrl, outcome: "image_rejected", errorKind: error.kind, error: error.message, attempt: message.attempt });
        ctx.ledger.error(ctx.run.id, error.kind);
        outcomes.push(error.kind);
        continue;
      }
      throw error;
    }
    if (image.downloaded) ctx.ledger.count(ctx.run.id, "imagesStored");
    const result = await storeArtwork(ctx.db, { sourceId: ctx.source.id, runId: ctx.run.id, pageId, affiliateTemplate: ctx.source.affiliateTemplate }, toStorable(artwork, message.url, image));
    if (result.change === "new") ctx.ledger.count(ctx.run.id, "artworksNew");
    if (result.change === "updated") ctx.ledger.count(ctx.run.id, "artworksUpdated");
    outcomes.push(result.change + (result.priceChanged ? "+price" : ""));
  }
  const ok = outcomes.some((o) => /^(new|updated|unchanged)/.test(o));
  // Selectors alone gave an incomplete product: what is wrong is the page's broken structured data.
  if (!ok && outcomes.every((o) => o === "no_image") && /application\/ld\+json/i.test(html)) {
    return recordExtractionFailure(ctx, message, html, res.status, rendered);
  }
  await finishProductPage(ctx, message, missingBefore, {
    statusCode: res.status, outcome: outcomes.join(","), errorKind: ok ? null : outcomes[0] ?? "no_product_data",
    ...(ok ? { etag: res.headers.get("ETag"), lastModified: res.headers.get("Last-Modified") } : {}),
  });
  if (!ok) ctx.ledger.count(ctx.run.id, "pagesFailed");
  return { status: ok ? "done" : "failed", outcome: outcomes.join(",") };
}

/** Product pages reached by discovery reset their missing count; verify pages add to it. */
async function finishProductPage(
  ctx: CrawlContext,
  message: CrawlMessage,
  missingBefore: number,
  state: { statusCode: number; outcome: string; errorKind?: string | null; etag?: string | null; lastModified?: string | null },
) {
  const missingRuns = message.kind === "verify" ? missingBefore + 1 : 0;
  await savePage(ctx.db, {
    sourceId: ctx.source.id, url: message.url, kind: "product", runId: ctx.run.id, statusCode: state.statusCode, outcome: state.outcome,
    errorKind: state.errorKind ?? null, lastError: state.errorKind ?? null, missingRuns,
    ...(state.etag !== undefined ? { etag: state.etag, lastModified: state.lastModified ?? null } : {}),
  });
  if (message.kind === "verify" && missingRuns >= ctx.source.missingRunsBeforeUnavailable) {
    const gone = await markOfferGone(ctx.db, message.url);
    ctx.ledger.count(ctx.run.id, "artworksUnavailable", gone.length);
  }
}

async function recordExtractionFailure(ctx: CrawlContext, message: CrawlMessage, html: string, status: number, rendered = false): Promise<UrlOutcome> {
  const kind = /application\/ld\+json/i.test(html) ? "malformed_structured_data" : "no_product_data";
  await savePage(ctx.db, { sourceId: ctx.source.id, url: message.url, kind: "product", runId: ctx.run.id, statusCode: status, rendered, outcome: kind, errorKind: kind, lastError: kind === "malformed_structured_data" ? "structured data present but not parseable as a product" : "no product data found on the page" });
  ctx.ledger.error(ctx.run.id, kind);
  ctx.ledger.count(ctx.run.id, "pagesFailed");
  return { status: "failed", outcome: kind };
}

async function httpFailure(ctx: CrawlContext, message: CrawlMessage, status: number, kind: "sitemap" | "listing" | "product"): Promise<UrlOutcome> {
  const errorKind = `http_${status}`;
  await savePage(ctx.db, { sourceId: ctx.source.id, url: message.url, kind, runId: ctx.run.id, statusCode: status, outcome: errorKind, errorKind, lastError: `HTTP ${status}` });
  ctx.ledger.error(ctx.run.id, errorKind);
  ctx.ledger.count(ctx.run.id, "pagesFailed");
  return { status: "failed", outcome: errorKind };
}

