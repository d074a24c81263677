/**
 * What runs before each test file of the projects whose files share one runtime (isolate: false in
 * vitest.config.ts: starting one a file cost 2.8 CPU-s each): the site's (test/app/setup.ts) and the
 * Worker's that use only D1 and R2 (test/workers/setup-fresh-storage.ts). Each file starts from
 * storage and caches as fresh as a runtime of its own would give it:
 *  - every table, trigger and virtual table of D1 dropped and the migrations applied again;
 *  - the catalogue version set past every earlier file's, so what the isolate and the edge cache
 *    keep under a version (cards, vocabulary, prices, cached answers) is never another file's;
 *  - R2 emptied, and the isolate's other memory (active model, suggestions, a resting encoder) forgotten.
 */
import { applyD1Migrations, type D1Migration } from "cloudflare:test";
import { forgetActiveModel } from "../../app/server/models.server";
import { wakeEncoder } from "../../app/server/search/encoder-client";
import { forgetSuggestions } from "../../app/server/search/search.server";

interface SchemaObject {
  type: string;
  name: string;
  sql: string | null;
}

/** Each file's catalogue version starts this far above the last file's, far above what one file's writes add. */
export const FILE_VERSION_STEP = 1_000_000;

async function dropEverything(db: D1Database): Promise<void> {
  const objects = async () =>
    (await db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND type IN ('table', 'view')").all<SchemaObject>()).results;
  // Virtual tables first: dropping one drops its shadow tables, which cannot be dropped alone.
  const virtual = (await objects()).filter((o) => o.sql?.startsWith("CREATE VIRTUAL TABLE"));
  if (virtual.length > 0) await db.batch(virtual.map((o) => db.prepare(`DROP TABLE IF EXISTS "${o.name}"`)));
  const rest = await objects();
  if (rest.length === 0) return;
  // One transaction, foreign keys checked at its end, when parents and children are all gone.
  await db.batch([
    db.prepare("PRAGMA defer_foreign_keys = ON"),
    ...rest.map((o) => db.prepare(`DROP ${o.type === "view" ? "VIEW" : "TABLE"} IF EXISTS "${o.name}"`)),
  ]);
}

async function emptyBucket(bucket: R2Bucket): Promise<void> {
  for (;;) {
    const listed = await bucket.list({ limit: 1000 });
    if (listed.objects.length === 0) return;
    await bucket.delete(listed.objects.map((o) => o.key));
  }
}

export interface ResettableStorage {
  DB: D1Database;
  IMAGES: R2Bucket;
  TEST_MIGRATIONS: D1Migration[];
}

/** Fresh storage and caches for the next test file. */
export async function startFromFreshStorage(env: ResettableStorage): Promise<void> {
  await dropEverything(env.DB);
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
  // Kept on globalThis, which outlives the files: vitest may evaluate this module again for each one.
  const shared = globalThis as { __artSnobFileVersion?: number };
  shared.__artSnobFileVersion = (shared.__artSnobFileVersion ?? 0) + FILE_VERSION_STEP;
  await env.DB.prepare("UPDATE site_state SET value = ? WHERE key = 'catalogue_version'").bind(shared.__artSnobFileVersion).run();
  await emptyBucket(env.IMAGES);
  forgetActiveModel();
  forgetSuggestions();
  wakeEncoder();
}
