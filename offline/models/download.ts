import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, rename, rm, stat } from "node:fs/promises";
import { ModelError } from "./errors";

export interface DownloadProgress {
  file: string;
  done: number;
  /** Total bytes when the server says (Content-Length), else undefined. */
  total: number | undefined;
  bytesPerSecond: number;
}

export interface DownloadOptions {
  url: string;
  dest: string;
  sha256: string;
  /** Called at most every `progressEveryMs` and once at the end. */
  onProgress?: (p: DownloadProgress) => void;
  progressEveryMs?: number;
  /** Abort when no bytes arrive for this long. */
  stallTimeoutMs?: number;
  fetchImpl?: typeof fetch;
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

// undici hides the useful reason (ECONNREFUSED, ENOTFOUND...) in error.cause.
function networkReason(error: unknown): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  return [e.cause?.code, e.cause?.message ?? e.message].filter(Boolean).join(" ").split("\n")[0]!;
}

/**
 * Streams `url` to `dest` while hashing it; the bytes go to `dest.part` and are renamed
 * into place only when the SHA-256 matches, so `dest` is either absent or verified.
 * A `dest` that already exists with the right hash is kept (re-running is free).
 */
export async function downloadVerified(options: DownloadOptions): Promise<"downloaded" | "already-present"> {
  const { url, dest, onProgress } = options;
  const expected = options.sha256.toLowerCase();
  const file = dest.split(/[\\/]/).pop()!;
  if (await stat(dest).then(() => true, () => false)) {
    if ((await sha256OfFile(dest)) === expected) return "already-present";
    await rm(dest, { force: true }); // a stale or tampered file: fetch it again
  }

  const controller = new AbortController();
  const stallMs = options.stallTimeoutMs ?? 60_000;
  let stallTimer = setTimeout(() => controller.abort(), stallMs);
  const resetStall = () => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => controller.abort(), stallMs);
  };

  const part = `${dest}.part`;
  const handle = await open(part, "w");
  let kept = false;
  try {
    let response: Response;
    try {
      response = await (options.fetchImpl ?? fetch)(url, { signal: controller.signal, redirect: "follow" });
    } catch (error) {
      throw new ModelError(`cannot download ${url}: ${controller.signal.aborted ? "no response" : networkReason(error)}; check the network, or download the files elsewhere and point MODEL_DIR at them`);
    }
    if (!response.ok || !response.body) {
      throw new ModelError(`cannot download ${url}: HTTP ${response.status} ${response.statusText}`.trim());
    }
    const lengthHeader = Number(response.headers.get("content-length"));
    const total = Number.isFinite(lengthHeader) && lengthHeader > 0 ? lengthHeader : undefined;
    const hash = createHash("sha256");
    const started = Date.now();
    let done = 0;
    let lastReport = 0;
    const report = () => onProgress?.({ file, done, total, bytesPerSecond: done / Math.max(0.001, (Date.now() - started) / 1000) });
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        resetStall();
        hash.update(chunk);
        await handle.write(chunk);
        done += chunk.length;
        if (Date.now() - lastReport >= (options.progressEveryMs ?? 250)) {
          lastReport = Date.now();
          report();
        }
      }
    } catch (error) {
      throw new ModelError(`download of ${url} broke off after ${done} bytes: ${controller.signal.aborted ? `nothing received for ${stallMs / 1000} s` : networkReason(error)}; run the command again`);
    }
    report();
    if (total !== undefined && done !== total) throw new ModelError(`download of ${url} ended after ${done} of ${total} bytes; run the command again`);
    const actual = hash.digest("hex");
    if (actual !== expected) {
      throw new ModelError(`checksum mismatch for ${url}: expected sha256 ${expected}, got ${actual}; the file was not kept`);
    }
    await handle.sync();
    await handle.close();
    await rename(part, dest);
    kept = true;
    return "downloaded";
  } finally {
    clearTimeout(stallTimer);
    if (!kept) {
      await handle.close().catch(() => undefined);
      await rm(part, { force: true });
    }
  }
}

/** "vision_model.onnx  120.4/335.4 MB  12.3 MB/s  ETA 17s" */
export function formatProgress(p: DownloadProgress): string {
  const mb = (n: number) => (n / 1e6).toFixed(1);
  const rate = `${mb(p.bytesPerSecond)} MB/s`;
  if (p.total === undefined) return `${p.file}  ${mb(p.done)} MB  ${rate}`;
  const eta = p.bytesPerSecond > 0 ? Math.ceil((p.total - p.done) / p.bytesPerSecond) : undefined;
  const pct = ((100 * p.done) / p.total).toFixed(0);
  return `${p.file}  ${mb(p.done)}/${mb(p.total)} MB (${pct}%)  ${rate}${eta !== undefined ? `  ETA ${eta}s` : ""}`;
}
