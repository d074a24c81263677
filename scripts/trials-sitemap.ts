/**
 * Sitemap trials on local D1, every consumer invocation metered:
 *
 *   npm run trial:sitemap                 # a 20,000-URL sitemap crawled to the end, every work
 *   npm run trial:sitemap -- --million    # a 1,000,000-URL sitemap index seeded, a sample crawled, the run ended
 *
 * Runs test/workers/limits/sitemap-20k-crawl.test.ts (every work crawled through the consumer,
 * where npm test crawls a sample) or sitemap-million.trial.test.ts inside the Worker pool (local
 * D1, R2, Durable Objects; the queue driven by the test, one metered handleCrawlBatch call per
 * invocation). Prints the per-invocation maxima (D1 queries, subrequests, bound parameters,
 * rows read), for the million its seeding rate per 100,000 URLs, and the wall time. Exit code 1
 * if the run did not finish or any invocation went over the paid plan's limits.
 */
import { createVitest, type Reporter } from "vitest/node";
import { localCloudflareEnv } from "./lib/local-env";

declare module "vitest" {
  interface ProvidedContext {
    /** Read by the test: crawl all 20,000 works instead of a sample. */
    sitemapCrawlAll?: boolean;
    millionWorks?: number;
  }
}

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== "--million");
if (unknown.length > 0) {
  console.error(`trial:sitemap: unknown argument ${unknown.join(" ")} (the only option is --million)`);
  process.exit(2);
}
const million = args.includes("--million");
const TEST_FILE = million ? "test/workers/limits/sitemap-million.trial.test.ts" : "test/workers/limits/sitemap-20k-crawl.test.ts";

// Miniflare reads these: no telemetry, project-local caches. ART_SNOB_TRIAL lets the config include *.trial.test.ts.
Object.assign(process.env, localCloudflareEnv(), { ART_SNOB_TRIAL: "1" });

const figures: string[] = [];
const collect: Reporter = {
  onUserConsoleLog(log) {
    if (/sitemap|URLs:/.test(log.content)) figures.push(log.content.trimEnd());
  },
};

const started = Date.now();
console.log(
  million
    ? `sitemap trial: a 1,000,000-URL sitemap index seeded through the consumer, 1 page in 500 crawled, one metered invocation per batch (${TEST_FILE})`
    : `sitemap trial: 20,000 works crawled through the consumer, one metered invocation per batch (${TEST_FILE})`,
);
const vitest = await createVitest("test", { project: ["workers"], watch: false, reporters: ["default", collect] });
vitest.provide("sitemapCrawlAll", !million);
if (million) {
  const works = Number(process.env.MILLION_WORKS ?? 1_000_000);
  if (!Number.isInteger(works) || works < 200_000) {
    console.error(`trial:sitemap: MILLION_WORKS must be a whole number of at least 200000 (got ${process.env.MILLION_WORKS})`);
    process.exit(2);
  }
  vitest.provide("millionWorks", works);
}
await vitest.start([TEST_FILE]);
const failed = vitest.state.getCountOfFailedTests() > 0 || vitest.state.getFiles().length === 0;
await vitest.close();

console.log(`
${figures.join("\n") || "no figures: the test did not get to the end"}
wall time, Worker pool start included: ${((Date.now() - started) / 1000).toFixed(1)} s
${failed ? "FAILED" : "finished within the limits"}`);
process.exit(failed ? 1 : 0);
