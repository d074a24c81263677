/**
 * The approximate neighbour path (offline/compute/neighbours-approximate.ts) in a process of its
 * own, as `offline neighbors` runs it above its threshold: top-k of the first N rows in VECTORS,
 * timed, with the build and search phases apart; ids written for the recall check.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { matrix } from "../../offline/compute/matrix.ts";
import { approximateTopK } from "../../offline/compute/neighbours-approximate.ts";
import { childArgs, sendResult } from "../lib/child.ts";

export interface ApproximateArgs {
  vectors: string;
  n: number;
  d: number;
  k: number;
  outIds: string;
}

export interface ApproximateResult {
  seconds: number;
  addSeconds: number;
  /** CPU time (user + system) of the whole process: a fair figure when the machine is shared. */
  cpuSeconds: number;
}

const args = childArgs<ApproximateArgs>();
const bytes = readFileSync(args.vectors);
// A file this large has a buffer of its own (offset 0); view it in place rather than copy 2 GB at 1M.
const data =
  bytes.byteOffset % 4 === 0
    ? new Float32Array(bytes.buffer, bytes.byteOffset, args.n * args.d)
    : new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + args.n * args.d * 4));
const m = matrix(data, args.n, args.d);
const started = performance.now();
let added = started;
let last = 0;
const { ids } = approximateTopK(m, args.k, {
  progress: (phase, done, total) => {
    if (phase === "add" && done === total) added = performance.now();
    const now = performance.now();
    if (now - last > 15_000 || done === total) {
      last = now;
      console.log(`${phase} ${done}/${total} at ${((now - started) / 1000).toFixed(0)} s`);
    }
  },
});
const seconds = (performance.now() - started) / 1000;
writeFileSync(args.outIds, new Uint8Array(ids.buffer, ids.byteOffset, ids.byteLength));
const cpu = process.cpuUsage();
sendResult({ seconds, addSeconds: (added - started) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 } satisfies ApproximateResult);
