/**
 * The order vitest hands test files to its workers. Its default sorts by project name, then by
 * the last run's durations, which a fresh clone (CI) does not have: there it went by file size,
 * and the slowest files could start last and run on alone at the end. Here the files known to be
 * slow start first, slowest first (figures from CI runs), and the rest keep vitest's own order.
 */
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** Paths (from the project root) of the slowest files, slowest first. */
const SLOWEST_FIRST = [
  // Waits about 4 minutes for the shared stack, then runs the browser suites one after another.
  "test/e2e/shared-stack.test.ts",
  "test/e2e/hostile-content.test.ts",
  "test/e2e/stack.test.ts",
  "test/node/backup/d1-backup.test.ts",
  "test/workers/crawl/crawl-demo-shop.test.ts",
  "test/workers/crawl/crawl-faulty-shop.test.ts",
  "test/app/fuzz-api.test.ts",
  "test/node/demo-shop/images.test.ts",
  "test/app/rate-limit.test.ts",
];

export class HeaviestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const index = SLOWEST_FIRST.findIndex((path) => spec.moduleId.endsWith(`/${path}`));
      return index === -1 ? SLOWEST_FIRST.length : index;
    };
    // A stable sort: files off the list keep the order vitest gave them.
    return sorted.map((spec, i) => ({ spec, i })).sort((a, b) => rank(a.spec) - rank(b.spec) || a.i - b.i).map(({ spec }) => spec);
  }
}
