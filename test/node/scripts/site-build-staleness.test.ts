/**
 * The demo and every test stack rebuild the site only when a source changed. What the Pages dev
 * server writes under app/.wrangler must not count: it made each stack rebuild build/ under the
 * shared stack while that one served, and its pages lost their scripts and styles.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sourcesChangedSince } from "../../../scripts/lib/stack";

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));

function project(): { root: string; builtAt: number } {
  const root = mkdtempSync(join(tmpdir(), "site-staleness-"));
  roots.push(root);
  mkdirSync(join(root, "app", "routes"), { recursive: true });
  writeFileSync(join(root, "app", "routes", "home.tsx"), "export default 1;\n");
  const old = new Date(Date.now() - 60_000);
  utimesSync(join(root, "app", "routes", "home.tsx"), old, old);
  return { root, builtAt: Date.now() - 30_000 };
}

describe("sourcesChangedSince", () => {
  it("is false when nothing changed after the build, even with fresh dev-server bundles under app/.wrangler", () => {
    const { root, builtAt } = project();
    mkdirSync(join(root, "app", ".wrangler", "tmp", "bundle-x"), { recursive: true });
    writeFileSync(join(root, "app", ".wrangler", "tmp", "bundle-x", "index.js"), "// bundled now\n");
    mkdirSync(join(root, "app", "node_modules"), { recursive: true });
    writeFileSync(join(root, "app", "node_modules", "x.js"), "\n");
    expect(sourcesChangedSince(root, ["app", "vite.config.ts"], builtAt)).toBe(false);
  });

  it("is true when a source file changed after the build", () => {
    const { root, builtAt } = project();
    writeFileSync(join(root, "app", "routes", "home.tsx"), "export default 2;\n");
    expect(sourcesChangedSince(root, ["app"], builtAt)).toBe(true);
  });
});
