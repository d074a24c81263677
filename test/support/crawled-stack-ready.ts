/**
 * The e2e project's setup file: before a browser test file runs, wait until the shared
 * stack that test/support/crawled-stack-global-setup.ts started in the background
 * serves a crawled collection (the first demo run's; the second run's incremental crawl
 * and pipeline may still be going on), and fail the file with the setup's own error when
 * it could not start. Suites that need the settled collection, or what the demo runs
 * printed, first await demoRunsDone().
 */
import { existsSync, readFileSync } from "node:fs";
import { inject } from "vitest";
import { servingFileFor } from "./crawled-stack-files";
import type { DemoRuns, StackReadiness } from "./crawled-stack-global-setup";

/** Longer than the two demo runs on a loaded 2-core machine; also the timeout of a hook that awaits them. */
export const WAIT_MS = 40 * 60_000;

function readiness(file: string): StackReadiness | null {
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, "utf8")) as StackReadiness;
}

/** Waits until `reached()` says yes; a failed setup (ready file with an error) fails the wait. */
async function waitFor(what: string, reached: (readyFile: string) => boolean): Promise<void> {
  const file = inject("crawledStackReadyFile");
  if (!file) return;
  const started = Date.now();
  for (;;) {
    const state = readiness(file);
    if (state && !state.ok) throw new Error(`the shared demo stack could not start:\n${state.error}`);
    if (state || reached(file)) return;
    if (Date.now() - started > WAIT_MS) throw new Error(`the shared demo stack was not ${what} after ${WAIT_MS / 60_000} minutes`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The stack serves a crawled collection (the second demo run may still crawl and push). */
export function awaitCrawledStack(): Promise<void> {
  return waitFor("serving", (file) => existsSync(servingFileFor(file)));
}

/** Both demo runs are done: the collection is settled and demoRuns() answers. */
export function demoRunsDone(): Promise<void> {
  return waitFor("ready", () => false);
}

/** What the two demo runs printed and left (after demoRunsDone()); null when a running stack was reused. */
export function demoRuns(): DemoRuns | null {
  const file = inject("crawledStackReadyFile");
  const state = file ? readiness(file) : null;
  return state?.ok ? state.demoRuns : null;
}

await awaitCrawledStack();
