/**
 * The e2e project's setup file: before a browser test file runs, wait until the shared
 * stack that test/support/crawled-stack-global-setup.ts started in the background
 * serves (it crawls and runs the pipeline while the other projects' tests run), and fail
 * the file with the setup's own error when it could not start.
 */
import { existsSync, readFileSync } from "node:fs";
import { inject } from "vitest";
import type { DemoRuns, StackReadiness } from "./crawled-stack-global-setup";

/** Longer than the two demo runs on a loaded 2-core machine. */
const WAIT_MS = 40 * 60_000;

function readiness(file: string): StackReadiness | null {
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, "utf8")) as StackReadiness;
}

export async function awaitCrawledStack(): Promise<void> {
  const file = inject("crawledStackReadyFile");
  if (!file) return;
  const started = Date.now();
  let state = readiness(file);
  while (!state) {
    if (Date.now() - started > WAIT_MS) throw new Error(`the shared demo stack was not ready after ${WAIT_MS / 60_000} minutes`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    state = readiness(file);
  }
  if (!state.ok) throw new Error(`the shared demo stack could not start:\n${state.error}`);
}

/** What the two demo runs printed and left (test/e2e/demo.test.ts); null when a running stack was reused. */
export function demoRuns(): DemoRuns | null {
  const file = inject("crawledStackReadyFile");
  const state = file ? readiness(file) : null;
  return state?.ok ? state.demoRuns : null;
}

await awaitCrawledStack();
