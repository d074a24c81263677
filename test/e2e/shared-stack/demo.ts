/**
 * `npm run demo` as a newcomer meets it. The e2e global setup ran the real
 * scripts/demo.ts twice on one state (test/support/crawled-stack-global-setup.ts):
 * a fresh run stopped with Ctrl-C, then a second run with a visitor browsing and
 * liking while its crawl wrote. This file checks what those runs printed and left.
 */
import type { DemoRuns } from "../../support/crawled-stack-global-setup";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { WAIT_MS as DEMO_RUNS_WAIT_MS, demoRuns, demoRunsDone } from "../../support/crawled-stack-ready";
import { startDemo, type DemoLine } from "../../support/demo-process";

const stack = inject("crawledStack");
/** A reused running stack (E2E_USE_DEV_STACK=1) has no demo runs to check. */
const reused = inject("crawledStackReadyFile") === null;
let runs: DemoRuns | null = null;
// Inside each describe: a top-level hook would hold up every suite of shared-stack.test.ts.
const loadRuns = async () => {
  await demoRunsDone();
  runs = demoRuns();
};

const SERVING = /Art Snob is serving at http:\/\/127\.0\.0\.1:\d+/;
const index = (lines: DemoLine[], pattern: RegExp) => lines.findIndex((line) => pattern.test(line.text));

describe.skipIf(reused)("npm run demo, twice on one state", () => {
  beforeAll(loadRuns, DEMO_RUNS_WAIT_MS);
  it("prints the site's URL before the crawl and the pipeline, then says when it is ready", () => {
    for (const lines of [runs!.first.lines, runs!.second.lines]) {
      const serving = index(lines, SERVING);
      expect(serving, lines.map((l) => l.text).join("\n")).toBeGreaterThanOrEqual(0);
      expect(serving).toBeLessThan(index(lines, /^crawl demo-gallery/));
      expect(index(lines, /^crawl demo-gallery finished in/)).toBeLessThan(index(lines, /Art Snob demo is ready at/));
      expect(index(lines, /^crawl demo-partner finished in/)).toBeGreaterThan(0);
      // The crawl's end does not stall: the demo says so when no URL settles for 60 s (scripts/lib/demo-crawl.ts).
      expect(index(lines, /no progress for \d+ s/), lines.map((l) => l.text).join("\n")).toBe(-1);
    }
  });

  it("embeds with the model it was asked for and says which", () => {
    expect(index(runs!.first.lines, /^model: builtin-colour-v1$/)).toBeGreaterThanOrEqual(0);
  });

  it("logs no SQLITE_BUSY in either run, though a visitor browsed and the pipeline pushed while the crawl wrote", () => {
    expect(runs!.sqliteBusy).toBe(0);
    expect(runs!.second.concurrentPipeline).toBe("finished");
    const { requests, by, unexpected } = runs!.second.browsing;
    expect(requests).toBeGreaterThan(10);
    expect(Object.keys(by).filter((status) => !/^[23]\d\d$/.test(status)), `${JSON.stringify(by)}\n${unexpected.join("\n")}`).toEqual([]);
  });

  it("stops everything it started on Ctrl-C, the local Browser Rendering chromium included", () => {
    expect(runs!.first.exitCode).toBe(0);
    expect(runs!.first.leftovers).toEqual([]);
  });
});

describe.skipIf(reused)("npm run demo when its port is taken", () => {
  beforeAll(loadRuns, DEMO_RUNS_WAIT_MS);
  it("says which port in one line and how to choose another, and leaves nothing running", async () => {
    const port = new URL(stack.urls.app).port;
    const demo = startDemo(["--port", port, "--model", "builtin", "--state", `${stack.persistTo}-unused`]);
    const line = await demo.waitFor(/demo failed: port \d+ \(site\) is already in use/, 60_000);
    expect(line.text).toContain(`port ${port} (site) is already in use`);
    expect(line.text).toMatch(/--port N/);
    const { code, leftovers } = await demo.interrupt();
    expect(code).toBe(1);
    expect(leftovers).toEqual([]);
  });
});
