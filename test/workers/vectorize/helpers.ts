import { env } from "cloudflare:test";
import { expect } from "vitest";
import { LocalVectorIndex, type LocalVectorIndexConfig } from "../../../workers/vectorize";

// test/workers/env.d.ts does not currently add the Worker's bindings to
// Cloudflare.Env (TS2499 on its `extends import(...)`), so DB is typed here.
export const db: D1Database = (env as unknown as { DB: D1Database }).DB;

let counter = 0;
/** Storage is shared by the tests of a file, so every test gets its own index. */
export function uniqueName(label: string): string {
  counter += 1;
  return `t-${label}-${counter}-${crypto.randomUUID().slice(0, 8)}`;
}

export async function freshIndex(label: string, config: LocalVectorIndexConfig): Promise<LocalVectorIndex> {
  return LocalVectorIndex.create(db, uniqueName(label), config);
}

/** The error message of a rejected promise (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  expect.unreachable("expected the promise to reject");
  return "";
}

export const ids = (result: VectorizeMatches): string[] => result.matches.map((match) => match.id);

/** A deterministic pseudo-random unit-ish vector. */
export function seededVector(seed: number, dimensions: number): number[] {
  let state = (seed * 2654435761 + 1) >>> 0;
  return Array.from({ length: dimensions }, () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  });
}
