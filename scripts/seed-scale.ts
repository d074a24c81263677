/**
 * `npm run seed:scale -- --works N [--state DIR] [--fresh] [--neighbours K] [--batch B]`
 *
 * Fills a local state folder's D1 (default: the dev stack's, .wrangler/state) with N
 * deterministic synthetic works, written straight into the SQLite file miniflare serves, so
 * 1,000,000 works take minutes rather than a crawl. The stack must not be running on that
 * folder meanwhile. See scripts/lib/scale/ and docs/decisions/0013-catalogue-scale.md.
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import Database from "libsql";
import { projectRoot } from "./lib/local-env";
import { dropLocalD1, localD1File, migrateLocalD1 } from "./lib/scale/d1-file";
import { fillCatalogue } from "./lib/scale/fill";

export const SCALE_MODEL = { id: "scale-synthetic-v1", dimensions: 16 };

export async function seedScale(options: { works: number; state: string; fresh: boolean; neighbours: number; batch: number; log?: (line: string) => void }) {
  const log = options.log ?? ((line: string) => console.log(line));
  if (options.fresh) dropLocalD1(options.state);
  log(`seed:scale applying migrations to ${options.state} …`);
  await migrateLocalD1(options.state);
  const file = localD1File(options.state);
  const db = new Database(file);
  try {
    const result = fillCatalogue(db, {
      works: options.works,
      modelId: SCALE_MODEL.id,
      dimensions: SCALE_MODEL.dimensions,
      neighbours: options.neighbours,
      batch: options.batch,
      blobs: 16,
      log,
    });
    log(`seed:scale done: ${result.works.toLocaleString("en-US")} works in ${result.seconds.toFixed(1)} s (${JSON.stringify(result.rows)})`);
    return result;
  } finally {
    db.close();
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      works: { type: "string" },
      state: { type: "string", default: join(projectRoot, ".wrangler", "state") },
      fresh: { type: "boolean", default: false },
      neighbours: { type: "string", default: "12" },
      batch: { type: "string", default: "10000" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const works = Number(values.works);
  const neighbours = Number(values.neighbours);
  const batch = Number(values.batch);
  if (values.help || !Number.isInteger(works) || works < 2 || works > 20_000_000 || !Number.isInteger(neighbours) || neighbours < 0 || neighbours > 100 || !(batch >= 1)) {
    console.error("usage: npm run seed:scale -- --works N [--state DIR] [--fresh] [--neighbours K (0-100, default 12)] [--batch B]");
    return values.help ? 0 : 2;
  }
  await seedScale({ works, state: values.state!, fresh: values.fresh!, neighbours, batch });
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then((code) => process.exit(code), (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
