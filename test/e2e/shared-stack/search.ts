/**
 * Search that never dead-ends (issue 12), in a real browser on the e2e project's shared crawled
 * stack: a visitor types "bleu", "flowers", "red abstract", "mountains" and a query with an
 * unknown word, and gets relevant works with the correction or the ignored words shown; results
 * come first on a 390 px screen; the taste finder's answers are on screen at 1280 x 800; error
 * pages have a title. Screenshots: test-results/screenshots/search-*.png.
 */
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runOfflinePipeline as runPipeline } from "../../../scripts/lib/pipeline";
import { launchBrowser, screenshotDir } from "../../support/browser";
import { WAIT_MS as DEMO_RUNS_WAIT_MS, demoRunsDone } from "../../support/crawled-stack-ready";

const BOTANICAL = /tulips|fern|poppies|lilies|orchard|wildflowers|stems|blossom/i;
const ABSTRACT = /field|silence|threshold|meditation|veil|horizon|chapel|glow|bands|lines|rhythm|cadence|pulse|tide|signal|weave|circles|triangles|grid|composition|orbit|modules|balance|tiles/i;
const MOUNTAINS = /hills|summit/i;

describe("search in a browser", () => {
  const stack = inject("crawledStack");
  let browser: Browser;
  let app: string;

  beforeAll(demoRunsDone, DEMO_RUNS_WAIT_MS);

  beforeAll(async () => {
    app = stack.urls.app;
    // Idempotent when another file ran it already.
    await runPipeline({ ADMIN_API_URL: stack.urls.worker, ADMIN_TOKEN: stack.adminToken, OFFLINE_WORK_DIR: join(stack.persistTo, "offline") });
    browser = await launchBrowser();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
  }, 60_000);

  async function searchFor(page: Page, text: string): Promise<string[]> {
    await page.goto(`${app}/search`);
    await page.locator("#search-q").fill(text);
    await page.locator("#search-q").press("Enter");
    await page.waitForURL((url) => url.searchParams.get("q") === text);
    await page.locator(".search-results").waitFor();
    return page.getByRole("list", { name: "Search results", exact: true }).locator(".card .title").allInnerTexts();
  }

  it("finds relevant works for real words, and says what it corrected or left out", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();

    const bleu = await searchFor(page, "bleu");
    expect(bleu.length).toBeGreaterThan(0);
    expect(await page.getByTestId("search-lexical").innerText()).toMatch(/Showing results for blue/);
    expect(await page.getByRole("link", { name: "Remove filter: Blue" }).count()).toBe(1);
    // The visitor meant "bleu" as typed: one link searches it without the correction.
    await page.getByRole("link", { name: "Search instead for “bleu”" }).click();
    await page.waitForURL((url) => url.searchParams.get("verbatim") === "1");
    // As typed, "bleu" is a word no work holds: nothing corrected, and the page says so
    // (waited for: the previous page's results stay on screen until the new data arrives).
    await page.getByTestId("search-lexical").getByText("No work mentions “bleu”").waitFor();
    expect(await page.getByTestId("search-lexical").innerText()).not.toMatch(/Showing results for/);
    expect(await page.getByTestId("search-lexical").innerText()).toMatch(/No work mentions “bleu”/);

    const flowers = await searchFor(page, "flowers");
    expect(flowers.length).toBeGreaterThan(0);
    expect(flowers.slice(0, 10).filter((t) => BOTANICAL.test(t)).length).toBeGreaterThanOrEqual(8);
    await page.screenshot({ path: join(screenshotDir, "search-flowers-desktop.png"), fullPage: false });

    const redAbstract = await searchFor(page, "red abstract");
    expect(redAbstract.length).toBeGreaterThan(0);
    expect(redAbstract.slice(0, 10).filter((t) => ABSTRACT.test(t)).length).toBeGreaterThanOrEqual(8);
    expect(await page.getByRole("link", { name: "Remove filter: Red" }).count()).toBe(1);

    const mountains = await searchFor(page, "mountains");
    expect(mountains.length).toBeGreaterThan(0);
    expect(mountains.slice(0, 10).filter((t) => MOUNTAINS.test(t)).length).toBeGreaterThanOrEqual(8);

    const typo = await searchFor(page, "tulps");
    expect(typo.length).toBeGreaterThan(0);
    expect(await page.getByTestId("search-lexical").innerText()).toMatch(/Showing results for tulips/);

    const unknown = await searchFor(page, "red unicorn");
    expect(unknown.length).toBeGreaterThan(0);
    expect(await page.getByTestId("search-lexical").innerText()).toMatch(/No work mentions “unicorn”/);

    // Nothing found is never a dead end: every offered way out finds works.
    await searchFor(page, "unicorn");
    expect(await page.locator(".search-results").getAttribute("data-total")).toBe("0");
    const ways = page.locator(".search-start a");
    expect(await ways.count()).toBeGreaterThan(0);
    const first = await ways.first().innerText();
    await ways.first().click();
    await page.waitForLoadState("networkidle");
    expect(await page.locator(".card").count(), first).toBeGreaterThan(0);
    await context.close();
  }, 120_000);

  it("reads a price without a currency in the visitor's currency, says so, and offers the others", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
    const page = await context.newPage();
    const works = await searchFor(page, "under 100");
    const note = page.getByTestId("search-currency");
    expect(await note.innerText()).toMatch(/Prices in pounds sterling \(GBP\), the currency of your browser's language/);
    expect(works.length).toBeGreaterThan(0);
    const prices = await page.getByRole("list", { name: "Search results", exact: true }).locator(".card .price").allInnerTexts();
    expect(prices.length).toBeGreaterThan(0);
    for (const price of prices) expect(price).toMatch(/£/);
    await page.screenshot({ path: join(screenshotDir, "search-currency-desktop.png"), fullPage: false });
    await note.getByRole("link", { name: "USD" }).click();
    await page.waitForURL((url) => url.searchParams.get("currency") === "USD");
    // Waited for: the previous results stay on screen until the new page's data arrives.
    await note.getByText("Prices in US dollars (USD), as you chose.").waitFor();
    const dollars = await page.getByRole("list", { name: "Search results", exact: true }).locator(".card .price").allInnerTexts();
    expect(dollars.length).toBeGreaterThan(0);
    for (const price of dollars) expect(price).toMatch(/\$/);
    await context.close();
  }, 120_000);

  it("puts results first on a phone, the taste finder's answers on screen, and titles on error pages", async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await phone.newPage();
    await searchFor(page, "flowers");
    const results = await page.locator("#results-heading").boundingBox();
    const colours = await page.locator("#colours-heading").boundingBox();
    expect(results!.y).toBeLessThan(colours!.y);
    expect(results!.y).toBeLessThan(844);
    await page.screenshot({ path: join(screenshotDir, "search-flowers-390.png"), fullPage: false });
    await phone.close();

    const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const taste = await desktop.newPage();
    await taste.goto(`${app}/taste?step=1`);
    const like = await taste.getByRole("button", { name: "Like", exact: true }).boundingBox();
    expect(like!.y + like!.height).toBeLessThanOrEqual(800);
    for (const path of ["/no-such-page", "/artworks/no-such-work"]) {
      const res = await taste.goto(`${app}${path}`);
      expect(res?.status()).toBe(404);
      expect(await taste.title()).toBe("Not found — Art Snob");
    }
    await desktop.close();
  }, 120_000);
});
