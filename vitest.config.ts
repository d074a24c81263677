import { availableParallelism } from "node:os";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { ensureBrowserForLocalRendering } from "./scripts/lib/browser-shim";
import { HeaviestFirstSequencer } from "./test/support/heaviest-first-sequencer";
import { localCloudflareEnv } from "./scripts/lib/local-env";
import type {} from "./test/support/demo-shop-global-setup";

// Miniflare (inside the Worker pool) reads these: no telemetry, project-local
// caches, and the system chromium for Browser Rendering where Chrome cannot be downloaded.
const cloudflareEnv = localCloudflareEnv();
for (const key of ["CLOUDFLARE_CF_FETCH_ENABLED", "WRANGLER_SEND_METRICS", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"] as const) {
  process.env[key] = cloudflareEnv[key];
}
await ensureBrowserForLocalRendering(cloudflareEnv.XDG_CACHE_HOME!);

/** The runtime the Worker and the site's Functions run on in production (wrangler.toml). */
const WORKER_RUNTIME = { compatibilityDate: "2026-04-20", compatibilityFlags: ["nodejs_compat"] };

/** The Worker as production runs it: its entry point and wrangler.toml's bindings. */
const THE_WORKER = { main: "./workers/index.ts", wrangler: { configPath: "./wrangler.toml" } };

/**
 * Worker tests that use only D1 and R2: they share a runtime and reset its storage per file. The
 * crawl tests keep a runtime a file: queue messages and Durable Objects outlive a file's tests.
 */
const WORKER_STORAGE_TESTS = [
  "test/workers/admin.test.ts",
  "test/workers/catalogue-version.test.ts",
  "test/workers/health.test.ts",
  "test/workers/crawler/catalogue-store.test.ts",
  "test/workers/crawler/run-ledger.test.ts",
  "test/workers/db/schema.test.ts",
  "test/workers/limits/admin-pipeline-limits.test.ts",
  "test/workers/pipeline/admin-pipeline.test.ts",
  "test/workers/pipeline/query-vectors-and-thumbnails.test.ts",
];

/** Browser tests that start a stack of their own instead of using the shared crawled one. */
const OWN_STACK_E2E = ["test/e2e/hostile-content.test.ts", "test/e2e/stack.test.ts", "test/e2e/map-scale.test.ts"];

const hostsOf = (...urls: string[]) => urls.flatMap((u) => [new URL(u).host, `localhost:${new URL(u).port}`]).join(",");

// Eight projects, one `npm test`:
//  - unit:    pure functions of the Worker and site code (*.unit.test.ts), in one workerd with no bindings
//  - vectorize: the vector index stand-in, in one workerd with a D1
//  - workers: Worker code inside workerd (real local D1, R2, Queues, Durable Objects, Browser Rendering)
//  - workers-storage: Worker code that uses only D1 and R2, in one workerd whose storage is reset for each file
//  - app:     the site's API, images and redirects through SELF.fetch, in one workerd whose storage is reset for each file
//  - node:    offline pipeline, demo shop and scripts under Node
//  - e2e:     the shared crawled local stack in a real browser (Debian chromium via playwright-core)
//  - e2e-own-stack: browser and stack tests that start a stack of their own
export default defineConfig({
  test: {
    reporters: ["default", "./test/support/slowest-files-reporter.ts"],
    // Three files at a time even on 2 cores: most of a file's time is waiting (workerd and stacks
    // starting, D1, the network, the browser, the shared stack getting ready), not CPU. Files
    // that run side by side keep apart: a demo shop, a port band, a database or a stack each.
    maxWorkers: Math.max(3, availableParallelism() - 1),
    // The shared-stack browser file first, then the other slow files, so the longest chains start at once.
    sequence: { sequencer: HeaviestFirstSequencer },
    // The shared demo stack stops with Ctrl-C at the end, which takes more than vitest's default 10 s on a busy machine.
    teardownTimeout: 60_000,
    projects: [
      {
        // Starting a workerd with the Worker's bindings costs about 3 s a file; pure functions need
        // neither the bindings nor a fresh runtime per file, so these files share one (isolate: false).
        plugins: [cloudflareTest({ miniflare: WORKER_RUNTIME })],
        test: {
          name: "unit",
          include: ["test/workers/**/*.unit.test.ts", "test/app/**/*.unit.test.ts"],
          isolate: false,
        },
      },
      {
        // The vector index stand-in's tests give every test an index of its own name, so they share
        // one workerd and its D1 (isolate: false) instead of starting one a file.
        plugins: [
          cloudflareTest({
            miniflare: {
              ...WORKER_RUNTIME,
              d1Databases: { DB: "00000000-0000-4000-8000-000000000002" },
              bindings: { TEST_MIGRATIONS: await readD1Migrations("migrations") },
            },
          }),
        ],
        test: {
          name: "vectorize",
          include: ["test/workers/vectorize/**/*.test.ts"],
          setupFiles: ["test/workers/apply-migrations.ts"],
          isolate: false,
          testTimeout: 30_000,
        },
      },
      {
        plugins: [
          cloudflareTest(async ({ inject }) => {
            const shop = inject("demoShop");
            return {
              ...THE_WORKER,
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: await readD1Migrations("migrations"),
                  ADMIN_TOKEN: "test-admin-token",
                  DEMO_SHOP_URL: shop.url,
                  DEMO_PARTNER_URL: shop.partnerUrl,
                  DEMO_FAULTY_SHOP_URL: shop.faultyUrl,
                  CRAWLER_ALLOWED_PRIVATE_HOSTS: hostsOf(shop.url, shop.partnerUrl, shop.faultyUrl, shop.limitsUrl, shop.limitsPartnerUrl),
                  // Names the crawler resolves go to the demo shop's DoH test resolver, never the internet.
                  CRAWLER_DOH_URL: shop.dohUrl,
                  CRAWL_RETRY_BASE_SECONDS: "0",
                  CRAWL_ROBOTS_RETRY_SECONDS: "0",
                },
              },
            };
          }),
        ],
        test: {
          name: "workers",
          include: ["test/workers/**/*.test.ts"],
          // *.trial.test.ts take tens of minutes: only `npm run trial:...` (which sets ART_SNOB_TRIAL) runs them.
          exclude: ["**/*.unit.test.ts", "test/workers/vectorize/**", ...WORKER_STORAGE_TESTS, ...(process.env.ART_SNOB_TRIAL === "1" ? [] : ["**/*.trial.test.ts"])],
          globalSetup: ["test/support/demo-shop-global-setup.ts"],
          setupFiles: ["test/workers/apply-migrations.ts"],
          testTimeout: 30_000,
        },
      },
      {
        // The Worker's files that use only D1 and R2 (no crawl, queue, Durable Object or demo shop):
        // one runtime for the files of a vitest worker, fresh storage for each (test/workers/fresh-storage.ts).
        plugins: [
          cloudflareTest(async () => ({
            ...THE_WORKER,
            miniflare: { bindings: { TEST_MIGRATIONS: await readD1Migrations("migrations"), ADMIN_TOKEN: "test-admin-token" } },
          })),
        ],
        test: {
          name: "workers-storage",
          include: WORKER_STORAGE_TESTS,
          setupFiles: ["test/workers/setup-fresh-storage.ts"],
          isolate: false,
          testTimeout: 30_000,
        },
      },
      {
        // The site's edge handler (JSON API, images, buy redirects) as a Worker, for SELF.fetch tests.
        plugins: [
          cloudflareTest(async () => ({
            main: "./test/app/edge-worker.ts",
            miniflare: {
              ...WORKER_RUNTIME,
              d1Databases: { DB: "00000000-0000-4000-8000-000000000001" },
              r2Buckets: ["IMAGES"],
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations("migrations"),
                SESSION_SECRET: "test-session-secret-0123456789",
                ADMIN_TOKEN: "test-admin-token",
                PUBLIC_SITE_URL: "https://art-snob.test",
                VECTOR_INDEX_PREFIX: "artworks",
              },
            },
          })),
        ],
        test: {
          name: "app",
          include: ["test/app/**/*.test.ts"],
          exclude: ["**/*.unit.test.ts"],
          // The real query encoder (built-in model) for the search tests that need it.
          globalSetup: ["test/support/encoder-global-setup.ts"],
          setupFiles: ["test/app/setup.ts"],
          // One runtime for the files of a worker instead of one a file (2.8 CPU-s each); each file
          // still starts from fresh storage and caches (test/workers/fresh-storage.ts, decision 0032).
          isolate: false,
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "node",
          include: ["test/node/**/*.test.ts"],
          environment: "node",
          // A file's modules are loaded into a worker process that earlier files used, not a fresh one
          // each (docs/decisions/0033): a file restores what it changes in process.env, and none mocks
          // modules, globals or timers.
          isolate: false,
          testTimeout: 60_000,
        },
      },
      {
        // Each file starts a stack of its own (its own state folder, ports from its worker's band),
        // so these run beside the other projects' files instead of after them.
        test: {
          name: "e2e-own-stack",
          include: OWN_STACK_E2E,
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          exclude: OWN_STACK_E2E,
          // One stack with the demo shops crawled, shared by the suites that need a collection:
          // started in the background before any test and waited for by the e2e file (setupFiles).
          // Those suites must not run side by side, so they form one file (shared-stack.test.ts),
          // which holds one worker while the other projects' files run in the others.
          globalSetup: ["test/support/crawled-stack-global-setup.ts"],
          setupFiles: ["test/support/crawled-stack-ready.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
