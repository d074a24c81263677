/**
 * Prints the ten slowest test files at the end of `npm test`, so whoever makes the
 * suite slower sees it (the time is the file's own: collection plus its tests and
 * hooks; global setups are reported by vitest's own summary). A long setup is shown
 * apart: the first e2e file's setup is the wait for the shared demo stack, which
 * starts before any test and crawls while the other projects run.
 */
import { relative } from "node:path";
import type { Reporter, TestModule } from "vitest/node";

export default class SlowestFilesReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const rows = testModules
      .map((m) => {
        const d = m.diagnostic();
        return { file: `${m.project.name}: ${relative(process.cwd(), m.moduleId)}`, ms: d.collectDuration + d.duration, setupMs: d.setupDuration };
      })
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 10);
    if (rows.length === 0) return;
    console.log("\nSlowest test files:");
    for (const row of rows) {
      const setup = row.setupMs >= 5_000 ? ` (after ${(row.setupMs / 1000).toFixed(0)} s of setup)` : "";
      console.log(`  ${(row.ms / 1000).toFixed(1).padStart(7)} s  ${row.file}${setup}`);
    }
  }
}
