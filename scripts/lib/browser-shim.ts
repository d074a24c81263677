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
/**
 * Debian's headless shell first: everything here is headless (local Browser Rendering, the
 * browser tests), and the shell renders a crawled page with about a third less CPU than full
 * chromium in headless mode (248 vs 390 ms a page, bench: the demo shop's 53 client-rendered
 * works) and starts in 0.2 s instead of 0.7-0.9 s (decision 0029). Full chromium when the shell
 * is not installed. The shell's binary itself, not Debian's /usr/bin wrapper: that wrapper runs
 * it without exec, so the launcher's parent-death signal would stop only the wrapper and leave
 * the browser running.
 */
const SYSTEM_CHROMIUM_CANDIDATES = [
  "/usr/lib/chromium/chromium-headless-shell", "/usr/bin/chromium-headless-shell",
  "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome",
];
const SHIM_MARKER = "# art-snob: system chromium launcher";
/** Bumped whenever the launcher's text changes, so an older launcher is rewritten. */
const SHIM_VERSION = "# launcher v4";

export function systemChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return SYSTEM_CHROMIUM_CANDIDATES.find((path) => existsSync(path)) ?? null;
}

/** Where miniflare looks for its browser, and so where the launcher goes. */
export function chromePathIn(cacheHome: string): string {
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
    const head = readFileSync(chromePath).subarray(0, 400).toString("latin1");
    if (!head.includes(SHIM_MARKER)) return "real-browser-cached";
    if (head.includes(SHIM_VERSION)) return "shim-present";
  }
  const chromium = systemChromium();
  if (!chromium) return (await canDownloadChrome()) ? "download-possible" : "no-browser";
  if (await canDownloadChrome()) return "download-possible";
  mkdirSync(dirname(chromePath), { recursive: true });
  writeFileSync(chromePath, launcherScript(chromium));
  chmodSync(chromePath, 0o755);
  return "shim-installed";
}

/**
 * The launcher: records its pid where the stack asked (ARTSNOB_BROWSER_PIDS), so
 * stopping the stack can stop the browser's own process group, and has the kernel
 * kill the browser when the process that launched it dies (setpriv --pdeathsig).
 */
function launcherScript(chromium: string): string {
  const flags = "--no-sandbox --disable-gpu --disable-quic --disable-component-update --disable-background-networking --disable-sync --no-first-run";
  return [
    "#!/bin/sh",
    SHIM_MARKER,
    SHIM_VERSION,
    'if [ -n "$ARTSNOB_BROWSER_PIDS" ] && [ -d "$ARTSNOB_BROWSER_PIDS" ]; then : > "$ARTSNOB_BROWSER_PIDS/$$"; fi',
    "if command -v setpriv >/dev/null 2>&1; then",
    `  exec setpriv --pdeathsig KILL ${chromium} ${flags} "$@"`,
    "fi",
    `exec ${chromium} ${flags} "$@"`,
    "",
  ].join("\n");
}
