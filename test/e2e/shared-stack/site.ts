/**
 * The site as a visitor uses it, in a real browser, against the local stack
 * with the crawled and embedded demo shop: feeds and paging, an artwork and its
 * similar works, search by text and colour with a price filter, likes that
 * change the personal feed, walls and their share links, the taste finder, the
 * explore map and the buy redirect. Screenshots of the main pages go to
 * test-results/screenshots/.
 */
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { projectRoot } from "../../../scripts/lib/local-env";
import { launchBrowser, newReportingPage, screenshotDir } from "../../support/browser";
import { WAIT_MS as DEMO_RUNS_WAIT_MS, demoRunsDone } from "../../support/crawled-stack-ready";
import { runOfflinePipeline as runPipeline } from "../../../scripts/lib/pipeline";

interface Card { id: number; slug: string; title: string; dominantColour: string | null; priceMinor: number | null; currency: string | null }

describe("the site in a browser", () => {
  // The e2e project's shared stack, with both demo shops already crawled into it.
  const stack = inject("crawledStack");
  let browser: Browser;
  let app: string;
  const shot = (page: Page, name: string) => page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
  const api = async <T,>(path: string, init?: RequestInit): Promise<T> => (await fetch(`${app}${path}`, init)).json() as Promise<T>;
  const cardIds = (page: Page, label: string) =>
    page.getByRole("list", { name: label, exact: true }).locator("[data-artwork-id]").evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-artwork-id"))));

  // Its map, search and pipeline checks need the collection the second demo run settles.
  beforeAll(demoRunsDone, DEMO_RUNS_WAIT_MS);

  beforeAll(async () => {
    app = stack.urls.app;
    // The pipeline as an operator runs it (idempotent if another test file ran it already).
    await runPipeline({ ADMIN_API_URL: stack.urls.worker, ADMIN_TOKEN: stack.adminToken, OFFLINE_WORK_DIR: join(stack.persistTo, "offline") });
    browser = await launchBrowser();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
  }, 60_000);

  const freshPage = (viewport = { width: 1280, height: 900 }) => newReportingPage(browser, viewport);

  it("browses the feed and pages through it, with and without JavaScript", async () => {
    const { context, page } = await freshPage();
    const res = await page.goto(app);
    expect(res?.status()).toBe(200);
    expect(res?.headers()["cache-control"]).toMatch(/public.*s-maxage/);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toMatch(/Find art/);
    expect(await page.getByRole("heading", { name: "Vibes" }).isVisible()).toBe(true);
    const first = await cardIds(page, "Discover");
    expect(first).toHaveLength(24);
    await shot(page, "home");
    // Infinite scroll appends the next page without repeats.
    await page.getByRole("link", { name: "Load more" }).scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelectorAll('[aria-label="Discover"] [data-artwork-id]').length >= 48);
    const scrolled = await cardIds(page, "Discover");
    expect(new Set(scrolled).size).toBe(scrolled.length);
    await context.close();

    // Without JavaScript the "Load more" link is a real page with the next works.
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const plain = await noJs.newPage();
    await plain.goto(app);
    const page1 = await cardIds(plain, "Discover");
    await plain.getByRole("link", { name: "Load more" }).click();
    await plain.waitForURL(/cursor=/);
    const page2 = await cardIds(plain, "Discover");
    expect(page2).toHaveLength(24);
    expect(page2.filter((id) => page1.includes(id))).toEqual([]);
    // The same link reproduces the same page.
    const again = await noJs.newPage();
    await again.goto(plain.url());
    expect(await cardIds(again, "Discover")).toEqual(page2);
    await noJs.close();
  });

  it("opens a work, follows a similar work, and buys through the tracked redirect", async () => {
    const { context, page } = await freshPage();
    await page.goto(app);
    const firstCard = page.getByRole("list", { name: "Discover", exact: true }).getByRole("link").first();
    const title = (await firstCard.locator(".title").textContent())!.trim();
    await firstCard.click();
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
    const image = page.locator(".artwork-figure img");
    expect(await image.getAttribute("alt")).toContain(title);
    expect(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await page.getByRole("heading", { name: "Sizes and prices" }).isVisible()).toBe(true);
    const og = await page.locator('meta[property="og:image"]').getAttribute("content");
    expect(og).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/images\/[0-9a-f]{64}/);
    await shot(page, "artwork");

    const similar = await cardIds(page, "Similar works");
    expect(similar.length).toBeGreaterThanOrEqual(6);
    const slug = page.url().split("/artworks/")[1]!;
    const fromApi = await api<{ works: Card[] }>(`/api/artworks/${slug}/similar`);
    expect(similar).toEqual(fromApi.works.map((w) => w.id));
    const similarLink = page.getByRole("list", { name: "Similar works" }).getByRole("link").first();
    const similarTitle = (await similarLink.locator(".title").textContent())!.trim();
    await similarLink.click();
    await page.waitForFunction((t) => document.querySelector("h1")?.textContent?.trim() === t, similarTitle);

    // A work sold by both demo shops has a second "Buy at" link for the partner's offer: the main button is first.
    const buy = page.getByRole("link", { name: /^Buy at / }).first();
    const redirects: number[] = [];
    page.on("response", (r) => {
      if (r.url().includes("/go/")) redirects.push(r.status());
    });
    await buy.click();
    await page.waitForURL((url) => url.origin === stack.urls.shop || url.origin === stack.urls.partner);
    expect(redirects).toContain(302);
    expect(await page.content()).toContain(similarTitle.split(" ")[0]);
    await context.close();
  });

  it("likes works and sees the personal feed follow them", async () => {
    const { context, page } = await freshPage();
    // Pick a work and learn its nearest neighbours from the API.
    const discover = await api<{ works: Card[] }>("/api/feed?limit=48");
    const liked = discover.works[5]!;
    const near = (await api<{ works: Card[] }>(`/api/artworks/${liked.slug}/similar?limit=24`)).works.map((w) => w.id);
    await page.goto(`${app}/artworks/${liked.slug}`);
    const like = page.getByRole("button", { name: "Like", exact: true });
    await Promise.all([page.waitForResponse((r) => r.url().includes("/reactions") && r.request().method() === "POST"), like.click()]);
    await page.waitForFunction(() => document.querySelector('[data-reaction]')?.getAttribute("data-reaction") === "1");
    expect((await context.cookies()).map((c) => c.name)).toContain("as_session");
    // Settles after the action's revalidation (a click before hydration posts the form without JavaScript).
    await expect.poll(() => like.getAttribute("aria-pressed"), { timeout: 15_000 }).toBe("true");

    await page.goto(`${app}/?feed=for-you`);
    expect((await page.getByRole("heading", { name: "For you" }).count())).toBe(1);
    const forYou = await cardIds(page, "For you");
    expect(forYou.length).toBeGreaterThanOrEqual(12);
    const top = forYou.slice(0, 12);
    // The first works of the personal feed are the liked work's neighbours.
    expect(top.filter((id) => near.includes(id)).length).toBeGreaterThanOrEqual(10);
    expect(forYou).not.toContain(liked.id);
    await shot(page, "feed-for-you");

    // Dislike one of them: it and its close neighbours sink out of the next page.
    const disliked = (await api<{ works: Card[] }>(`/api/feed?limit=48`)).works.find((w) => w.id === top[0]) ?? null;
    const dislikedSlug = disliked?.slug ?? (await page.getByRole("list", { name: "For you", exact: true }).getByRole("link").first().getAttribute("href"))!.split("/artworks/")[1]!;
    await page.goto(`${app}/artworks/${dislikedSlug}`);
    await Promise.all([page.waitForResponse((r) => r.url().includes("/reactions") && r.request().method() === "POST"), page.getByRole("button", { name: "Dislike", exact: true }).click()]);
    await page.waitForFunction(() => document.querySelector('[data-reaction]')?.getAttribute("data-reaction") === "-1");
    await page.goto(`${app}/?feed=for-you`);
    const after = await cardIds(page, "For you");
    expect(after).not.toContain(top[0]);
    expect(new Set(after).size).toBe(after.length);
    // Nothing just shown comes back first.
    expect(after.slice(0, 12).filter((id) => forYou.slice(0, 12).includes(id))).toEqual([]);

    await page.goto(`${app}/likes`);
    expect(await cardIds(page, "Liked works")).toEqual([liked.id]);
    await context.close();
  });

  it("sends a rendered artwork page again only to visitors whose page data is the same (docs/decisions/0027)", async () => {
    const works = (await api<{ works: Card[] }>("/api/feed?limit=2")).works;
    const [work, other] = [works[0]!, works[1]!];
    const visitorWhoLikes = async (id: number) => {
      const res = await fetch(`${app}/api/likes/${id}`, { method: "PUT", headers: { "Content-Type": "application/json", Origin: app }, body: '{"value":1}' });
      await res.arrayBuffer();
      return /^\s*(as_session=[^;]+)/.exec(res.headers.getSetCookie().find((c) => c.includes("as_session=")) ?? "")![1]!;
    };
    const [likesIt, likesOther, alsoLikesOther] = [await visitorWhoLikes(work.id), await visitorWhoLikes(other.id), await visitorWhoLikes(other.id)];
    const page = async (cookie: string) => {
      const res = await fetch(`${app}/artworks/${work.slug}`, { headers: { Cookie: cookie, Accept: "text/html" } });
      const html = await res.text();
      return { html, kept: res.headers.get("X-Document-Cache"), reaction: /data-reaction="(-?\d)"/.exec(html)?.[1], private: res.headers.get("Cache-Control") };
    };
    const first = await page(likesOther);
    expect(first.reaction).toBe("0");
    expect(first.private).toMatch(/private/);
    // Another visitor with the same page data (no reaction to this work, no walls) gets the same document.
    const second = await page(alsoLikesOther);
    expect(second.kept).toBe("HIT");
    expect(second.html).toBe(first.html);
    // The visitor who liked it gets their own, with the like shown, and the others still get theirs.
    const own = await page(likesIt);
    expect(own.reaction).toBe("1");
    expect((await page(likesOther)).reaction).toBe("0");
    expect((await page(likesIt)).reaction).toBe("1");
  });

  it("makes a wall, and its share link opens read-only in a fresh browser", async () => {
    const { context, page } = await freshPage();
    const works = (await api<{ works: Card[] }>("/api/feed?limit=3")).works;
    for (const [i, work] of works.entries()) {
      await page.goto(`${app}/artworks/${work.slug}`);
      if (i === 0) await page.getByLabel("New wall name").fill("Living room");
      else await page.getByLabel("Wall", { exact: true }).selectOption({ label: "Living room" });
      await page.getByRole("button", { name: "Add to wall" }).click();
      await page.getByText(/Added to/).waitFor();
    }
    await page.goto(`${app}/walls`);
    await page.getByRole("link", { name: /Living room/ }).first().click();
    await page.getByRole("heading", { level: 1, name: "Living room" }).waitFor();
    const onWall = await page.locator("[data-wall-items] [data-artwork-id]").evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-artwork-id"))));
    expect(onWall).toEqual(works.map((w) => w.id));
    await page.getByRole("button", { name: `Move down: ${works[0]!.title}` }).click();
    await page.waitForFunction((id) => document.querySelector("[data-wall-items] [data-artwork-id]")?.getAttribute("data-artwork-id") !== String(id), works[0]!.id);
    // The planner shows the total beside the list too: read the first.
    const total = await page.locator(".wall-total").first().textContent();
    expect(total).toMatch(/\d/);
    const shareUrl = await page.getByLabel("Share link").inputValue();
    expect(shareUrl).toMatch(/\/w\/[A-Za-z0-9_-]{22,}$/);
    await shot(page, "wall");

    const stranger = await browser.newContext();
    const shared = await stranger.newPage();
    await shared.goto(shareUrl);
    expect((await shared.getByRole("heading", { level: 1 }).textContent())!.trim()).toBe("Living room");
    const sharedIds = await cardIds(shared, "Works on Living room");
    expect(sharedIds).toEqual([works[1]!.id, works[0]!.id, works[2]!.id]);
    expect(await shared.getByRole("button", { name: /Remove|Move|Delete|Rename/ }).count()).toBe(0);
    expect(await shared.content()).not.toMatch(/as_session/);
    // The stranger cannot change it through the API either.
    const wallId = page.url().split("/walls/")[1]!;
    const refused = await shared.evaluate(async (id) => (await fetch(`/api/walls/${id}`, { method: "DELETE" })).status, wallId);
    expect([401, 404]).toContain(refused);
    await shot(shared, "wall-shared");
    await stranger.close();
    await context.close();
  });

  it("runs the taste finder and seeds the personal feed", async () => {
    const { context, page } = await freshPage();
    await page.goto(`${app}/taste`);
    let liked = 0;
    for (let step = 1; step <= 8; step++) {
      const sample = page.locator("[data-taste=step]");
      if ((await sample.count()) === 0) break;
      expect(await page.locator("#taste-progress-text").textContent()).toBe(`Step ${step} of 8`);
      expect(await page.getByRole("progressbar", { name: "Taste finder progress" }).count()).toBe(1);
      const answer = step % 3 === 1 ? "Like" : step % 3 === 2 ? "Skip" : "Dislike";
      if (answer === "Like") liked++;
      await page.getByRole("button", { name: answer, exact: true }).click();
      await page.waitForFunction(
        (next) => document.querySelector("[data-taste=done]") !== null || document.querySelector("#taste-progress-text")?.textContent === `Step ${next} of 8`,
        step + 1,
      );
      if (step === 1) await shot(page, "taste");
    }
    expect(await page.locator("[data-taste=done]").count()).toBe(1);
    await page.getByRole("link", { name: "See your feed" }).click();
    await page.waitForURL(/feed=for-you/);
    await page.getByText(new RegExp(`Learned from ${liked} likes? and \\d+ dislikes?`)).waitFor();
    expect((await cardIds(page, "For you")).length).toBeGreaterThan(0);
    await context.close();
  });

  it("opens the explore map and clicks a work", async () => {
    const drawn = () => page.waitForFunction(() => Number(document.querySelector(".map-canvas")?.getAttribute("data-drawn")) > 0);
    let { context, page } = await freshPage();
    await page.goto(`${app}/map`);
    expect((await page.getByRole("heading", { level: 1 }).textContent())!.trim()).toBe("Explore the collection");
    const map = page.getByRole("region", { name: "Collection map" });
    await page.waitForFunction(() => document.querySelector("#collection-map")?.getAttribute("data-map-mode") === "interactive");
    expect(Number(await map.getAttribute("data-points"))).toBeGreaterThan(500);
    expect(await page.locator("[data-cluster]").count()).toBeGreaterThanOrEqual(4);
    // At the demo's size every work is drawn one by one at 1x, none hidden under another.
    await page.waitForFunction(() => Number(document.querySelector(".map-canvas")?.getAttribute("data-drawn")) > 500);
    await page.waitForLoadState("networkidle");
    await shot(page, "map");
    // Zoomed deep into the map's corner, where no work lies: the map says so and leads to the nearest works.
    const corner = (await page.locator(".map-canvas").boundingBox())!;
    await page.mouse.move(corner.x + 3, corner.y + 3);
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -400);
    const wayOut = page.locator(".map-empty").getByRole("button", { name: "Go to the nearest works" });
    // Generous: the notice waits for every tile the view needs, slow while other files run beside.
    await wayOut.waitFor({ timeout: 60_000 });
    expect(Number(await map.getAttribute("data-zoom"))).toBeGreaterThan(50);
    await shot(page, "map-empty");
    await wayOut.click();
    await page.waitForFunction(() => Number(document.querySelector(".map-canvas")?.getAttribute("data-in-view")) > 0);
    expect(await page.locator(".map-empty").count()).toBe(0);
    await page.getByRole("button", { name: "Reset view" }).click();
    await page.getByRole("button", { name: "Zoom in" }).click();
    await page.getByRole("button", { name: "Zoom in" }).click();
    await page.waitForFunction(() => Number(document.querySelector("#collection-map")?.getAttribute("data-zoom")) > 2);
    await drawn();
    await page.waitForLoadState("networkidle");
    await shot(page, "map-zoomed");
    // The list follows the view as tiles arrive: the work to open is the one that has focus
    // when Enter is pressed, not whichever is first a moment later.
    await page.getByRole("list", { name: "Works in view" }).locator("a[data-artwork-id]").first().focus();
    const href = await page.evaluate(() => document.activeElement?.getAttribute("href") ?? null);
    expect(href).toMatch(/^\/artworks\//);
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname === href);
    expect(await page.getByRole("heading", { level: 1 }).count()).toBe(1);
    await context.close();

    // A phone: labels inside the box and apart, works drawn; a tap on a work opens it.
    ({ context, page } = await freshPage({ width: 390, height: 844 }));
    await page.goto(`${app}/map`);
    await drawn();
    await page.waitForLoadState("networkidle");
    await shot(page, "map-phone");
    await page.getByRole("button", { name: "Zoom in" }).click();
    await page.getByRole("button", { name: "Zoom in" }).click();
    await page.getByRole("button", { name: "Zoom in" }).click();
    await drawn();
    await page.waitForLoadState("networkidle");
    await shot(page, "map-phone-zoomed");
    const box = (await page.locator(".map-canvas").boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForURL((url) => url.pathname.startsWith("/artworks/") || url.pathname === "/map");
    await context.close();
  });

  it("has tag, artist and vibe pages, a sitemap and share cards", async () => {
    const { context, page } = await freshPage();
    const work = (await api<{ works: Card[] }>("/api/feed?limit=1")).works[0]!;
    const detail = await api<{ tags: string[]; artistSlug: string; artist: string }>(`/api/artworks/${work.slug}`);
    // The work's rarest tag, so it is on the tag page's first page.
    const totals = await Promise.all(detail.tags.map(async (tag) => ({ tag, total: (await api<{ total: number }>(`/api/tags/${encodeURIComponent(tag)}`)).total })));
    const rarest = totals.sort((a, b) => a.total - b.total)[0]!;
    await page.goto(`${app}/tags/${encodeURIComponent(rarest.tag)}`);
    if (rarest.total <= 48) expect(await cardIds(page, `Artworks tagged ${rarest.tag}`)).toContain(work.id);
    await page.getByText(new RegExp(`${rarest.total} artworks? tagged`)).waitFor();
    await page.goto(`${app}/artists/${detail.artistSlug}`);
    expect((await page.getByRole("heading", { level: 1 }).textContent())!.trim()).toBe(detail.artist);
    await page.goto(app);
    await page.getByRole("region", { name: "Vibes" }).getByRole("link").first().click().catch(async () => {
      await page.locator(".vibe-link").first().click();
    });
    await page.waitForURL(/\/vibes\//);
    expect((await page.locator("[data-artwork-id]").count())).toBeGreaterThan(0);
    const sitemap = await fetch(`${app}/sitemap.xml`);
    expect(sitemap.headers.get("content-type")).toMatch(/xml/);
    // Past 1,000 URLs the sitemap is an index of parts: the work is in one of them.
    const xml = await sitemap.text();
    const parts = xml.includes("<sitemapindex") ? [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!.replace(/&amp;/g, "&"))) : [];
    const texts = parts.length === 0 ? [xml] : await Promise.all(parts.map(async (u) => (await fetch(`${app}${u.pathname}${u.search}`)).text()));
    expect(texts.some((text) => text.includes(`/artworks/${work.slug}</loc>`))).toBe(true);
    await context.close();
  });

  it("searches by text with a price filter, by colour swatch, and by uploaded image", async () => {
    const { context, page } = await freshPage();
    await page.goto(app);
    await page.getByLabel("Search artworks", { exact: true }).fill("blue under $80");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/search\?q=/);
    expect(await page.getByRole("link", { name: /Remove filter: Under \$80/ }).count()).toBe(1);
    expect(await page.locator(".search-degraded").count()).toBe(0);
    const shown = await cardIds(page, "Search results");
    expect(shown.length).toBeGreaterThan(0);
    const answer = await api<{ results: Card[]; degraded: boolean }>(`/api/search?q=${encodeURIComponent("blue under $80")}`);
    expect(answer.degraded).toBe(false);
    expect(shown).toEqual(answer.results.slice(0, shown.length).map((w) => w.id));
    for (const work of answer.results) {
      expect(work.priceMinor!).toBeLessThanOrEqual(8000);
      expect(work.dominantColour).toBe("blue");
    }
    await shot(page, "search");

    // A swatch narrows the current search to that colour; alone it lists every red work.
    await page.goto(`${app}/search`);
    await page.getByRole("link", { name: "Search red works" }).click();
    await page.waitForURL(/colour=red/);
    const reds = await api<{ results: Card[] }>(`/api/search${new URL(page.url()).search}`);
    expect(reds.results.length).toBeGreaterThan(10);
    expect(reds.results.every((w) => w.dominantColour === "red")).toBe(true);
    await page.getByRole("link", { name: "Showing red works" }).waitFor();
    expect((await cardIds(page, "Search results")).slice(0, 5)).toEqual(reds.results.slice(0, 5).map((w) => w.id));

    // Upload a work's own image: it comes back first.
    const target = (await api<{ works: (Card & { imageHash: string })[] }>("/api/feed?limit=1")).works[0]!;
    const bytes = Buffer.from(await (await fetch(`${app}/images/${target.imageHash}`)).arrayBuffer());
    await page.goto(`${app}/search`);
    await page.getByLabel("Search by image").setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: bytes });
    await page.getByRole("button", { name: "Find similar works" }).click();
    await page.getByRole("heading", { name: "Works like your image" }).waitFor();
    expect((await cardIds(page, "Works like your image"))[0]).toBe(target.id);

    // Hostile and empty queries get a page, not an error.
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    for (const q of ['"); DROP TABLE artworks; --', "<script>alert(1)</script>", '<img src=x onerror="alert(2)">', "NEAR(a b) OR title:*"]) {
      const res = await page.goto(`${app}/search?q=${encodeURIComponent(q)}`);
      expect(res?.status(), q).toBe(200);
      expect(await page.getByRole("heading", { name: "Search", level: 1 }).count()).toBe(1);
    }
    expect(dialogs).toEqual([]);
    await context.close();
  });

  it("is accessible: no serious axe violations, keyboard reachable, usable at 360 px", async () => {
    const work = (await api<{ works: Card[] }>("/api/feed?limit=1")).works[0]!;
    const paths = ["/", `/artworks/${work.slug}`, "/search?q=blue", "/map", "/taste", "/walls", "/likes"];
    for (const viewport of [{ width: 1280, height: 900 }, { width: 360, height: 740 }]) {
      const { context, page } = await freshPage(viewport);
      for (const path of paths) {
        await page.goto(`${app}${path}`);
        const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
        const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
        expect(serious.map((v) => `${path} @${viewport.width}: ${v.id} ${v.nodes.slice(0, 2).map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
        if (viewport.width === 360) {
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(overflow, `${path} scrolls sideways at 360 px`).toBeLessThanOrEqual(0);
        }
      }
      if (viewport.width === 360) await shot(page, "likes-mobile");
      await context.close();
    }
    // Keyboard: the skip link comes first, then the search box; Enter on a card opens it.
    const { context, page } = await freshPage();
    await page.goto(app);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe("q");
    const firstCard = page.getByRole("list", { name: "Discover", exact: true }).getByRole("link").first();
    await firstCard.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/artworks\//);
    await context.close();
  });
});
