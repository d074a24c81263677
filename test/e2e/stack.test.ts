import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshotDir } from "../support/browser";
import { startTestStack } from "../support/stack";

// The foundation's promise: one command brings up demo shop, Worker and app on
// one local state, with the schema applied to an empty D1.
describe("the local stack", () => {
  let stack: Awaited<ReturnType<typeof startTestStack>>;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startTestStack();
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.cleanup();
  }, 60_000);

  it("serves the demo shop", async () => {
    const res = await fetch(`${stack.urls.shop}/robots.txt`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/Disallow: \/private\//);
    const home = await fetch(stack.urls.shop);
    expect(home.status).toBe(200);
    expect(await home.text()).toMatch(/<a [^>]*href="[^"]*\/category\//);
  });

  it("runs the Worker with its scheduled-event test endpoint", async () => {
    expect(await (await fetch(`${stack.urls.worker}/health`)).json()).toEqual({ ok: true });
    const scheduled = await fetch(`${stack.urls.worker}/__scheduled?cron=${encodeURIComponent("*/30 * * * *")}`);
    expect(scheduled.status).toBe(200);
  });

  it("applied the migrations to the empty local D1 the app reads", async () => {
    // One process owns the SQLite file (docs/decisions/0015): the first read needs no retry.
    expect(await (await fetch(`${stack.urls.app}/api/health`)).json()).toEqual({ ok: true, works: 0 });
  });

  it("serves the app's home page to a real browser", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const response = await page.goto(stack.urls.app);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toMatch(/Find art/);
    expect(await page.getByRole("link", { name: "Art Snob" }).isVisible()).toBe(true);
    expect(await page.locator("main").textContent()).toMatch(/0 artworks from/);
    await page.screenshot({ path: join(screenshotDir, "home-empty.png"), fullPage: true });
    await page.close();
  });
});
