/**
 * The crawler end to end: the real cron/admin -> queue -> consumer path inside
 * workerd, on local D1/R2/Durable Objects and Browser Rendering, against the
 * demo shop served over HTTP. Compared with the shop's ground truth.
 * One file, run in order: version 1, then version 2 by a crawl interrupted half-way and restarted.
 * `npm test` crawls the shop's first 160 works; `npm run test:crawl-full` the whole shop
 * (test/support/demo-shop-global-setup.ts, MAIN_SHOP_WORKS).
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { normaliseTags } from "../../../workers/crawler/parse/text";
import type { GroundTruth, GroundTruthWork } from "../../../workers/demo-shop/ground-truth";
import { demoSources } from "../../../workers/demo-shop/sources";
import { admin, clearShopLog, groundTruth, registerDemoSources, setShopVersion, shopLog, startCrawl, startCrawlByCron, waitForRun, type RunView } from "./support";

interface OfferRow { id: number; artwork_id: number; url: string; price_minor: number | null; currency: string | null; available: number }
interface VariantRow { label: string; width_cm: number; height_cm: number; price_minor: number; currency: string }

const db = () => env.DB;
const all = async <T>(query: string, ...binds: unknown[]) => (await db().prepare(query).bind(...binds).all<T>()).results;
const first = async <T>(query: string, ...binds: unknown[]) => db().prepare(query).bind(...binds).first<T>();

const INDEXED = new Set(["indexed", "indexed-with-browser", "indexed-once", "slow"]);

/** Each kind of work or change a check below walks through is there at least this often, in the small shop as in the whole one. */
const SEVERAL = 5;

async function offerFor(url: string): Promise<OfferRow | null> {
  return first<OfferRow>("SELECT * FROM offers WHERE url = ?", url);
}

async function expectStoredExactly(work: GroundTruthWork): Promise<void> {
  const offer = await offerFor(work.url);
  expect(offer, `offer for ${work.url} (${work.syntax}, ${work.case})`).not.toBeNull();
  const artwork = await first<{ id: number; title: string; artist: string; tags: string; image_hash: string; available: number }>(
    "SELECT a.id, a.title, ar.name AS artist, a.tags, a.image_hash, a.available FROM artworks a JOIN artists ar ON ar.id = a.artist_id WHERE a.id = ?",
    offer!.artwork_id,
  );
  expect(artwork?.title, `title of ${work.url}`).toBe(work.title);
  expect(artwork?.artist, `artist of ${work.url}`).toBe(work.artist);
  expect(new Set(JSON.parse(artwork!.tags)), `tags of ${work.url}`).toEqual(new Set(normaliseTags(work.tags)));
  const variants = await all<VariantRow>("SELECT label, width_cm, height_cm, price_minor, currency FROM offer_variants WHERE offer_id = ? ORDER BY price_minor", offer!.id);
  const expected = [...work.sizes].sort((a, b) => a.price - b.price);
  expect(variants.map((v) => [v.price_minor, v.currency, v.width_cm, v.height_cm]), `sizes and prices of ${work.url} (${work.syntax})`).toEqual(
    expected.map((s) => [s.price, work.currency, s.widthCm, s.heightCm]),
  );
  expect(offer!.price_minor).toBe(work.minPrice);
  expect(offer!.currency).toBe(work.currency);
  expect(artwork!.available).toBe(1);
}

async function expectImageBytesMatch(work: GroundTruthWork): Promise<void> {
  const offer = await offerFor(work.url);
  const artwork = await first<{ image_hash: string }>("SELECT image_hash FROM artworks WHERE id = ?", offer!.artwork_id);
  const stored = await env.IMAGES.get(`images/${artwork!.image_hash}`);
  expect(stored, `R2 object for ${work.url}`).not.toBeNull();
  const original = new Uint8Array(await (await fetch(work.imageUrl)).arrayBuffer());
  const copy = new Uint8Array(await stored!.arrayBuffer());
  expect(copy.byteLength).toBe(original.byteLength);
  expect(copy.every((byte, i) => byte === original[i])).toBe(true);
}

describe("crawling the demo shop", () => {
  let truth: GroundTruth;
  let firstRun: RunView;
  /** The shop's request log right after the first crawl, before tests fetch anything themselves. */
  let firstCrawlLog: Awaited<ReturnType<typeof shopLog>>;

  beforeAll(async () => {
    await setShopVersion(1);
    await clearShopLog();
    await registerDemoSources("demo-gallery");
    truth = await groundTruth();
  });

  it("crawls version 1 completely through the cron -> queue -> consumer path", async () => {
    const run = await startCrawlByCron("demo-gallery");
    firstRun = await waitForRun(run.id);
    firstCrawlLog = await shopLog();
    expect(firstRun.status).toBe("finished");
    expect(firstRun.progress.queued).toBe(0);
    const indexed = truth.works.filter((w) => INDEXED.has(w.expected));
    expect(firstRun.artworksNew).toBe(indexed.length);
    const { n } = (await first<{ n: number }>("SELECT count(*) AS n FROM artworks"))!;
    expect(n).toBe(indexed.length);
  }, 400_000);

  it("stores every good artwork with exact title, artist, tags, sizes, prices and currency", async () => {
    const indexed = truth.works.filter((w) => INDEXED.has(w.expected));
    // Every work but the broken cases.
    expect(indexed.length).toBeGreaterThan(truth.works.length * 0.9);
    for (const syntax of ["jsonld", "microdata", "opengraph", "client-rendered"]) {
      expect(indexed.filter((w) => w.syntax === syntax).length, syntax).toBeGreaterThanOrEqual(SEVERAL);
    }
    for (const work of indexed) await expectStoredExactly(work);
  });

  it("stores each image once in R2 under its content hash, byte for byte", async () => {
    const indexed = truth.works.filter((w) => INDEXED.has(w.expected));
    // Every image (not a sample): bytes are compared against the shop's.
    for (const work of indexed) await expectImageBytesMatch(work);
    const { images } = (await first<{ images: number }>("SELECT count(*) AS images FROM images"))!;
    expect(images).toBe(indexed.length);
    const listed = await env.IMAGES.list({ prefix: "images/", limit: 1000 });
    expect(listed.objects.length).toBe(indexed.length);
  });

  it("renders client-side pages through Browser Rendering, and only those", async () => {
    const rendered = await all<{ url: string }>("SELECT url FROM fetch_log WHERE method = 'browser' AND run_id = ?", firstRun.id);
    const clientRendered = truth.works.filter((w) => w.syntax === "client-rendered" && INDEXED.has(w.expected)).map((w) => w.url);
    expect(new Set(rendered.map((r) => r.url))).toEqual(new Set(clientRendered));
    const pages = await all<{ url: string; rendered: number }>("SELECT url, rendered FROM pages WHERE rendered = 1");
    expect(pages.length).toBe(clientRendered.length);
  });

  it("lets the browser load no image: each client-rendered work's image is fetched once, by the crawler itself", async () => {
    const clientRendered = truth.works.filter((w) => w.syntax === "client-rendered" && INDEXED.has(w.expected));
    expect(clientRendered.length).toBeGreaterThanOrEqual(SEVERAL);
    const imageGets = new Map<string, number>();
    for (const entry of firstCrawlLog) if (entry.method === "GET") imageGets.set(entry.path, (imageGets.get(entry.path) ?? 0) + 1);
    for (const work of clientRendered) expect(imageGets.get(new URL(work.imageUrl).pathname), work.imageUrl).toBe(1);
  });

  it("records every broken case with its reason and stores nothing for it", async () => {
    const expectedKind: Record<string, RegExp> = {
      "not-found": /http_404/,
      "server-error": /http_500/,
      "no-structured-data": /malformed_structured_data|no_product_data/,
      "image-missing": /image_http_404/,
      "image-too-large": /image_too_many_pixels|image_too_large/,
      "image-corrupt": /image_corrupt_image/,
      "redirect-loop": /redirect_loop/,
    };
    const broken = truth.cases.filter((c) => expectedKind[c.expected]);
    expect(broken.length).toBeGreaterThanOrEqual(8);
    for (const c of broken) {
      expect(await offerFor(c.url), `${c.case} must not be stored`).toBeNull();
      const trace = await all<{ error_kind: string | null; outcome: string }>(
        "SELECT error_kind, outcome FROM fetch_log WHERE url = ? UNION ALL SELECT error_kind, outcome FROM pages WHERE url = ? UNION ALL SELECT outcome AS error_kind, outcome FROM crawl_frontier WHERE url = ?",
        c.url, c.url, c.url,
      );
      const reasons = trace.map((t) => `${t.error_kind ?? ""} ${t.outcome}`).join(" ");
      expect(reasons, `${c.case} at ${c.url}`).toMatch(expectedKind[c.expected]!);
    }
    const { errorsByKind } = firstRun;
    expect(errorsByKind.http_500).toBeGreaterThanOrEqual(1);
    const deadLetters = await all<{ url: string; error_kind: string }>("SELECT url, error_kind FROM dead_letters WHERE run_id = ?", firstRun.id);
    expect(deadLetters.map((d) => d.error_kind)).toContain("http_500");
  });

  it("recognises the same artwork under two URLs as one artwork", async () => {
    const duplicates = truth.works.filter((w) => w.expected === "indexed-once");
    expect(duplicates.length).toBeGreaterThanOrEqual(2);
    for (const work of duplicates) {
      const offers = await all<OfferRow>("SELECT * FROM offers WHERE url IN (?, ?)", work.url, work.alternateUrls[0] ?? "");
      expect(new Set(offers.map((o) => o.artwork_id)).size, work.url).toBe(1);
    }
  });

  it("never requested anything robots.txt disallows", async () => {
    const log = firstCrawlLog;
    const disallowed = new Set(truth.disallowedLinks.map((l) => new URL(l.url).pathname + new URL(l.url).search));
    const requested = log.map((entry) => entry.path);
    expect(requested.filter((p) => disallowed.has(p))).toEqual([]);
    expect(requested.filter((p) => p.startsWith("/private/") && !p.startsWith("/private/press-kit.html"))).toEqual([]);
    expect(log.every((e) => e.userAgent?.includes("ArtSnobBot/"))).toBe(true);
    const skipped = await all<{ url: string }>("SELECT url FROM crawl_frontier WHERE outcome = 'robots_disallowed'");
    expect(skipped.length).toBeGreaterThan(0);
  });

  it("adds the partner shop's copies of known works as second offers of the same artworks", async () => {
    await registerDemoSources("demo-partner");
    const run = await startCrawl("demo-partner");
    const done = await waitForRun(run.id, 120_000);
    expect(done.status).toBe("finished");
    for (const product of truth.partner.products) {
      const partnerOffer = await first<OfferRow>("SELECT o.* FROM offers o JOIN sources s ON s.id = o.source_id WHERE s.slug = 'demo-partner' AND o.url LIKE ?", `%${product.path}`);
      const mainOffer = await offerFor(product.duplicateOf.url);
      expect(partnerOffer, product.path).not.toBeNull();
      expect(partnerOffer!.artwork_id).toBe(mainOffer!.artwork_id);
    }
    const { n } = (await first<{ n: number }>("SELECT count(*) AS n FROM artworks"))!;
    expect(n).toBe(truth.works.filter((w) => INDEXED.has(w.expected)).length);
  }, 200_000);

  // Version 2 is crawled by a run interrupted half-way and restarted (as after a crash), so
  // the checks of version 2 below also show that a restart loses nothing and adds nothing twice.
  describe("after the shop publishes version 2, crawled by a run interrupted half-way and restarted", () => {
    let v2: GroundTruth;
    let interrupted: RunView;
    let secondRun: RunView;
    let before: { id: number }[];

    beforeAll(async () => {
      before = await all<{ id: number }>("SELECT id FROM artworks ORDER BY id");
      await setShopVersion(2);
      await clearShopLog();
      v2 = await groundTruth();
      const first = await startCrawl("demo-gallery");
      await waitForRun(first.id, 200_000, (r) => r.progress.done >= r.progress.total / 2 && r.progress.total > 100);
      // Starting again supersedes the run in flight (as a restart after a crash would).
      const restarted = await startCrawl("demo-gallery");
      interrupted = await waitForRun(first.id, 10_000);
      // A whole crawl of the shop: on a loaded 2-core machine one took just over the default 300 s.
      secondRun = await waitForRun(restarted.id, 450_000);
    }, 600_000);

    it("cancels the interrupted run and finishes the restarted one", () => {
      expect(interrupted.status).toBe("cancelled");
      expect(secondRun.status).toBe("finished");
    });

    it("completes the restarted crawl without duplicates or losses", async () => {
      const after = new Set((await all<{ id: number }>("SELECT id FROM artworks ORDER BY id")).map((r) => r.id));
      // Every work stays (removed ones are only marked unavailable), and only the new ones are added.
      expect(before.filter((r) => !after.has(r.id))).toEqual([]);
      const v1Ids = new Set(truth.works.map((w) => w.id));
      expect(after.size - before.length).toBe(v2.works.filter((w) => !v1Ids.has(w.id) && INDEXED.has(w.expected)).length);
      const dupOffers = await all<{ url: string; n: number }>("SELECT url, count(*) AS n FROM offers GROUP BY url HAVING n > 1");
      expect(dupOffers).toEqual([]);
      const dupImages = await all<{ n: number }>("SELECT count(*) AS n FROM images GROUP BY hash HAVING count(*) > 1");
      expect(dupImages).toEqual([]);
      for (const work of v2.works.filter((w) => INDEXED.has(w.expected))) {
        expect(await offerFor(work.url), work.url).not.toBeNull();
      }
    });

    it("answers unchanged pages with 304 only, once in each run that reached them, and counts them", async () => {
      const v1ById = new Map(truth.works.map((w) => [w.id, w]));
      const unchanged = v2.works.filter((w) => INDEXED.has(w.expected) && v1ById.get(w.id)?.lastModified === w.lastModified && w.syntax !== "client-rendered");
      expect(unchanged.length).toBeGreaterThan(v2.works.length / 2);
      const log = await shopLog();
      for (const work of unchanged) {
        const statuses = log.filter((e) => e.path === work.path).map((h) => h.status);
        // The interrupted run may have reached a page before the restarted one did.
        expect(statuses.length, work.path).toBeGreaterThanOrEqual(1);
        expect(statuses.length, work.path).toBeLessThanOrEqual(2);
        expect(new Set(statuses), work.path).toEqual(new Set([304]));
      }
      expect(secondRun.pagesNotModified).toBeGreaterThanOrEqual(unchanged.length);
    });

    it("appends changed prices to the history", async () => {
      const v1ById = new Map(truth.works.map((w) => [w.id, w]));
      const changed = v2.works.filter((w) => INDEXED.has(w.expected) && v1ById.has(w.id) && v1ById.get(w.id)!.minPrice !== w.minPrice);
      expect(changed.length).toBeGreaterThanOrEqual(SEVERAL);
      for (const work of changed) {
        const offer = await offerFor(work.url);
        expect(offer!.price_minor, work.url).toBe(work.minPrice);
        const history = await all<{ price_minor: number }>("SELECT price_minor FROM price_history WHERE offer_id = ? AND variant_label IS NULL ORDER BY id", offer!.id);
        expect(history.map((h) => h.price_minor), work.url).toEqual([v1ById.get(work.id)!.minPrice, work.minPrice]);
        await expectStoredExactly(work);
      }
    });

    it("marks removed works unavailable, never deleting them", async () => {
      expect(v2.removed.length).toBeGreaterThanOrEqual(SEVERAL);
      for (const removed of v2.removed) {
        const offer = await offerFor(removed.url);
        if (!offer) continue; // a v1 broken case that was never stored
        expect(offer.available, removed.url).toBe(0);
        const artwork = await first<{ available: number; unavailable_since: number | null }>("SELECT available, unavailable_since FROM artworks WHERE id = ?", offer.artwork_id);
        expect(artwork!.available).toBe(0);
        expect(artwork!.unavailable_since).not.toBeNull();
      }
      expect(secondRun.artworksUnavailable).toBeGreaterThanOrEqual(SEVERAL);
    });

    it("adds the new works", async () => {
      const v1Ids = new Set(truth.works.map((w) => w.id));
      const added = v2.works.filter((w) => !v1Ids.has(w.id) && INDEXED.has(w.expected));
      expect(added.length).toBeGreaterThanOrEqual(SEVERAL);
      for (const work of added) await expectStoredExactly(work);
    });
  });

  // Last, so its requests never mix with the shop log the tests above read.
  it("stops a run at the source's page budget and still finishes it", async () => {
    const [gallery] = demoSources(env.DEMO_SHOP_URL, env.DEMO_PARTNER_URL);
    const res = await admin("PUT", "/admin/sources/budgeted", { ...gallery!.body, name: "Budgeted", maxPagesPerRun: 6 });
    expect(res.status).toBe(200);
    const run = await waitForRun((await startCrawl("budgeted")).id, 60_000);
    expect(run.status).toBe("finished");
    expect(run.pagesQueued).toBeLessThanOrEqual(6);
    expect(run.errorsByKind.page_budget_reached).toBeGreaterThan(0);
  }, 90_000);
});
