/**
 * Search with the real query encoder (offline/encoder running the built-in colour model),
 * started in Node by test/support/encoder-global-setup.ts. Skipped when that setup is not
 * configured for the "app" project (then the degraded path alone is tested, in
 * search-api.test.ts).
 */
import { env } from "cloudflare:test";
import { encode } from "fast-png";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { COLOURS } from "../../workers/demo-shop/colours";
import { vectorIndexFor } from "../../workers/vectorize";
import { forgetActiveModel } from "../../app/server/models.server";
import { runSearch, searchByImage } from "../../app/server/search/search.server";
import { encodeText, wakeEncoder } from "../../app/server/search/encoder-client";
import { COLOUR_NAMES } from "../../app/server/search/colours";
import { MODEL, WORKS, seedCatalogue } from "./fixtures";

declare module "vitest" {
  export interface ProvidedContext {
    encoderUrl: string;
  }
}

const encoderUrl = inject("encoderUrl") as string | undefined;
const BUILTIN = { id: "builtin-colour-v1", dimensions: COLOUR_NAMES.length };
const withEncoder = () => ({ ...env, ENCODER_URL: encoderUrl });
const familyOf = (id: number) => WORKS.find((w) => w.id === id)!.family;

/** A solid picture in one of the palette's colours. */
function solidPng(colour: keyof typeof COLOURS): Uint8Array {
  const [r, g, b] = COLOURS[colour];
  const data = new Uint8Array(64 * 48 * 3);
  for (let i = 0; i < data.length; i += 3) data.set([r, g, b], i);
  return encode({ width: 64, height: 48, data, channels: 3 });
}

describe.skipIf(!encoderUrl)("search with the real query encoder", () => {
  beforeAll(async () => {
    await seedCatalogue();
    // The built-in model becomes the active one: newer than test-model, with neighbours and vectors.
    await env.DB.batch([
      env.DB.prepare("INSERT OR IGNORE INTO models (id, dimensions, description, created_at) VALUES (?, ?, 'built-in colour model', ?)").bind(BUILTIN.id, BUILTIN.dimensions, Date.now() + 60_000),
      env.DB.prepare("INSERT OR IGNORE INTO neighbours (model_id, artwork_id, rank, neighbour_id, score) VALUES (?, 1, 0, 2, 0.99)").bind(BUILTIN.id),
    ]);
    await vectorIndexFor(env, BUILTIN).upsert(
      WORKS.map((w) => {
        const axis = COLOUR_NAMES.indexOf(w.family);
        const values = Array.from({ length: BUILTIN.dimensions }, (_, d) => (d === axis ? 1 : 0.02));
        return { id: String(w.id), values, metadata: { available: true, priceMinor: w.priceMinor, currency: "USD", orientation: w.orientation, sizeClass: "medium", colour: w.family } };
      }),
    );
    forgetActiveModel();
    wakeEncoder();
  });

  it("encodes the text the parser leaves and finds works by meaning", async () => {
    // "sapphire" is no filter word, so it reaches the encoder, which reads it as blue.
    const answer = await runSearch(withEncoder(), { q: "sapphire under $100" });
    expect(answer.model).toBe(BUILTIN.id);
    expect(answer.degraded).toBe(false);
    expect(answer.vectorSource).toBe("encoder");
    expect(answer.query).toEqual({ text: "sapphire", filters: { maxPriceMinor: 10000, currency: "USD" } });
    expect(answer.results.length).toBeGreaterThan(0);
    expect(answer.results.every((r) => familyOf(r.id) === "blue" && r.priceMinor! <= 10000)).toBe(true);
  });

  it("finds works that look like an uploaded image", async () => {
    const answer = await searchByImage(withEncoder(), solidPng("green"));
    expect(answer).toMatchObject({ ok: true, degraded: false });
    const results = answer.ok ? answer.results : [];
    expect(results.length).toBe(12);
    expect(results.every((r) => familyOf(r.id) === "green" && r.source === "vector")).toBe(true);
  });

  it("passes the encoder's refusal of a broken image on", async () => {
    const broken = solidPng("red").slice(0, 60);
    const answer = await searchByImage(withEncoder(), broken);
    expect(answer.ok).toBe(false);
  });

  it("treats an encoder running another model as unavailable", async () => {
    const result = await encodeText(withEncoder(), MODEL, "blue");
    expect(result).toMatchObject({ ok: false, kind: "unavailable", code: "encoder_model_mismatch" });
    wakeEncoder();
  });
});
