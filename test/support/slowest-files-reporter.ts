/**
 * Prints the ten slowest test files at the end of `npm test`, so whoever makes the
 * suite slower sees it (the time is the file's own: collection plus its tests and
 * hooks; global setups are reported by vitest's own summary). A long setup is shown
 * apart: the e2e file's setup is the wait for the shared demo stack, which starts
 * before any test and crawls while the other projects run. Files run side by side,
 * so each row also says when the file started and ended, counted from the start of
 * the run: the file that ends last is the one to shorten. TEST_TIMELINE=<file> also writes
 * every file's start and end there (JSON), to see what ran beside what.
 */
import { writeFileSync } from "node:fs";
import { relative } from "node:path";
import type { Reporter, TestModule } from "vitest/node";

export default class SlowestFilesReporter implements Reporter {
  private readonly startedAt = Date.now();
  private readonly window = new Map<string, { start: number; end?: number }>();

  onTestModuleStart(testModule: TestModule): void {
    this.window.set(testModule.moduleId, { start: Date.now() - this.startedAt });
  }

  onTestModuleEnd(testModule: TestModule): void {
    const seen = this.window.get(testModule.moduleId);
    if (seen) seen.end = Date.now() - this.startedAt;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    if (process.env.TEST_TIMELINE) {
      const timeline = [...this.window.entries()].map(([file, w]) => ({ file: relative(process.cwd(), file), start: w.start, end: w.end ?? null }));
      writeFileSync(process.env.TEST_TIMELINE, JSON.stringify(timeline.sort((a, b) => a.start - b.start), null, 1));
    }
    const rows = testModules
      .map((m) => {
        const d = m.diagnostic();
        return { file: `${m.project.name}: ${relative(process.cwd(), m.moduleId)}`, ms: d.collectDuration + d.duration, setupMs: d.setupDuration, window: this.window.get(m.moduleId) };
      })
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 10);
    if (rows.length === 0) return;
    const seconds = (ms: number) => (ms / 1000).toFixed(0);
    console.log("\nSlowest test files:");
    for (const row of rows) {
      const setup = row.setupMs >= 5_000 ? ` (after ${(row.setupMs / 1000).toFixed(0)} s of setup)` : "";
      const window = row.window?.end !== undefined ? `  [${seconds(row.window.start)}-${seconds(row.window.end)} s]` : "";
      console.log(`  ${(row.ms / 1000).toFixed(1).padStart(7)} s  ${row.file}${setup}${window}`);
    }
    const ends = [...this.window.values()].flatMap((w) => (w.end === undefined ? [] : [w.end]));
    if (ends.length > 0) console.log(`  the last file ended ${seconds(Math.max(...ends))} s after the run started`);
  }
}
