/** A real browser for end-to-end tests: Debian's chromium driven by playwright-core. */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
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
