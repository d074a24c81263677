/**
 * Browser Rendering for pages that only show their data after JavaScript runs.
 * Browsers are scarce and slow to launch (a few concurrent, launches rate
 * limited), so one consumer invocation connects once, renders all its pages in
 * one tab of that browser, and disconnects at the end, leaving the session alive
 * for the next invocation to reconnect to instead of launching another.
 */
import puppeteer, { type Browser, type Page } from "@cloudflare/puppeteer";
import { withTimeout } from "../lib/timeout";
import { CrawlFetchError } from "./fetcher";

const KEEP_ALIVE_MS = 5 * 60_000;
/** What a render never needs to load (puppeteer's resource types). */
const UNNEEDED_RESOURCES: ReadonlySet<string> = new Set(["image", "media", "font"]);
const STRUCTURED_DATA_PRESENT = `document.querySelector('script[type="application/ld+json"], [itemtype*="schema.org/Product"], meta[property="og:title"], meta[property="product:price:amount"]') !== null`;

export interface RenderedPage {
  status: number;
  finalUrl: string;
  html: string;
  durationMs: number;
}

export class BrowserSessions {
  private browser: Promise<Browser> | null = null;
  private tab: Promise<Page> | null = null;
  /** Renders take turns in one tab: opening a tab costs more than most renders. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly binding: Fetcher) {}

  render(url: string, options: { userAgent: string; timeoutMs: number }): Promise<RenderedPage> {
    // A browser whose connection died can leave a call hanging for ever: every render has a hard deadline.
    const hardLimitMs = options.timeoutMs + 15_000;
    const turn = this.queue.then(() =>
      withTimeout(this.renderNow(url, options), hardLimitMs, () => {
        this.browser = null;
        this.tab = null;
        return new CrawlFetchError("browser_error", `browser did not finish ${url} within ${hardLimitMs} ms`, true, false);
      }),
    );
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async renderNow(url: string, options: { userAgent: string; timeoutMs: number }): Promise<RenderedPage> {
    const started = Date.now();
    let page: Page;
    try {
      page = await this.openTab(options.userAgent);
    } catch (error) {
      this.browser = null;
      this.tab = null;
      throw new CrawlFetchError("network", `browser rendering unavailable: ${(error as Error).message}`, true, false);
    }
    try {
      const response = await page.goto(url, { waitUntil: "load", timeout: options.timeoutMs });
      // Scripts usually add the product data shortly after load: wait for structured
      // data to appear rather than for a fixed network-idle period.
      await page.waitForFunction(STRUCTURED_DATA_PRESENT, { timeout: Math.min(5_000, options.timeoutMs), polling: 50 }).catch(() => undefined);
      const html = await page.content();
      return { status: response?.status() ?? 0, finalUrl: page.url(), html, durationMs: Date.now() - started };
    } catch (error) {
      // A failed render may leave the tab mid-navigation: the next render opens a fresh one.
      this.tab = null;
      await page.close().catch(() => {});
      if ((error as Error)?.name === "TimeoutError") throw new CrawlFetchError("timeout", `browser gave up on ${url} after ${options.timeoutMs} ms`, true);
      this.browser = null;
      throw new CrawlFetchError("browser_error", `browser failed on ${url}: ${(error as Error).message}`, true, false);
    }
  }

  private openTab(userAgent: string): Promise<Page> {
    this.tab ??= this.connected().then(async (browser) => {
      const page = await browser.newPage();
      await page.setUserAgent(userAgent);
      // The crawler reads the page's markup and data, never its pixels: images, media and fonts
      // are refused (the work's image is fetched apart, by URL, as for every other page). This
      // saves the shop the bytes and the browser most of its time and CPU.
      await page.setRequestInterception(true);
      page.on("request", (request) => {
        const handled = UNNEEDED_RESOURCES.has(request.resourceType()) ? request.abort("blockedbyclient") : request.continue();
        handled.catch(() => undefined);
      });
      return page;
    });
    return this.tab;
  }

  /** Disconnect (not close): the session stays alive for the next invocation. */
  async release(): Promise<void> {
    const pending = this.browser;
    const tab = this.tab;
    this.browser = null;
    this.tab = null;
    const quietly = (work: Promise<unknown>) => withTimeout(work, 5_000, () => new Error("browser release timed out")).catch(() => {});
    if (tab) await quietly(tab.then((page) => page.close()));
    if (pending) await quietly(pending.then((b) => b.disconnect()));
  }

  private connected(): Promise<Browser> {
    this.browser ??= connectOrLaunch(this.binding);
    return this.browser;
  }
}

async function connectOrLaunch(binding: Fetcher): Promise<Browser> {
  const sessions = await puppeteer.sessions(binding).catch(() => []);
  // Idle sessions first; a session that still looks connected may be a stale record
  // (a consumer that died without disconnecting): trying it costs one refused connect.
  const ordered = [...sessions].sort((a, b) => Number(Boolean(a.connectionId)) - Number(Boolean(b.connectionId)));
  for (const session of ordered) {
    try {
      return await puppeteer.connect(binding, session.sessionId);
    } catch {
      // in use or expired; try the next one
    }
  }
  return puppeteer.launch(binding, { keep_alive: KEEP_ALIVE_MS });
}
