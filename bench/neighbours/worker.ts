/**
 * The project's exact neighbours (offline/compute/neighbours.ts) in a process of its own:
 * top-k of every row of the first N rows in VECTORS, timed per repetition; the ids of the last
 * repetition are written for the recall check.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { matrix } from "../../offline/compute/matrix.ts";
import { topKNeighbours } from "../../offline/compute/neighbours.ts";
import { childArgs, sendResult } from "../lib/child.ts";

export interface NeighbourArgs {
  vectors: string;
  n: number;
  d: number;
  k: number;
  reps: number;
  outIds: string;
}

export interface NeighbourResult {
  seconds: number[];
}

const args = childArgs<NeighbourArgs>();
const bytes = readFileSync(args.vectors);
const data = new Float32Array(bytes.buffer, bytes.byteOffset, args.n * args.d).slice();
const m = matrix(data, args.n, args.d);
const seconds: number[] = [];
let ids: Int32Array = new Int32Array(0);
for (let rep = 0; rep < args.reps; rep++) {
  const started = performance.now();
  ids = topKNeighbours(m, args.k).ids;
  seconds.push((performance.now() - started) / 1000);
  console.log(`top-${args.k} of ${args.n} rows: ${seconds[seconds.length - 1]!.toFixed(1)} s`);
}
writeFileSync(args.outIds, new Uint8Array(ids.buffer, ids.byteOffset, ids.byteLength));
sendResult({ seconds } satisfies NeighbourResult);
