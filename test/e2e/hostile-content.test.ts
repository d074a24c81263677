/**
 * Scraped content is data (issue 6, item 2). A stack of its own serves the demo shop's hostile
 * section (workers/demo-shop/hostile.ts: script tags, event handlers, javascript: URLs, </title>
 * and attribute breakouts, entities, broken HTML, CSS injection and very long strings in every
 * scraped field). It is configured as a source through the admin API, crawled and run through
 * the offline pipeline, and then:
 *   - the JSON API returns exactly the plain text the hostile ground truth names (stored as
 *     text: markup reduced to its visible text, literal payloads kept character for character),
 *     and the crawler stored nothing from the page whose only images are javascript:/data: URLs;
 *   - a real browser visits every place the works appear (artwork, artist, tag, vibe and search
 *     pages, the home feed, the personal feed, likes, the map, a wall named with a payload and
 *     its share page): no dialog opens, window.__pwned stays undefined, no element carries an
 *     on* attribute, a javascript: URL or an injected style, the text reads literally, and every
 *     page answer carries the Content-Security-Policy;
 *   - /go/<offerId> only ever redirects to the offer's own shop: tampered affiliate URLs
 *     (javascript:, data:, another host, user-info and protocol-relative tricks) fall back to the
 *     offer's page or are refused.
 * Its own stack, because hostile works in the shared one would change what other files see.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page, Response as PageResponse } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminApi } from "../../offline/admin-api";
import { query } from "../../scripts/backup-d1";
import { projectRoot } from "../../scripts/lib/local-env";
import { startStack, type Stack } from "../../scripts/lib/stack";
import type { CrawlRunView } from "../../workers/admin/crawl-run-view";
import { hostileGroundTruth, LITERAL, type HostileGroundTruth, type HostileWorkTruth } from "../../workers/demo-shop/hostile";
import { hostileSource } from "../../workers/demo-shop/sources";
import { launchBrowser, screenshotDir } from "../support/browser";
import { runOfflinePipeline as runPipeline } from "../../scripts/lib/pipeline";

interface Card { id: number; slug: string; title: string; artist: string | null; artistSlug: string | null }
interface Detail extends Card { description: string; tags: string[]; priceMinor: number | null; currency: string | null; offers: { id: number }[]; cheapestOfferId: number | null }
interface Stored { truth: HostileWorkTruth; detail: Detail }

/** What a page did that it must not have; empty when it is clean. */
interface PageVerdict {
  path: string;
  status: number | undefined;
  csp: boolean;
  dialogs: string[];
  pwned: unknown;
  offences: string[];
  bodyVisible: boolean;
  mainText: string;
  title: string;
}

describe("scraped content is data", () => {
  let stack: Stack;
  let persistTo: string;
  let browser: Browser;
  let app: string;
  let truth: HostileGroundTruth;
  let run: CrawlRunView;
  const stored: Stored[] = [];
  const api = async <T,>(path: string, init?: RequestInit): Promise<T> => {
    const res = await fetch(`${app}${path}`, init);
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    persistTo = mkdtempSync(join(tmpdir(), "art-snob-hostile-"));
    // The stack's demo shop process reads DEMO_SHOP_HOSTILE (workers/demo-shop/server.ts).
    const previous = process.env.DEMO_SHOP_HOSTILE;
    process.env.DEMO_SHOP_HOSTILE = "1";
    try {
      stack = await startStack({
        persistTo,
        ports: { shop: 0, partner: 0, app: 0 },
        // The e2e global setup has just built the app; a dev-stack run (E2E_USE_DEV_STACK) has not.
        buildApp: process.env.E2E_USE_DEV_STACK === "1",
        adminToken: "hostile-admin-token",
        sessionSecret: "hostile-session-secret-0123456789",
        log: () => {},
      });
    } finally {
      if (previous === undefined) delete process.env.DEMO_SHOP_HOSTILE;
      else process.env.DEMO_SHOP_HOSTILE = previous;
    }
    app = stack.urls.app;
    truth = hostileGroundTruth(stack.urls.shop);

    // Configure the hostile section as a source through the admin API, as an operator would, and crawl it.
    const admin = new AdminApi(stack.urls.worker, stack.adminToken);
    const source = hostileSource(stack.urls.shop);
    await admin.json("PUT", `/admin/sources/${source.slug}`, source.body);
    run = (await admin.json<{ run: CrawlRunView }>("POST", "/admin/crawl-runs", { source: source.slug })).run;
    const deadline = Date.now() + 240_000;
    while (run.status === "running" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      run = (await admin.json<{ run: CrawlRunView }>("GET", `/admin/crawl-runs/${run.id}`)).run;
    }
    await runPipeline({ ADMIN_API_URL: stack.urls.worker, ADMIN_TOKEN: stack.adminToken, OFFLINE_WORK_DIR: join(persistTo, "offline") });

    const feed = await api<{ works: Card[] }>("/api/feed?limit=60");
    for (const work of truth.works.filter((w) => w.expected === "stored")) {
      const card = feed.works.find((c) => c.title === work.title);
      if (card) stored.push({ truth: work, detail: await api<Detail>(`/api/artworks/${card.slug}`) });
    }
    browser = await launchBrowser();
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (persistTo) rmSync(persistTo, { recursive: true, force: true });
  }, 120_000);

  it("crawls the hostile section and stores every field as plain text, exactly", async () => {
    expect(run.status, JSON.stringify(run)).not.toBe("running");
    expect(run.artworksNew).toBe(truth.works.filter((w) => w.expected === "stored").length);
    // The page whose only images are javascript: and data: URLs stores nothing.
    expect(run.errorsByKind["no_image"] ?? 0).toBeGreaterThanOrEqual(1);
    const feed = await api<{ works: Card[] }>("/api/feed?limit=60");
    expect(feed.works).toHaveLength(run.artworksNew);
    expect(feed.works.map((w) => w.title)).not.toContain(truth.works.find((w) => w.expected === "refused")!.title);

    expect(stored.map((s) => s.truth.slug)).toEqual(truth.works.filter((w) => w.expected === "stored").map((w) => w.slug));
    for (const { truth: work, detail } of stored) {
      const got = { slug: work.slug, title: detail.title, artist: detail.artist, description: detail.description, tags: [...detail.tags].sort() };
      expect(got).toEqual({ slug: work.slug, title: work.title, artist: work.artist, description: work.description, tags: [...work.tags].sort() });
      expect([detail.priceMinor, detail.currency], work.slug).toEqual([work.priceMinor, "USD"]);
      // Slugs are URL-safe whatever the title was.
      expect(detail.slug, work.slug).toMatch(/^[a-z0-9][a-z0-9-]{0,99}$/);
      if (detail.artistSlug) expect(detail.artistSlug, work.slug).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    }
    // The literal payloads are in the API's JSON as the characters themselves, not entity-encoded.
    const texts = stored.flatMap((s) => [s.detail.title, s.detail.artist ?? "", s.detail.description]).join("\n");
    for (const literal of [LITERAL.script, LITERAL.img, LITERAL.titleBreakout, LITERAL.doubleEncoded, LITERAL.styleAttribute]) expect(texts).toContain(literal);

    // A keyword search finds them (FTS5 reads the same text).
    const search = await api<{ results: Card[] }>(`/api/search?q=${truth.searchWord}`);
    expect(search.results.length).toBeGreaterThan(0);
    expect(search.results.every((r) => stored.some((s) => s.detail.id === r.id))).toBe(true);
  });

  // ------------------------------------------------------------------ the browser

  /** Opens `path` on the site (or an absolute URL) and inspects what it did. */
  async function visit(context: BrowserContext, path: string): Promise<PageVerdict> {
    const url = /^https?:/.test(path) ? path : `${app}${path}`;
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss().catch(() => {});
    });
    const documents: PageResponse[] = [];
    page.on("response", (response) => {
      const type = response.request().resourceType();
      if (response.url().startsWith(new URL(url).origin) && (type === "document" || type === "fetch" || type === "xhr")) documents.push(response);
    });
    const response = await page.goto(url, { waitUntil: "load" });
    // Give handlers (onerror of a broken image, onload of an svg, hydration) time to run.
    await page.waitForLoadState("networkidle").catch(() => {});
    await page.waitForTimeout(250);
    const inspected = await page.evaluate((marker) => {
      const offences: string[] = [];
      const describe = (el: Element) => `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}>`;
      const urlAttributes = new Set(["href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset", "background"]);
      for (const el of Array.from(document.querySelectorAll("*"))) {
        for (const attribute of Array.from(el.attributes)) {
          const name = attribute.name.toLowerCase();
          const value = attribute.value;
          const squashed = value.replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
          if (name.startsWith("on")) offences.push(`${describe(el)} has ${name}="${value.slice(0, 60)}"`);
          if (urlAttributes.has(name) && (squashed.startsWith("javascript:") || squashed.startsWith("data:text/html") || squashed.startsWith("vbscript:"))) {
            offences.push(`${describe(el)} has ${name}="${value.slice(0, 60)}"`);
          }
          if (name === "style" && /pwned|javascript:|expression\(|behavior:|binding:/.test(squashed)) offences.push(`${describe(el)} has style="${value.slice(0, 60)}"`);
        }
      }
      const main = document.querySelector("main");
      if (!main) offences.push("no <main>");
      for (const el of Array.from(main?.querySelectorAll("script, iframe, object, embed, base, svg[onload], img[src='x'], style, link") ?? [])) {
        offences.push(`injected ${describe(el)} in main`);
      }
      for (const el of Array.from(document.querySelectorAll("base"))) offences.push(`a <base href="${el.getAttribute("href")}">`);
      const body = document.body;
      const style = getComputedStyle(body);
      return {
        offences,
        pwned: (window as unknown as Record<string, unknown>)[marker],
        bodyVisible: style.display !== "none" && style.visibility !== "hidden" && body.getBoundingClientRect().height > 0,
        mainText: main?.textContent ?? "",
        title: document.title,
      };
    }, truth.marker);
    const withoutCsp = documents.filter((r) => !r.headers()["content-security-policy"]).map((r) => `${r.request().resourceType()} ${r.url()}`);
    if (withoutCsp.length > 0) inspected.offences.push(`answers without a Content-Security-Policy: ${withoutCsp.join(", ")}`);
    // A picture only of what failed (or the home page, for the record): a screenshot per page cost a second each.
    if (path === "/" || inspected.offences.length > 0 || dialogs.length > 0 || inspected.pwned !== undefined) {
      const shotName = path === "/" ? "home" : path.replace(/^https?:\/\/[^/]+/, "shop").replace(/\W+/g, "-").replace(/^-+/, "").slice(0, 60);
      await page.screenshot({ path: join(screenshotDir, `hostile-${shotName}.png`) }).catch(() => {});
    }
    await page.close();
    return {
      path,
      status: response?.status(),
      csp: Boolean(response?.headers()["content-security-policy"]?.includes("default-src 'self'")),
      dialogs,
      ...inspected,
    };
  }

  /** Visits `paths` a few pages at a time (most of a visit is waiting for the network to settle), verdicts in order. */
  async function visitAll(context: BrowserContext, paths: string[]): Promise<PageVerdict[]> {
    const verdicts: PageVerdict[] = new Array(paths.length);
    let next = 0;
    const lane = async () => {
      for (let i = next++; i < paths.length; i = next++) verdicts[i] = await visit(context, paths[i]!);
    };
    await Promise.all([lane(), lane(), lane()]);
    return verdicts;
  }

  function expectClean(verdict: PageVerdict): void {
    expect({ path: verdict.path, status: verdict.status }).toEqual({ path: verdict.path, status: 200 });
    expect({ path: verdict.path, csp: verdict.csp }).toEqual({ path: verdict.path, csp: true });
    expect({ path: verdict.path, dialogs: verdict.dialogs, pwned: verdict.pwned, offences: verdict.offences, bodyVisible: verdict.bodyVisible }).toEqual({
      path: verdict.path,
      dialogs: [],
      pwned: undefined,
      offences: [],
      bodyVisible: true,
    });
  }

  /** Text in the page reads as the stored text: the same characters, whitespace aside. */
  const squash = (text: string) => text.replace(/\s+/g, " ").trim();

  it("has checks that catch a payload that runs: the hostile shop's own pages fail them", async () => {
    // The control: the shop serves the markup raw, so in a browser its payloads run.
    const context = await browser.newContext();
    const verdict = await visit(context, truth.works.find((w) => w.slug === "event-handlers")!.url);
    expect(verdict.pwned).toBe(1);
    expect(verdict.offences.some((o) => /onerror=/.test(o))).toBe(true);
    expect(verdict.offences.some((o) => /without a Content-Security-Policy/.test(o))).toBe(true);
    expect(verdict.csp).toBe(false);
    const scripted = await visit(context, truth.works.find((w) => w.slug === "script-tags")!.url);
    expect(scripted.dialogs.length).toBeGreaterThan(0);
    await context.close();
  });

  it("shows every hostile work's page, artist and tags with the text literally and nothing run", async () => {
    const context = await browser.newContext();
    const artworkPages = await visitAll(context, stored.map(({ detail }) => `/artworks/${detail.slug}`));
    const artistPages = await visitAll(context, stored.flatMap(({ detail }) => (detail.artistSlug ? [`/artists/${detail.artistSlug}`] : [])));
    for (const [i, { truth: work, detail }] of stored.entries()) {
      const verdict = artworkPages[i]!;
      expectClean(verdict);
      const text = squash(verdict.mainText);
      expect(text, work.slug).toContain(squash(work.title));
      expect(text, work.slug).toContain(squash(work.description));
      expect(text, work.slug).toContain(squash(work.artist));
      // The document title is text too (a </title> in the work's title does not end it).
      expect(verdict.title, work.slug).toContain(squash(work.title).slice(0, 60));

      if (detail.artistSlug) {
        const artist = artistPages.find((v) => v.path === `/artists/${detail.artistSlug}`)!;
        expectClean(artist);
        expect(squash(artist.mainText), work.slug).toContain(squash(work.artist));
      }
    }
    const payloadTags = [...new Set(stored.flatMap((s) => s.detail.tags))].filter((t) => /pwned|script|svg|javascript|title/.test(t));
    expect(payloadTags.length).toBeGreaterThanOrEqual(4);
    for (const verdict of await visitAll(context, [truth.searchWord, ...payloadTags].map((tag) => `/tags/${tag}`))) expectClean(verdict);
    await context.close();
  });

  it("keeps the home feed, search, vibes and the map clean", async () => {
    const context = await browser.newContext();
    const home = await visit(context, "/");
    expectClean(home);
    expect(squash(home.mainText)).toContain("Quokka");
    const search = await visit(context, `/search?q=${truth.searchWord}`);
    expectClean(search);
    expect(squash(search.mainText)).toContain(squash(stored[0]!.truth.title).slice(0, 40));
    // The query itself is echoed back as text.
    const vibes = await api<{ vibes: { slug: string }[] }>("/api/vibes");
    const paths = [
      ...[LITERAL.script, LITERAL.img, LITERAL.titleBreakout, LITERAL.attributeBreakout, LITERAL.jsUrl].map((q) => `/search?q=${encodeURIComponent(q)}`),
      ...vibes.vibes.slice(0, 3).map((vibe) => `/vibes/${vibe.slug}`),
      "/map",
    ];
    for (const verdict of await visitAll(context, paths)) expectClean(verdict);
    await context.close();
  });

  it("keeps likes, the personal feed, a wall named with a payload and its share page clean", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(app);
    const wallName = `${LITERAL.img} Quokka wall`;
    // Writes from the site's own page: the browser sends this origin and the session cookie.
    const wall = await page.evaluate(
      async ({ ids, name }) => {
        const send = (method: string, url: string, body: unknown) =>
          fetch(url, { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
        for (const id of ids) {
          const liked = await send("PUT", `/api/likes/${id}`, { value: 1 });
          if (liked.status !== 200) throw new Error(`like ${id}: ${liked.status} ${JSON.stringify(liked.body)}`);
        }
        const created = await send("POST", "/api/walls", { name });
        if (created.status !== 201) throw new Error(`wall: ${created.status} ${JSON.stringify(created.body)}`);
        const wallId = created.body.id as number;
        for (const id of ids) {
          const added = await send("POST", `/api/walls/${wallId}/items`, { artworkId: id });
          if (added.status >= 300) throw new Error(`add ${id}: ${added.status} ${JSON.stringify(added.body)}`);
        }
        return { id: wallId, sharePath: created.body.sharePath as string };
      },
      { ids: stored.map((s) => s.detail.id), name: wallName },
    );
    await page.close();

    for (const verdict of await visitAll(context, ["/likes", "/?feed=for-you", "/walls", `/walls/${wall.id}`])) {
      const path = verdict.path;
      expectClean(verdict);
      if (path.startsWith("/walls")) expect(squash(verdict.mainText), path).toContain(squash(wallName));
    }
    const ownWall = await visit(context, `/walls/${wall.id}`);
    for (const { truth: work } of stored) expect(squash(ownWall.mainText), work.slug).toContain(squash(work.title).slice(0, 60));
    await context.close();

    // The share link, opened by a stranger.
    const stranger = await browser.newContext();
    const shared = await visit(stranger, wall.sharePath);
    expectClean(shared);
    expect(squash(shared.mainText)).toContain(squash(wallName));
    expect(shared.title).toContain(squash(wallName).slice(0, 40));
    await stranger.close();
  });

  // ------------------------------------------------------------------ the buy redirect

  it("sends buyers only to the offer's own shop, whatever its stored URLs say", async () => {
    const go = (offerId: number) => fetch(`${app}/go/${offerId}`, { redirect: "manual" });
    const shopHost = new URL(stack.urls.shop).host;
    // As crawled: the page's own URL with the affiliate template, even where the page declared
    // a javascript: or another host's product URL.
    for (const { truth: work, detail } of stored) {
      const offerId = detail.cheapestOfferId ?? detail.offers[0]!.id;
      const res = await go(offerId);
      expect(res.status, work.slug).toBe(302);
      const location = res.headers.get("location")!;
      expect(new URL(location).host, work.slug).toBe(shopHost);
      expect(location, work.slug).toBe(`${work.offerUrl}?ref=artsnob`);
    }

    // Tampered rows: an attacker who could write to D1 (or a bad template) still gets no open redirect.
    // Each tampered value goes on an offer of its own, so a whole round is one SQL write (each
    // write is a wrangler process: one per value made this test the slowest of its file).
    const tampered = [
      "javascript:window.__pwned=1",
      " JavaScript:window.__pwned=1",
      "data:text/html,<script>window.__pwned=1</script>",
      "https://evil.example/steal",
      `https://${shopHost}@evil.example/steal`,
      "//evil.example/steal",
      "https://evil.example/?u=http://127.0.0.1/",
      `http://${new URL(stack.urls.shop).hostname}.evil.example/`,
    ];
    // Both URLs off the shop: refused outright.
    const offSite = ["javascript:window.__pwned=1", "https://evil.example/buy"];
    const offers = stored.map(({ truth: work, detail }) => ({ id: detail.cheapestOfferId ?? detail.offers[0]!.id, own: work.offerUrl }));
    expect(offers.length).toBeGreaterThan(tampered.length);
    const quoted = (text: string) => `'${text.replace(/'/g, "''")}'`;
    const setOffers = (rows: Array<{ id: number; affiliateUrl: string; url: string }>) =>
      query({ remote: false, persistTo }, rows.map((r) => `UPDATE offers SET affiliate_url = ${quoted(r.affiliateUrl)}, url = ${quoted(r.url)} WHERE id = ${r.id}`).join("; "));
    const expectRefused = async (offerId: number, url: string) => {
      const res = await go(offerId);
      expect({ url, status: res.status, location: res.headers.get("location") }).toEqual({ url, status: 404, location: null });
      expect(await res.json()).toMatchObject({ error: "not_found" });
    };
    const spare = offers[tampered.length]!;

    // Round 1: every tampered affiliate URL beside the offer's own URL, and the first off-site pair.
    await setOffers([
      ...tampered.map((affiliateUrl, i) => ({ id: offers[i]!.id, affiliateUrl, url: offers[i]!.own })),
      { id: spare.id, affiliateUrl: "https://evil.example/steal", url: offSite[0]! },
    ]);
    for (const [i, affiliateUrl] of tampered.entries()) {
      const res = await go(offers[i]!.id);
      expect({ affiliateUrl, status: res.status, location: res.headers.get("location") }).toEqual({ affiliateUrl, status: 302, location: offers[i]!.own });
    }
    await expectRefused(spare.id, offSite[0]!);

    // Round 2: the second off-site pair; the other offers back as crawled, and they send buyers on again.
    const asCrawled = (o: { id: number; own: string }) => ({ id: o.id, affiliateUrl: `${o.own}?ref=artsnob`, url: o.own });
    await setOffers([{ id: spare.id, affiliateUrl: "https://evil.example/steal", url: offSite[1]! }, ...offers.slice(0, tampered.length).map(asCrawled)]);
    await expectRefused(spare.id, offSite[1]!);
    for (const offer of offers.slice(0, tampered.length)) expect((await go(offer.id)).headers.get("location")).toBe(`${offer.own}?ref=artsnob`);
    await setOffers([asCrawled(spare)]);
    expect((await go(spare.id)).headers.get("location")).toBe(`${spare.own}?ref=artsnob`);
  });
});
