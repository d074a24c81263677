/**
 * Local Browser Rendering needs Chrome for Testing, which miniflare downloads on
 * first use. Where that download is impossible (no internet) but the system has
 * a chromium, we put a small launcher where miniflare looks for its browser.
 * With internet, or with the real browser already cached, we do nothing.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The Chrome build miniflare 4 (wrangler 4.86) launches for Browser Rendering. */
export const MINIFLARE_CHROME_VERSION = "126.0.6478.182";
const SYSTEM_CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
const SHIM_MARKER = "# art-snob: system chromium launcher";

export function systemChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return SYSTEM_CHROMIUM_CANDIDATES.find((path) => existsSync(path)) ?? null;
}

function chromePathIn(cacheHome: string): string {
  return join(cacheHome, ".wrangler", "chrome", `linux-${MINIFLARE_CHROME_VERSION}`, "chrome-linux64", "chrome");
}

async function canDownloadChrome(): Promise<boolean> {
  try {
    const res = await fetch("https://googlechromelabs.github.io/chrome-for-testing/known-good-versions.json", {
      method: "HEAD",
      signal: AbortSignal.timeout(3000),
    });
    return res.ok;
  } catch {
    return false;
  }
}

export type ShimResult = "real-browser-cached" | "shim-present" | "shim-installed" | "download-possible" | "no-browser";

export async function ensureBrowserForLocalRendering(cacheHome: string): Promise<ShimResult> {
  if (process.platform !== "linux") return "download-possible";
  const chromePath = chromePathIn(cacheHome);
  if (existsSync(chromePath)) {
    return readFileSync(chromePath).subarray(0, 200).toString("latin1").includes(SHIM_MARKER) ? "shim-present" : "real-browser-cached";
  }
  const chromium = systemChromium();
  if (!chromium) return (await canDownloadChrome()) ? "download-possible" : "no-browser";
  if (await canDownloadChrome()) return "download-possible";
  mkdirSync(dirname(chromePath), { recursive: true });
  writeFileSync(
    chromePath,
    [
      "#!/bin/sh",
      SHIM_MARKER,
      `exec ${chromium} --no-sandbox --disable-gpu --disable-quic --disable-component-update --disable-background-networking --disable-sync --no-first-run "$@"`,
      "",
    ].join("\n"),
  );
  chmodSync(chromePath, 0o755);
  return "shim-installed";
}
