/**
 * Client of the query encoder (offline/encoder, a Node service at ENCODER_URL):
 *   POST /v1/text  {"texts":[...]}  -> {"model","dimensions","vectors":[[...]]}
 *   POST /v1/image raw image bytes -> {"model","dimensions","vector":[...]}
 * Search must never wait long or fail because of it: every call has a short timeout, and any
 * failure (not configured, unreachable, timeout, 5xx, a malformed answer, or a model other
 * than the site's active one, whose vectors would be meaningless here) is "unavailable", which
 * search answers in degraded mode. After a failure the encoder rests for REST_MS: searches in
 * the meantime do not each pay the timeout again.
 */
import type { ActiveModel } from "../models.server";

export const TEXT_TIMEOUT_MS = 1500;
/** Uploading and decoding an image takes longer than a few words. */
export const IMAGE_TIMEOUT_MS = 6000;
export const REST_MS = 15_000;
export const ENCODER_IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp", "image/gif"] as const;

export type UnavailableCode =
  | "encoder_not_configured"
  | "encoder_unreachable"
  | "encoder_timeout"
  | "encoder_error"
  | "encoder_model_mismatch"
  | "encoder_resting";

export type EncoderResult =
  | { ok: true; vector: Float32Array }
  /** The encoder cannot help now; search goes on without it. */
  | { ok: false; kind: "unavailable"; code: UnavailableCode; message: string }
  /** The encoder refused the input itself (an image it cannot decode, too large...). */
  | { ok: false; kind: "rejected"; status: 400 | 413 | 415 | 422; code: string; message: string };

export interface EncoderEnv {
  ENCODER_URL?: string;
  /** The encoder's shared secret in production (workers/encoder); none locally. */
  ENCODER_TOKEN?: string;
}

const restingUntil = new Map<string, number>();

/** For tests: forget that an encoder failed recently. */
export function wakeEncoder(): void {
  restingUntil.clear();
}

function unavailable(code: UnavailableCode, message: string): EncoderResult {
  return { ok: false, kind: "unavailable", code, message };
}

function baseUrl(env: EncoderEnv): string | null {
  const raw = env.ENCODER_URL?.trim();
  if (!raw) return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    return url.toString().replace(/\/+$/, "");
  } catch {
    return null;
  }
}

function readVector(value: unknown, model: ActiveModel): Float32Array | null {
  if (!Array.isArray(value) || value.length !== model.dimensions) return null;
  const out = new Float32Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const x = value[i];
    if (typeof x !== "number" || !Number.isFinite(x)) return null;
    out[i] = x;
  }
  return out;
}

async function call(
  env: EncoderEnv,
  model: ActiveModel,
  path: string,
  init: { body: BodyInit; contentType: string },
  timeoutMs: number,
  pick: (json: Record<string, unknown>) => unknown,
): Promise<EncoderResult> {
  const base = baseUrl(env);
  if (!base) return unavailable("encoder_not_configured", "No query encoder is configured on this deployment (ENCODER_URL).");
  const until = restingUntil.get(base);
  if (until !== undefined && until > Date.now()) {
    return unavailable("encoder_resting", "The query encoder failed moments ago; search is not asking it again for a few seconds.");
  }
  const fail = (code: UnavailableCode, message: string): EncoderResult => {
    restingUntil.set(base, Date.now() + REST_MS);
    return unavailable(code, message);
  };

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method: "POST",
        headers: { "Content-Type": init.contentType, Accept: "application/json", ...(env.ENCODER_TOKEN ? { Authorization: `Bearer ${env.ENCODER_TOKEN}` } : {}) },
        body: init.body,
        signal: controller.signal,
      });
    } catch {
      return timedOut
        ? fail("encoder_timeout", `The query encoder did not answer within ${timeoutMs / 1000} s.`)
        : fail("encoder_unreachable", "The query encoder could not be reached.");
    }
    let json: Record<string, unknown> | null = null;
    try {
      const parsed: unknown = await response.json();
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
    } catch {
      if (timedOut) return fail("encoder_timeout", `The query encoder did not answer within ${timeoutMs / 1000} s.`);
    }
    if (!response.ok) {
      const status = response.status;
      if (status === 400 || status === 413 || status === 415 || status === 422) {
        const code = typeof json?.error === "string" ? json.error : "rejected";
        const message = typeof json?.message === "string" ? json.message : `The query encoder refused the input (HTTP ${status}).`;
        return { ok: false, kind: "rejected", status, code, message };
      }
      return fail("encoder_error", `The query encoder answered HTTP ${status}.`);
    }
    if (!json) return fail("encoder_error", "The query encoder's answer is not a JSON object.");
    if (json.model !== model.id) {
      return fail(
        "encoder_model_mismatch",
        `The query encoder runs model '${String(json.model)}', but the site searches with '${model.id}'.`,
      );
    }
    const vector = readVector(pick(json), model);
    if (!vector) return fail("encoder_error", `The query encoder's answer holds no ${model.dimensions}-d vector.`);
    return { ok: true, vector };
  } finally {
    clearTimeout(timer);
  }
}

/** One text (1..300 characters) as a vector of the active model. */
export function encodeText(env: EncoderEnv, model: ActiveModel, text: string, timeoutMs = TEXT_TIMEOUT_MS): Promise<EncoderResult> {
  return call(env, model, "/v1/text", { body: JSON.stringify({ texts: [text] }), contentType: "application/json" }, timeoutMs, (json) =>
    Array.isArray(json.vectors) ? json.vectors[0] : undefined,
  );
}

/** An image's bytes (PNG, JPEG, WebP or GIF, at most 8 MiB) as a vector of the active model. */
export function encodeImage(
  env: EncoderEnv,
  model: ActiveModel,
  bytes: Uint8Array,
  contentType: string,
  timeoutMs = IMAGE_TIMEOUT_MS,
): Promise<EncoderResult> {
  return call(env, model, "/v1/image", { body: bytes as Uint8Array<ArrayBuffer>, contentType }, timeoutMs, (json) => json.vector);
}
