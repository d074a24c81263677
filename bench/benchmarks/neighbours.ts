/**
 * neighbours: exact top-24 for every item with offline/compute/neighbours.ts against faiss's exact
 * inner-product search (IndexFlatIP, Debian's python3-faiss on OpenBLAS) on the same vectors in
 * the same run, plus recall@24 of the project's lists against faiss's.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Rng } from "../../offline/compute/random.ts";
import { projectRoot, runChild } from "../lib/child.ts";
import { median, megabytes, repeat, runs, seconds } from "../lib/stats.ts";
import type { BenchContext, Row } from "../lib/types.ts";
import type { NeighbourArgs, NeighbourResult } from "../neighbours/worker.ts";

export const name = "neighbours";
export const title = "exact top-24 neighbours vs faiss exact inner product";
export const order = 20;
export const description =
  "Vectors: seeded random unit vectors, 512 dims (Gaussian, then L2-normalised). The project's side is topKNeighbours() " +
  "from offline/compute/neighbours.ts in a fresh Node process, as `offline neighbors` runs it (its Gemm kernel: tiles of the " +
  "score matrix by onnxruntime's Gemm in a worker thread at its default thread count, one per core, candidates re-scored exactly); faiss's is IndexFlatIP add + search of every row for k+1 " +
  "(the row itself dropped), through bench/neighbours/faiss_knn.py with Debian's /usr/bin/python3, at faiss's default " +
  "thread count (all cores). Times include building the index. recall@24 compares the two lists row by row.";

const PYTHON = "/usr/bin/python3";
const SCRIPT = join(projectRoot, "bench", "neighbours", "faiss_knn.py");
const K = 24;
const D = 512;
const INSTALL = "apt-get install -y python3-faiss libopenblas0-pthread";

interface FaissInfo {
  faiss: string;
  threads: number;
  blas: string;
}

export async function run(ctx: BenchContext): Promise<Row[]> {
  // The sizes of the issue (20k, 100k). Time grows as n^2: 100k is measured when the 20k run
  // says it takes under 10 minutes (or with --full), and otherwise extrapolated from 20k.
  const sizes = ctx.quick ? [5_000, 10_000] : [10_000, 20_000, 100_000];
  let largestMeasured = ctx.quick || ctx.full ? sizes[sizes.length - 1]! : 20_000;
  const nMax = sizes[sizes.length - 1]!;
  const vectors = join(ctx.tmpDir, "vectors.f32");
  ctx.step(`generating ${nMax} seeded unit vectors of ${D} dims`);
  writeFileSync(vectors, unitVectors(nMax, D, 20260701));

  const faiss = await faissInfo();
  if ("error" in faiss) ctx.step(`faiss unavailable: ${faiss.error}`);
  else ctx.step(`faiss ${faiss.faiss}, ${faiss.threads} threads, BLAS: ${faiss.blas}`);

  const rows: Row[] = [];
  const ours = new Map<number, { s: number; runs: number; rss: number; extrapolated: boolean }>();
  const theirs = new Map<number, { s: number; runs: number }>();
  const budget = ctx.quick ? 30 : 120;
  for (const n of sizes) {
    // The two sides alternate, run by run, so load from others on a shared machine falls on both.
    const measure = n <= largestMeasured;
    const oursRuns: Array<{ s: number; rss: number }> = [];
    const faissRuns: number[] = [];
    await repeat(
      async (i) => {
        let spent = 0;
        if (measure) {
          ctx.step(`offline/compute/neighbours.ts, n=${n} (run ${i + 1})`);
          const outIds = join(ctx.tmpDir, `ours-${n}.i32`);
          const r = await runChild<NeighbourResult>("bench/neighbours/worker.ts", { vectors, n, d: D, k: K, reps: 1, outIds } satisfies NeighbourArgs, { onLine: (l) => ctx.step(`  ${l}`) });
          oursRuns.push({ s: r.seconds[0]!, rss: r.maxRssBytes });
          spent += r.seconds[0]!;
        }
        if (!("error" in faiss)) {
          ctx.step(`faiss IndexFlatIP, n=${n} (run ${i + 1})`);
          const s = (await runFaiss([vectors, n, D, K, 1, join(ctx.tmpDir, `faiss-${n}.i32`)].map(String))).seconds[0]!;
          faissRuns.push(s);
          spent += s;
        }
        return spent;
      },
      // At least two runs where the project's code is measured: every figure is a median of repeats.
      // (100k: one run each, a few minutes.)
      { min: measure && !ctx.quick && n < 100_000 ? 2 : 1, max: 3, budgetS: budget, seconds: (spent) => spent },
    );
    if (measure) {
      ours.set(n, { s: median(oursRuns.map((r) => r.s)), runs: oursRuns.length, rss: Math.max(...oursRuns.map((r) => r.rss)), extrapolated: false });
    } else {
      const from = ours.get(largestMeasured)!;
      const factor = (n / largestMeasured) ** 2;
      ctx.step(`offline/compute/neighbours.ts, n=${n}: not run (about ${Math.round((from.s * factor) / 60)} min); extrapolated x${factor} from n=${largestMeasured}, use --full to measure`);
      ours.set(n, { s: from.s * factor, runs: from.runs, rss: Number.NaN, extrapolated: true });
    }
    if (faissRuns.length) theirs.set(n, { s: median(faissRuns), runs: faissRuns.length });
    if (n === largestMeasured && n === 20_000 && ours.get(n)!.s * 25 < 600) largestMeasured = 100_000;
  }

  const recallAt = (n: number): number | null => {
    const a = join(ctx.tmpDir, `ours-${n}.i32`);
    const b = join(ctx.tmpDir, `faiss-${n}.i32`);
    return existsSync(a) && existsSync(b) ? recall(readIds(a), readIds(b), n, K) : null;
  };

  for (const n of sizes) {
    const o = ours.get(n)!;
    const f = theirs.get(n);
    const ratio = f ? o.s / f.s : null;
    const main = !ctx.quick ? n === 20_000 || n === 100_000 : n === nMax;
    const measured = o.extrapolated
      ? `≈ ${seconds(o.s)} (extrapolated: ${seconds(ours.get(largestMeasured)!.s)} at ${largestMeasured / 1000}k x ${(n / largestMeasured) ** 2}; --full measures it)`
      : `${seconds(o.s)}, peak RSS ${megabytes(o.rss)} (${runs(o.runs)})`;
    rows.push({
      id: `exact.${n}`,
      detail: !main,
      label: `top-${K} of every item, ${n / 1000}k x ${D}: offline/compute/neighbours.ts vs faiss exact`,
      measured,
      baseline: f ? `${seconds(f.s)} faiss IndexFlatIP (${runs(f.runs)})` : `faiss not available: ${INSTALL}`,
      ratio,
      ratioText: ratio === null ? undefined : `${ratio.toFixed(1)}x`,
      target: { op: "<=", value: 1.5, text: "<= 1.5x faiss exact" },
      ...(ratio === null ? { verdict: "skipped" as const } : {}),
      note:
        ratio === null
          ? `install the baseline with \`${INSTALL}\` (Debian) and run again`
          : ratio <= 1.5
            ? undefined
            : `the project's Gemm tiles ran at ${gflops(n, o.s)} GFLOP/s (each pair once, the upper triangle), faiss at ${gflops(n, f!.s, 2)} GFLOP/s ` +
              `(OpenBLAS sgemm on ${faissThreads(faiss)} threads, every ordered pair). What would close it: the rest of the time is this thread's ` +
              "share (reading the first, dense tiles, the hits above each row's threshold and the exact re-scoring) and waiting on the Gemm; " +
              "larger tiles, or the hits read in a second worker, would overlap more of it.",
    });
  }
  const recallN = ctx.quick ? nMax : 20_000;
  const r = recallAt(recallN);
  rows.push({
    id: "recall",
    label: `recall@${K} against faiss exact, ${recallN / 1000}k x ${D}`,
    measured: r === null ? "—" : `${r.toFixed(4)} (the project's search is exact)`,
    baseline: r === null ? `faiss not available: ${INSTALL}` : "faiss IndexFlatIP lists",
    ratio: r,
    ratioText: r === null ? undefined : r.toFixed(4),
    target: { op: ">=", value: 0.98, text: ">= 0.98 (if approximate)" },
    ...(r === null ? { verdict: "skipped" as const } : {}),
    note: r !== null && r < 1 ? "below 1 only where two candidates tie within float rounding (the sums run in a different order)" : undefined,
  });
  return rows;
}

function gflops(n: number, s: number, pairsFactor = 1): string {
  // Each unordered pair once (n^2/2 dot products) for the project; faiss scores every ordered pair (n^2).
  const pairs = pairsFactor === 2 ? n * n : (n * n) / 2;
  return ((pairs * 2 * D) / s / 1e9).toFixed(1);
}

function faissThreads(info: FaissInfo | { error: string }): string {
  return "error" in info ? "?" : String(info.threads);
}

/** Seeded Gaussian rows, L2-normalised, as little-endian float32. */
export function unitVectors(n: number, d: number, seed: number): Uint8Array {
  const rng = new Rng(seed);
  const data = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let c = 0; c < d; c++) {
      const v = rng.normal();
      data[i * d + c] = v;
      sum += v * v;
    }
    const inv = 1 / Math.sqrt(sum);
    for (let c = 0; c < d; c++) data[i * d + c] = data[i * d + c]! * inv;
  }
  return littleEndian(data);
}

function littleEndian(data: Float32Array): Uint8Array {
  const view = new DataView(new ArrayBuffer(data.byteLength));
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i]!, true);
  return new Uint8Array(view.buffer);
}

function readIds(path: string): Int32Array {
  const bytes = readFileSync(path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Int32Array.from({ length: bytes.byteLength / 4 }, (_, i) => view.getInt32(i * 4, true));
}

function recall(ours: Int32Array, truth: Int32Array, n: number, k: number): number {
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const want = new Set(truth.subarray(i * k, i * k + k));
    for (let r = 0; r < k; r++) if (want.has(ours[i * k + r]!)) hits++;
  }
  return hits / (n * k);
}

function python(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    if (!existsSync(PYTHON)) {
      resolve({ code: -1, stdout: "", stderr: `${PYTHON} not found` });
      return;
    }
    const child = spawn(PYTHON, [SCRIPT, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    child.on("error", (error) => resolve({ code: -1, stdout, stderr: error.message }));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

async function faissInfo(): Promise<FaissInfo | { error: string }> {
  const result = await python(["--check"]);
  if (result.code !== 0) {
    const missing = /No module named '?(faiss|numpy)/.exec(result.stderr);
    return { error: missing ? `python module ${missing[1]} is missing: ${INSTALL}` : `${PYTHON} ${SCRIPT} --check failed: ${result.stderr.trim().split("\n").pop()}` };
  }
  return JSON.parse(result.stdout) as FaissInfo;
}

async function runFaiss(args: string[]): Promise<{ seconds: number[] }> {
  const result = await python(args);
  if (result.code !== 0) throw new Error(`faiss baseline failed: ${result.stderr.trim().split("\n").slice(-3).join(" ")}`);
  return JSON.parse(result.stdout.trim().split("\n").pop()!) as { seconds: number[] };
}
