/**
 * Tiles of X·Xᵀ (row block times column block, transposed) computed by onnxruntime's Gemm, a
 * BLAS-class kernel, in a worker thread, behind a synchronous interface: the caller asks for
 * tiles ahead with `request()` and takes them in order with `take()`, which blocks
 * (Atomics.wait) until the worker has the next one. While the caller scans one tile the worker
 * is already multiplying the next, so the two overlap.
 *
 * With each request go a floor per row and per column of the tile; the same graph lists the
 * entries at or above the floor of their row or of their column (`hits`), so a caller looking
 * for large scores reads a few entries of each tile instead of all of them.
 *
 * Synchronous on purpose: the offline steps that use it are synchronous, and a worker thread is
 * the only way to run onnxruntime (whose `run` is synchronous on the calling thread) beside the
 * caller's own work.
 *
 * The products are float32 sums in the kernel's own order and blocking, so they are close to,
 * not equal to, a sum in index order: callers that need exact or reproducible results must
 * treat them as estimates (see `gemmErrorBound`) and re-score what they keep.
 */
import { createRequire } from "node:module";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { encodeModel, FLOAT, INT64, node, valueInfo } from "../models/onnx-graph";

export interface TileProductOptions {
  /** onnxruntime intra-op threads for the Gemm; set explicitly, never left to onnxruntime's default. */
  threads: number;
  /** Most seconds to wait for one tile (or for the worker to start) before giving up. */
  timeoutS?: number;
}

export interface TileRequest {
  /** Rows i0..i1-1 of X against rows j0..j1-1 of X: the tile is (i1-i0) x (j1-j0), row-major. */
  i0: number;
  i1: number;
  j0: number;
  j1: number;
}

export interface Tile {
  /** (i1-i0) x (j1-j0) scores, row-major. */
  scores: Float32Array;
  /**
   * Positions (r * width + c) of the entries >= their row's or their column's floor, in
   * ascending order; null when over an eighth of the tile qualifies (read it all instead).
   */
  hits: Int32Array | null;
}

interface WorkerReply {
  ready?: true;
  id?: number;
  scores?: Float32Array;
  hits?: Int32Array | null;
  error?: string;
}

/**
 * Upper bound on |Gemm's float32 dot product - the exact dot product| for two rows of length d
 * with Euclidean norms na and nb: any summation order (blocked, FMA or not) stays within
 * gamma(d) = d·u / (1 - d·u) times sum |a_c b_c| <= na·nb (Cauchy-Schwarz), u = 2^-24; one more
 * rounding for the stored result. Doubled, as slack against kernels that round more often.
 */
/** The largest float32 at or below x (float32 comparisons against it never drop an entry >= x). */
export function float32Floor(x: number): number {
  const f = Math.fround(x);
  if (f <= x || Number.isNaN(f)) return f;
  // f rounded up: step one float32 down.
  scratchF32[0] = f;
  if (f === 0) return -(2 ** -149);
  scratchI32[0] = f > 0 ? (scratchI32[0] as number) - 1 : (scratchI32[0] as number) + 1;
  return scratchF32[0] as number;
}
const scratchF32 = new Float32Array(1);
const scratchI32 = new Int32Array(scratchF32.buffer);

export function gemmErrorBound(d: number, na: number, nb: number): number {
  const u = 2 ** -24;
  const gamma = ((d + 2) * u) / (1 - (d + 2) * u);
  return 2 * gamma * na * nb;
}

// Plain JavaScript (CommonJS), run with `eval: true` so it needs no TypeScript loader in the
// worker (tsx, vitest and plain node all run it alike).
const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
const { port, control, ortPath, model, data, cols, threads } = workerData;
const signal = () => { Atomics.add(control, 0, 1); Atomics.notify(control, 0); };
const fail = (error) => { port.postMessage({ error: String((error && error.stack) || error) }); signal(); };
(async () => {
  const ort = require(ortPath);
  const session = await ort.InferenceSession.create(model, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
    // Threads sleep between tiles instead of spinning: the caller scans tiles on the same cores.
    extra: { session: { intra_op: { allow_spinning: "0" }, inter_op: { allow_spinning: "0" } } },
  });
  let queue = Promise.resolve();
  port.on("message", (job) => {
    queue = queue.then(async () => {
      const rows = job.i1 - job.i0;
      const width = job.j1 - job.j0;
      const a = new ort.Tensor("float32", data.subarray(job.i0 * cols, job.i1 * cols), [rows, cols]);
      const b = new ort.Tensor("float32", data.subarray(job.j0 * cols, job.j1 * cols), [width, cols]);
      const rowFloor = new ort.Tensor("float32", job.rowFloor, [rows, 1]);
      const colFloor = new ort.Tensor("float32", job.colFloor, [1, width]);
      const scores = new Float32Array(rows * width);
      const out = await session.run({ a, b, rowFloor, colFloor }, { s: new ort.Tensor("float32", scores, [rows, width]), hits: null });
      // NonZero's [2, count] int64 (row indices, then column indices), little-endian: low words.
      const where = out.hits.data;
      const count = out.hits.dims[1];
      let hits = null;
      if (count * 8 <= rows * width) {
        const words = new Int32Array(where.buffer, where.byteOffset, 4 * count);
        hits = new Int32Array(count);
        for (let h = 0; h < count; h++) hits[h] = words[2 * h] * width + words[2 * (count + h)];
      }
      port.postMessage({ id: job.id, scores, hits }, hits ? [scores.buffer, hits.buffer] : [scores.buffer]);
      signal();
    }).catch(fail);
  });
  port.postMessage({ ready: true });
  signal();
})().catch(fail);
`;

let modelBytes: Uint8Array | undefined;

/**
 * s = a · bᵀ for a [r, d] and b [c, d]; hits = NonZero(s >= rowFloor [r, 1] or s >= colFloor [1, c]).
 */
function gemmModel(): Uint8Array {
  modelBytes ??= encodeModel({
    name: "tile-products",
    inputs: [
      valueInfo("a", FLOAT, ["r", "d"]),
      valueInfo("b", FLOAT, ["c", "d"]),
      valueInfo("rowFloor", FLOAT, ["r", 1]),
      valueInfo("colFloor", FLOAT, [1, "c"]),
    ],
    outputs: [valueInfo("s", FLOAT, ["r", "c"]), valueInfo("hits", INT64, [2, "n"])],
    initializers: [],
    nodes: [
      node("Gemm", ["a", "b"], ["s"], { transB: 1 }),
      // s >= rowFloor or s >= colFloor  <=>  s >= min(rowFloor, colFloor)
      node("Min", ["rowFloor", "colFloor"], ["floor"]),
      node("GreaterOrEqual", ["s", "floor"], ["above"]),
      node("NonZero", ["above"], ["hits"]),
    ],
  });
  return modelBytes;
}

export class TileProducts {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly control = new Int32Array(new SharedArrayBuffer(4));
  private readonly timeoutMs: number;
  private seen = 0;
  private nextId = 0;
  private nextTake = 0;
  private closed = false;

  /** Starts the worker with its own copy of `data` (rows x cols) and waits until it is ready. */
  constructor(data: Float32Array, rows: number, cols: number, options: TileProductOptions) {
    if (!Number.isInteger(options.threads) || options.threads < 1) throw new Error(`TileProducts: threads must be a positive integer, got ${options.threads}`);
    if (data.length !== rows * cols) throw new Error(`TileProducts: ${data.length} values do not make ${rows}x${cols}`);
    this.timeoutMs = (options.timeoutS ?? 300) * 1000;
    const ortPath = createRequire(import.meta.url).resolve("onnxruntime-node");
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { port: port2, control: this.control, ortPath, model: gemmModel(), data, cols, threads: options.threads },
      transferList: [port2],
    });
    // Neither may keep the process alive if a caller forgets close().
    this.worker.unref();
    this.port.unref();
    try {
      const reply = this.receive();
      if (!reply.ready) throw new Error("TileProducts: unexpected first message from the worker");
    } catch (error) {
      this.close();
      throw error;
    }
  }

  /**
   * Queues a tile; tiles come back from take() in the order they were requested. `rowFloor`
   * (i1-i0 values) and `colFloor` (j1-j0) decide the hits; -Infinity makes every entry one.
   */
  request(tile: TileRequest, rowFloor: Float32Array, colFloor: Float32Array): void {
    if (this.closed) throw new Error("TileProducts: closed");
    if (rowFloor.length !== tile.i1 - tile.i0 || colFloor.length !== tile.j1 - tile.j0) throw new Error("TileProducts: one floor per row and per column of the tile");
    this.port.postMessage({ id: this.nextId++, ...tile, rowFloor, colFloor });
  }

  /**
   * Multiplies `tiles` in order with two in flight: the worker multiplies the next while `read`
   * handles the current one. `floorsOf` is asked for a tile's floors when it is requested, so
   * floors that only rise (thresholds) are never above their value when the tile is read.
   */
  forEachTile(
    tiles: readonly TileRequest[],
    floorsOf: (tile: TileRequest) => { rows: Float32Array; cols: Float32Array },
    read: (tile: TileRequest, product: Tile) => void,
  ): void {
    const ahead = 2;
    const request = (t: number): void => {
      const { rows, cols } = floorsOf(tiles[t]!);
      this.request(tiles[t]!, rows, cols);
    };
    for (let t = 0; t < Math.min(ahead, tiles.length); t++) request(t);
    for (let t = 0; t < tiles.length; t++) {
      const product = this.take();
      if (t + ahead < tiles.length) request(t + ahead);
      read(tiles[t]!, product);
    }
  }

  /** The oldest requested tile; blocks until it is ready. */
  take(): Tile {
    if (this.nextTake >= this.nextId) throw new Error("TileProducts: take() without a pending request");
    const reply = this.receive();
    if (reply.id !== this.nextTake || !reply.scores) throw new Error(`TileProducts: expected tile ${this.nextTake}, got ${String(reply.id)}`);
    this.nextTake++;
    return { scores: reply.scores, hits: reply.hits ?? null };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // Let tiles still being multiplied finish: terminating onnxruntime mid-run can abort the process.
    try {
      for (; this.nextTake < this.nextId; this.nextTake++) this.receive();
    } catch {
      // the worker failed; nothing more will come
    }
    this.port.close();
    void this.worker.terminate();
  }

  /** The next message from the worker, waiting on the shared counter it bumps after each post. */
  private receive(): WorkerReply {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const message = receiveMessageOnPort(this.port);
      if (message) {
        const reply = message.message as WorkerReply;
        if (reply.error) throw new Error(`TileProducts worker failed: ${reply.error}`);
        return reply;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`TileProducts: no answer from the onnxruntime worker in ${this.timeoutMs / 1000} s`);
      const seen = Atomics.load(this.control, 0);
      if (seen === this.seen) Atomics.wait(this.control, 0, seen, Math.min(left, 1000));
      this.seen = Atomics.load(this.control, 0);
    }
  }
}
