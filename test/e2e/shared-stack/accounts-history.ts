/**
 * Issue 15 in a real browser, on the shared crawled stack: passkey sign-in with chromium's
 * virtual authenticator (CDP WebAuthn domain) on one context, then on a second context
 * that holds the same credential, seeing the same likes and walls, then account deletion;
 * the history page with undo; the artwork page's per-tag rows. Desktop and 360 px, axe on
 * the new pages, screenshots in test-results/screenshots/.
 *
 * WebAuthn refuses IP addresses as relying party ids, so the site is opened as localhost.
 */
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, CDPSession, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, newReportingPage, screenshotDir } from "../../support/browser";

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 780 };

interface Card {
  id: number;
  slug: string;
  title: string;
}

describe("accounts, history and tag rows in a browser", () => {
  const stack = inject("crawledStack");
  let browser: Browser;
  let app: string;
  let works: Card[];
  // Wall names of this file's own (the shared stack holds other files' walls too).
  const run = Date.now().toString(36);
  const shot = (page: Page, name: string) => page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    app = stack.urls.app.replace("127.0.0.1", "localhost");
    browser = await launchBrowser();
    const res = await fetch(`${app}/api/feed?feed=discover&limit=24`);
    expect(res.status).toBe(200);
    works = ((await res.json()) as { works: Card[] }).works;
    expect(works.length).toBeGreaterThan(5);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  }, 60_000);

  // Pages wait for their thumbnails' load event; on a busy 2-core machine that can pass 30 s.
  const fresh = (viewport = DESKTOP) => newReportingPage(browser, viewport, { navigationTimeoutMs: 60_000 });

  async function virtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("WebAuthn.enable");
    const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    return { cdp, authenticatorId };
  }

  /**
   * Likes a work on its page and waits for the server's answer: the button shows the like
   * at once (before the request ends), and leaving the page then would cancel the request.
   */
  async function like(page: Page, work: Card): Promise<void> {
    await page.goto(`${app}/artworks/${work.slug}`);
    // Hydrated: the form carries js=1 and is submitted by a fetcher.
    await page.locator(`[data-reaction-for="${work.id}"] input[name="js"]`).first().waitFor({ state: "attached" });
    const button = page.getByRole("button", { name: "Like", exact: true });
    expect(await button.getAttribute("aria-pressed")).toBe("false");
    const [answer] = await Promise.all([
      page.waitForResponse((r) => /^\/reactions(\.data)?$/.test(new URL(r.url()).pathname) && r.request().method() === "POST"),
      button.click(),
    ]);
    expect(answer.status()).toBeLessThan(400);
    await expect.poll(() => page.locator(`[data-reaction-for="${work.id}"]`).getAttribute("data-reaction")).toBe("1");
    await page.locator(`[data-reaction-for="${work.id}"] [role="status"]`).filter({ hasText: "Liked" }).waitFor();
  }

  async function likedIds(page: Page): Promise<number[]> {
    // The list is in the served HTML: no need to wait for every thumbnail (slow on a busy machine).
    await page.goto(`${app}/likes`, { waitUntil: "domcontentloaded", timeout: 60_000 });
    return page
      .getByRole("list", { name: "Liked works" })
      .locator("[data-artwork-id]")
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-artwork-id"))))
      .catch(() => []);
  }

  async function wallNames(page: Page): Promise<string[]> {
    const res = await page.context().request.get(`${app}/api/walls`);
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { walls: { name: string }[] };
    return body.walls.map((w) => w.name).sort();
  }

  async function seriousViolations(page: Page): Promise<string[]> {
    const result = await new AxeBuilder({ page }).analyze();
    return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }

  it("signs in with a passkey on one device, on a second device sees the same likes and walls, then deletes the account", async () => {
    const first = await fresh();
    const a = await virtualAuthenticator(first.page);
    await like(first.page, works[0]!);
    const hallway = `Hallway ${run}`;
    const made = await first.context.request.post(`${app}/api/walls`, { data: { name: hallway }, headers: { Origin: app } });
    expect(made.status()).toBe(201);

    await first.page.goto(`${app}/account`);
    expect(await seriousViolations(first.page)).toEqual([]);
    await shot(first.page, "account-signed-out");
    await first.page.getByRole("button", { name: "Create a passkey" }).click();
    await first.page.getByRole("heading", { name: "Your account", level: 1 }).waitFor();
    await expect.poll(() => first.page.locator("[data-passkeys] li").count()).toBe(1);
    const { credentials } = await a.cdp.send("WebAuthn.getCredentials", { authenticatorId: a.authenticatorId });
    expect(credentials).toHaveLength(1);

    // The second device: 360 px, its own anonymous like, then the same passkey.
    const second = await fresh(PHONE);
    const b = await virtualAuthenticator(second.page);
    await b.cdp.send("WebAuthn.addCredential", { authenticatorId: b.authenticatorId, credential: credentials[0]! });
    await like(second.page, works[1]!);
    await second.page.goto(`${app}/account`);
    await second.page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await second.page.getByRole("heading", { name: "Your account", level: 1 }).waitFor();
    expect(await second.page.getByRole("status").filter({ hasText: "signed in" }).count()).toBeGreaterThan(0);
    expect(await seriousViolations(second.page)).toEqual([]);
    await shot(second.page, "account-signed-in-mobile");

    // Same state on both devices: the first device's like and wall plus the second's like.
    const expected = [works[0]!.id, works[1]!.id].sort();
    expect((await likedIds(second.page)).sort()).toEqual(expected);
    expect(await wallNames(second.page)).toEqual([hallway]);
    expect((await likedIds(first.page)).sort()).toEqual(expected);
    const counts = await second.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(counts).toBe(true);

    // Delete the account on the second device.
    await second.page.goto(`${app}/account`);
    await second.page.getByRole("checkbox", { name: /delete my account/ }).check();
    await second.page.getByRole("button", { name: "Delete account" }).click();
    await second.page.getByText("Your account, its passkeys, likes, walls and history are deleted.").waitFor();
    expect(await likedIds(second.page)).toEqual([]);
    // The first device is no longer signed in to anything, and its state went with the account.
    await first.page.goto(`${app}/account`);
    expect(await first.page.getByRole("heading", { level: 1 }).textContent()).toBe("Sign in");
    expect(await likedIds(first.page)).toEqual([]);
    expect(await wallNames(first.page)).toEqual([]);
    // The passkey no longer signs in.
    await first.page.goto(`${app}/account`);
    await first.page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await first.page.locator("[data-problem=true]").filter({ hasText: "not registered" }).waitFor();
    await first.context.close();
    await second.context.close();
  });

  for (const [name, viewport] of [
    ["desktop", DESKTOP],
    ["mobile", PHONE],
  ] as const) {
    it(`lists likes, wall changes and searches in /history and undoes a like (${name})`, async () => {
      const { context, page } = await fresh(viewport);
      await like(page, works[2]!);
      await like(page, works[3]!);
      await page.goto(`${app}/search?q=${encodeURIComponent("blue sea")}`);
      const made = await context.request.post(`${app}/api/walls`, { data: { name: `Bedroom ${run} ${name}` }, headers: { Origin: app } });
      expect(made.status()).toBe(201);
      const list = page.getByRole("list", { name: "History, newest first" });
      // The search is recorded after its page is answered: reload until it is there.
      const kinds = async () => {
        await page.goto(`${app}/history`);
        return list.locator("li").evaluateAll((els) => els.map((e) => e.getAttribute("data-kind")));
      };
      await expect.poll(kinds, { timeout: 15_000 }).toEqual(expect.arrayContaining(["wall_create", "search", "react"]));
      expect((await kinds()).filter((k) => k === "react")).toHaveLength(2);
      expect(await seriousViolations(page)).toEqual([]);
      await shot(page, `history-${name}`);

      // Undo the newest like (works[3]).
      const entry = list.locator("li[data-kind=react]").first();
      expect(await entry.innerText()).toContain(works[3]!.title);
      await entry.getByRole("button", { name: "Undo" }).click();
      await expect.poll(() => entry.innerText()).toContain("Undone");
      expect((await likedIds(page)).sort()).toEqual([works[2]!.id]);
      await context.close();
    });
  }

  for (const [name, viewport] of [
    ["desktop", DESKTOP],
    ["mobile", PHONE],
  ] as const) {
    it(`shows a row per tag on an artwork page, each linking to its tag page, no work twice (${name})`, async () => {
      const { context, page } = await fresh(viewport);
      let found: Card | null = null;
      for (const work of works) {
        await page.goto(`${app}/artworks/${work.slug}`);
        if ((await page.locator("[data-tag-row]").count()) > 0) {
          found = work;
          break;
        }
      }
      expect(found, "an artwork with tag rows").not.toBeNull();
      const rows = page.locator("[data-tag-row]");
      const tags = await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-tag-row")!));
      const workTags = await page.getByRole("region", { name: "Tags" }).getByRole("link").allInnerTexts().catch(() => [] as string[]);
      for (const tag of tags) expect(workTags.map((t) => t.replace(/^#/, ""))).toContain(tag);
      // No work twice across the tag rows, and none that the page already shows above them
      // (the work itself, "similar", "more by the artist").
      const ids = await rows.locator("[data-artwork-id]").evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-artwork-id"))));
      expect(ids.length).toBeGreaterThan(0);
      expect(new Set(ids).size).toBe(ids.length);
      const above = await page.locator("article section:not([data-tag-row]) [data-artwork-id]").evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-artwork-id"))));
      for (const id of [found!.id, ...above]) expect(ids).not.toContain(id);
      await rows.first().scrollIntoViewIfNeeded();
      await shot(page, `artwork-tag-rows-${name}`);
      expect(await seriousViolations(page)).toEqual([]);
      await rows.first().getByRole("heading").getByRole("link").click();
      await page.waitForURL(new RegExp(`/tags/${tags[0]}$`));
      await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(`#${tags[0]}`);
      await context.close();
    });
  }
});
