/** A real browser for end-to-end tests: Debian's chromium (its headless shell where installed) driven by playwright-core. */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page, type Request } from "playwright-core";
import { onTestFailed } from "vitest";
import { systemChromium } from "../../scripts/lib/browser-shim";
import { projectRoot } from "../../scripts/lib/local-env";

/** Where end-to-end tests leave screenshots of the main pages (named in the README). */
export const screenshotDir = join(projectRoot, "test-results", "screenshots");

export async function launchBrowser(): Promise<Browser> {
  const executablePath = systemChromium();
  if (!executablePath) {
    throw new Error("No chromium found for browser tests. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.");
  }
  mkdirSync(screenshotDir, { recursive: true });
  return chromium.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-component-update", "--disable-background-networking", "--disable-sync", "--no-first-run"],
  });
}

/**
 * A page in a context of its own. If the test that opened it fails, what the visitor saw is kept:
 * a screenshot named after the test and the page's main text in the log.
 */
export async function newReportingPage(
  browser: Browser,
  viewport: { width: number; height: number },
  options: { navigationTimeoutMs?: number } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport });
  if (options.navigationTimeoutMs !== undefined) context.setDefaultNavigationTimeout(options.navigationTimeoutMs);
  const page = await context.newPage();
  // Requests the page has sent and not yet seen answered: a navigation that never happens is often one of these.
  const pending = new Map<Request, number>();
  page.on("request", (request) => pending.set(request, Date.now()));
  page.on("requestfinished", (request) => pending.delete(request));
  page.on("requestfailed", (request) => pending.delete(request));
  onTestFailed(async ({ task }) => {
    if (page.isClosed()) return;
    await page.screenshot({ path: join(screenshotDir, `failed-${task.name.slice(0, 40).replace(/\W+/g, "-")}.png`), fullPage: true }).catch(() => {});
    const unanswered = [...pending].map(([request, since]) => `  ${request.method()} ${request.url()} (${((Date.now() - since) / 1000).toFixed(1)} s)`);
    console.log(`page at failure: ${page.url()}\n${(await page.locator("main").innerText().catch(() => "")).slice(0, 1500)}`);
    console.log(unanswered.length > 0 ? `requests not answered at failure:\n${unanswered.join("\n")}` : "no request was waiting for an answer at failure");
  });
  return { context, page };
}
