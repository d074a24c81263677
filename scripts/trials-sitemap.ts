/**
 * Sitemap trial: a 20,000-URL sitemap crawled to the end, every work, on local D1.
 *
 *   npm run trial:sitemap
 *
 * Runs test/workers/limits/sitemap-20k-crawl.test.ts inside the Worker pool (local D1, R2,
 * Durable Objects; the queue driven by the test, one metered handleCrawlBatch call per
 * invocation) with every work crawled through the consumer, where npm test crawls a sample.
 * Prints the invocations and the per-invocation maxima (D1 queries, subrequests, bound
 * parameters, rows read) and the wall time. Exit code 1 if the run did not finish or any
 * invocation went over the paid plan's limits.
 */
import { createVitest, type Reporter } from "vitest/node";
import { localCloudflareEnv } from "./lib/local-env";

declare module "vitest" {
  interface ProvidedContext {
    /** Read by the test: crawl all 20,000 works instead of a sample. */
    sitemapCrawlAll?: boolean;
  }
}

const TEST_FILE = "test/workers/limits/sitemap-20k-crawl.test.ts";

// Miniflare reads these: no telemetry, project-local caches.
Object.assign(process.env, localCloudflareEnv());

const figures: string[] = [];
const collect: Reporter = {
  onUserConsoleLog(log) {
    if (log.content.includes("20,000-URL sitemap")) figures.push(log.content.trim());
  },
};

const started = Date.now();
console.log(`sitemap trial: 20,000 works crawled through the consumer, one metered invocation per batch (${TEST_FILE})`);
const vitest = await createVitest("test", { project: ["workers"], watch: false, reporters: ["default", collect] });
vitest.provide("sitemapCrawlAll", true);
await vitest.start([TEST_FILE]);
const failed = vitest.state.getCountOfFailedTests() > 0 || vitest.state.getFiles().length === 0;
await vitest.close();

console.log(`
${figures.join("\n") || "no figures: the test did not get to the end"}
wall time, Worker pool start included: ${((Date.now() - started) / 1000).toFixed(1)} s
${failed ? "FAILED" : "finished within the limits"}`);
process.exit(failed ? 1 : 0);
