/**
 * The environment every local Cloudflare process of this project runs with:
 * no telemetry, no account look-ups, no source watching, and Wrangler's
 * config/cache folders kept inside the project (.wrangler/) instead of the user's home.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";

export const projectRoot = resolve(import.meta.dirname, "../..");
export const wranglerHome = join(projectRoot, ".wrangler");

export function localCloudflareEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const configHome = join(wranglerHome, "config");
  const cacheHome = join(wranglerHome, "cache");
  for (const dir of [configHome, cacheHome]) if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  return {
    ...base,
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    WRANGLER_SEND_METRICS: "false",
    WRANGLER_LOG_PATH: join(wranglerHome, "logs"),
    // No esbuild watch in local dev servers (patches/wrangler+4.86.0.patch, docs/decisions/0026):
    // its polling costs about a fifth of a core per server. `npm run dev` turns it back on.
    WRANGLER_BUNDLE_WATCH: base.WRANGLER_BUNDLE_WATCH ?? "false",
    XDG_CONFIG_HOME: base.ARTSNOB_KEEP_XDG ? base.XDG_CONFIG_HOME : configHome,
    XDG_CACHE_HOME: base.ARTSNOB_KEEP_XDG ? base.XDG_CACHE_HOME : cacheHome,
    // Wrangler asks before it does things when it thinks a person is watching.
    CI: base.CI ?? "",
    NO_COLOR: base.NO_COLOR ?? "",
  };
}
