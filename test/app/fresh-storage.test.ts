/**
 * The site's test files share a runtime, so each starts from what test/workers/fresh-storage.ts leaves:
 * this file fills storage and caches as a test would, resets, and checks nothing is left.
 */
import { SELF, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { activeModel } from "../../app/server/models.server";
import { FILE_VERSION_STEP, startFromFreshStorage } from "../workers/fresh-storage";
import { request, seedCatalogue } from "./fixtures";

async function rowCounts(): Promise<Record<string, number>> {
  const tables = (await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name").all<{ name: string }>()).results;
  const counts: Record<string, number> = {};
  for (const { name } of tables) counts[name] = (await env.DB.prepare(`SELECT count(*) AS n FROM "${name}"`).first<{ n: number }>())!.n;
  return counts;
}

const version = async () => (await env.DB.prepare("SELECT value FROM site_state WHERE key = 'catalogue_version'").first<{ value: number }>())!.value;

describe("fresh storage for each site test file", () => {
  it("drops what a file wrote (D1 rows, vectors, R2 objects, the active model) and raises the catalogue version past it", async () => {
    const fresh = await rowCounts();
    const startVersion = await version();
    expect(startVersion % FILE_VERSION_STEP).toBe(0);

    await seedCatalogue();
    expect((await activeModel(env.DB))?.id).toBe("test-model");
    const home = await SELF.fetch(request("/api/feed"));
    expect(home.status).toBe(200);
    const seeded = await rowCounts();
    expect(seeded.artworks).toBeGreaterThan(0);
    expect((await env.IMAGES.list()).objects.length).toBeGreaterThan(0);
    expect(await version()).toBeGreaterThan(startVersion);

    await startFromFreshStorage(env);
    expect(await rowCounts()).toEqual(fresh);
    expect((await env.IMAGES.list()).objects).toEqual([]);
    expect(await version()).toBe(startVersion + FILE_VERSION_STEP);
    // Without forgetting it, the isolate would answer with the dropped model for a minute.
    expect(await activeModel(env.DB)).toBeNull();
    // The keyword index (a virtual table and its triggers) is back and empty, and fills again.
    expect((await env.DB.prepare("SELECT count(*) AS n FROM artworks_fts").first<{ n: number }>())!.n).toBe(0);
    await seedCatalogue();
    expect((await env.DB.prepare("SELECT count(*) AS n FROM artworks_fts").first<{ n: number }>())!.n).toBe(seeded.artworks);
  });
});
