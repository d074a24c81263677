/**
 * The browser and stack tests that use the shared crawled stack (`npm run demo`, started in the
 * background by test/support/crawled-stack-global-setup.ts), as one test file.
 *
 * They must not run two at a time: they run the offline pipeline on the stack, send thousands of
 * requests that fill its rate limits, and take its port. As one file they hold one vitest worker
 * while the other projects' files run beside them in the others; as separate files, vitest could
 * only keep them apart by running them after everything else. Each suite lives in
 * test/e2e/shared-stack/ and runs here in this order.
 */
// The wall planner and accounts start as soon as the stack serves the first run's collection,
// beside the second run's incremental crawl and pipeline; the rest wait for those to finish.
import "./shared-stack/wall-planner";
import "./shared-stack/accounts-history";
import "./shared-stack/site";
import "./shared-stack/fuzz-pages";
import "./shared-stack/search";
import "./shared-stack/offline-pipeline";
import "./shared-stack/demo";
