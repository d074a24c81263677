/**
 * The query encoder: a small HTTP service that turns a visitor's search text or uploaded
 * image into a vector with the same model files as the offline pipeline (Workers cannot
 * run onnxruntime). Contract:
 *   GET  /health    -> {"ok":true,"model":{"id","dimensions"}}
 *   POST /v1/text   {"texts":[...]} (1..32 texts, each 1..300 characters after trimming)
 *                   -> {"model","dimensions","vectors":[[...]]}, L2-normalised
 *   POST /v1/image  raw bytes, Content-Type image/png|jpeg|webp|gif, at most 8 MiB
 *                   -> {"model","dimensions","vector":[...]}
 * Errors are JSON {"error":"<code>","message":"<sentence>"}: 400 bad JSON or shape, 413 too
 * large, 415 wrong type, 422 undecodable image, 404/405; 503 only when the queue is full.
 * Texts of requests that arrive together run through the model as one batch; images are
 * decoded and encoded a few at a time.
 */
import { readCapped } from "../../workers/lib/read-capped";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { sniffImage } from "../../workers/crawler/image-sniff";
import { MAX_QUERY_TEXT_LENGTH } from "../../workers/lib/query-text";
import { embedImages, embedTexts } from "../models/encoder";
import type { LoadedModel } from "../models/load-model";
import { preprocessImage } from "../models/preprocess";
import { requireBearerToken } from "./auth";

export const MAX_TEXTS = 32;
export const MAX_IMAGE_BYTES = 8 * 1024 * 1024;
/** Same caps as the crawler's image check: a decompression bomb is refused before decoding. */
export const MAX_IMAGE_PIXELS = 40_000_000;
export const MAX_IMAGE_SIDE = 12_000;
const MAX_TEXT_BODY = 64 * 1024;
export const IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp", "image/gif"] as const;

export interface EncoderOptions {
  /** Most texts in one model run (default 256). */
  maxTextBatch?: number;
  /** Texts waiting beyond this answer 503 (default 4,096). */
  maxQueuedTexts?: number;
  /** Images decoded and encoded at once (default 2). */
  imageConcurrency?: number;
  /** Images waiting beyond this answer 503 (default 32). */
  maxQueuedImages?: number;
  /** One line per request; default console.log. */
  log?: (line: string) => void;
  /** Shared secret every request but GET /health must carry (auth.ts); none locally. */
  token?: string;
}

export class EncoderHttpError extends Error {
  constructor(readonly status: ContentfulStatusCode, readonly code: string, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

const busy = (what: string) => new EncoderHttpError(503, "busy", `The encoder has too many ${what} waiting; try again in a moment.`, { "Retry-After": "1" });

/**
 * Texts submitted while the model is busy (or within the same tick) wait and then run
 * together: one onnxruntime call for many small requests.
 */
export class TextBatcher {
  private queue: { texts: string[]; resolve(v: Float32Array[]): void; reject(e: unknown): void }[] = [];
  private queued = 0;
  private running = false;
  /** Model runs so far and the texts they carried (for tests and logs). */
  readonly runs: number[] = [];

  constructor(private readonly model: LoadedModel, private readonly maxBatch = 256, private readonly maxQueued = 4096) {}

  encode(texts: string[]): Promise<Float32Array[]> {
    if (this.queued + texts.length > this.maxQueued) return Promise.reject(busy("texts"));
    return new Promise((resolve, reject) => {
      this.queue.push({ texts, resolve, reject });
      this.queued += texts.length;
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const jobs: typeof this.queue = [];
      let size = 0;
      while (this.queue.length && (jobs.length === 0 || size + this.queue[0]!.texts.length <= this.maxBatch)) {
        const job = this.queue.shift()!;
        jobs.push(job);
        size += job.texts.length;
      }
      this.queued -= size;
      try {
        const vectors = await embedTexts(this.model, jobs.flatMap((j) => j.texts), { batchSize: this.maxBatch });
        this.runs.push(size);
        let at = 0;
        for (const job of jobs) {
          job.resolve(vectors.slice(at, at + job.texts.length));
          at += job.texts.length;
        }
      } catch (error) {
        for (const job of jobs) job.reject(error);
      }
    }
    this.running = false;
  }
}

/** At most `limit` tasks at once, at most `maxWaiting` waiting; more are refused as busy. */
export class Limiter {
  private active = 0;
  private waiting: (() => void)[] = [];

  constructor(private readonly limit: number, private readonly maxWaiting: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) {
      if (this.waiting.length >= this.maxWaiting) throw busy("images");
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter, or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/** Reads a body, refusing it as soon as it grows past `max` bytes (Content-Length is checked first). */
export function readBodyLimited(request: Request, max: number, what: string): Promise<Uint8Array> {
  return readCapped(request.body, request.headers.get("Content-Length"), max, () => new EncoderHttpError(413, "payload_too_large", `The ${what} is larger than ${max} bytes.`));
}

/** Validates {"texts":[...]}; the message names the first problem. */
export function parseTextRequest(value: unknown): string[] {
  const bad = (message: string) => new EncoderHttpError(400, "invalid_request", message);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw bad('Send a JSON object like {"texts":["blue sea"]}.');
  const texts = (value as { texts?: unknown }).texts;
  if (!Array.isArray(texts)) throw bad('"texts" must be an array of strings.');
  if (texts.length < 1 || texts.length > MAX_TEXTS) throw bad(`"texts" must hold 1 to ${MAX_TEXTS} texts, not ${texts.length}.`);
  return texts.map((text, i) => {
    if (typeof text !== "string") throw bad(`texts[${i}] is not a string.`);
    const trimmed = text.trim();
    if (trimmed.length < 1) throw bad(`texts[${i}] is empty.`);
    if (trimmed.length > MAX_QUERY_TEXT_LENGTH) throw bad(`texts[${i}] is ${trimmed.length} characters long; at most ${MAX_QUERY_TEXT_LENGTH} are allowed.`);
    return trimmed;
  });
}

type EncoderApp = Hono<{ Variables: { detail?: string } }>;

export function createEncoderApp(model: LoadedModel, options: EncoderOptions = {}): { app: EncoderApp; texts: TextBatcher } {
  const { id, dimensions } = model.manifest;
  const log = options.log ?? ((line: string) => console.log(line));
  const texts = new TextBatcher(model, options.maxTextBatch ?? 256, options.maxQueuedTexts ?? 4096);
  const images = new Limiter(options.imageConcurrency ?? 2, options.maxQueuedImages ?? 32);
  const app = new Hono<{ Variables: { detail?: string } }>();

  app.use("*", async (c, next) => {
    const started = performance.now();
    await next();
    const detail = c.get("detail");
    log(`${c.req.method} ${c.req.path} ${c.res.status} ${(performance.now() - started).toFixed(0)}ms${detail ? ` ${detail}` : ""}`);
  });
  if (options.token) app.use("*", requireBearerToken(options.token));

  app.get("/health", (c) => c.json({ ok: true, model: { id, dimensions } }));

  app.post("/v1/text", async (c) => {
    const body = await readBodyLimited(c.req.raw, MAX_TEXT_BODY, "request body");
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder().decode(body));
    } catch {
      throw new EncoderHttpError(400, "invalid_json", 'The body is not valid JSON; send {"texts":["blue sea"]}.');
    }
    const input = parseTextRequest(value);
    const vectors = await texts.encode(input);
    c.set("detail", `${input.length} text${input.length === 1 ? "" : "s"}`);
    return c.json({ model: id, dimensions, vectors: vectors.map((v) => Array.from(v)) });
  });

  app.post("/v1/image", async (c) => {
    const type = (c.req.header("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (!(IMAGE_TYPES as readonly string[]).includes(type)) {
      throw new EncoderHttpError(415, "unsupported_media_type", `Send the image's bytes with Content-Type ${IMAGE_TYPES.join(", ")}${type ? `, not ${type}` : ""}.`);
    }
    const bytes = await readBodyLimited(c.req.raw, MAX_IMAGE_BYTES, "image");
    if (bytes.byteLength === 0) throw new EncoderHttpError(422, "undecodable_image", "The body is empty; send the image's bytes.");
    const sniffed = sniffImage(bytes);
    if (!sniffed) throw new EncoderHttpError(422, "undecodable_image", "The body is not a PNG, JPEG, WebP or GIF image.");
    if (sniffed.width > MAX_IMAGE_SIDE || sniffed.height > MAX_IMAGE_SIDE || sniffed.width * sniffed.height > MAX_IMAGE_PIXELS) {
      throw new EncoderHttpError(413, "image_too_large", `The image is ${sniffed.width}×${sniffed.height} pixels; at most ${MAX_IMAGE_PIXELS} pixels and ${MAX_IMAGE_SIDE} px a side are accepted.`);
    }
    const vector = await images.run(async () => {
      let tensor: Float32Array;
      try {
        tensor = await preprocessImage(bytes, model.manifest.image, "the image");
      } catch (error) {
        const reason = (error as Error).message.replace(/^.*? could not be decoded as an image: /, "");
        throw new EncoderHttpError(422, "undecodable_image", `The image could not be decoded: ${reason}`);
      }
      return (await embedImages(model, [tensor], { batchSize: 1 }))[0]!;
    });
    c.set("detail", `${sniffed.type} ${sniffed.width}x${sniffed.height}`);
    return c.json({ model: id, dimensions, vector: Array.from(vector) });
  });

  const methodNotAllowed = (allow: string) => (c: Context) => {
    c.header("Allow", allow);
    return c.json({ error: "method_not_allowed", message: `${c.req.path} accepts ${allow} only.` }, 405);
  };
  app.all("/health", methodNotAllowed("GET, HEAD"));
  app.all("/v1/text", methodNotAllowed("POST"));
  app.all("/v1/image", methodNotAllowed("POST"));

  app.notFound((c) => c.json({ error: "not_found", message: `No route for ${c.req.method} ${c.req.path}; use GET /health, POST /v1/text or POST /v1/image.` }, 404));
  app.onError((error, c) => {
    if (error instanceof EncoderHttpError) {
      for (const [k, v] of Object.entries(error.headers)) c.header(k, v);
      return c.json({ error: error.code, message: error.message }, error.status);
    }
    console.error(`encoder: ${c.req.method} ${c.req.path} failed:`, error);
    return c.json({ error: "internal", message: "The encoder failed on its side." }, 500);
  });
  return { app, texts };
}

export interface RunningEncoder {
  url: string;
  port: number;
  texts: TextBatcher;
  close(): Promise<void>;
}

/** Serves the encoder on host:port (port 0 picks a free one). The model stays the caller's to close. */
export async function startEncoderServer(model: LoadedModel, options: EncoderOptions & { port?: number; host?: string } = {}): Promise<RunningEncoder> {
  const host = options.host ?? "127.0.0.1";
  // The tokenizer builds its tables on first use: do it now, not in the first visitor's search.
  await embedTexts(model, ["warm up"]);
  const { app, texts } = createEncoderApp(model, options);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }) as Server;
    s.once("error", reject);
    s.once("listening", () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    texts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
