import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEncoderApp, MAX_IMAGE_BYTES, startEncoderServer, TextBatcher, type RunningEncoder } from "../../../../offline/encoder/server";
import { embedImages, embedTexts } from "../../../../offline/models/encoder";
import { loadModel, type LoadedModel } from "../../../../offline/models/load-model";
import { preprocessImage } from "../../../../offline/models/preprocess";

const builtin = join(import.meta.dirname, "..", "..", "..", "..", "models", "builtin-colour-v1");

let model: LoadedModel;
let encoder: RunningEncoder;
const logLines: string[] = [];

beforeAll(async () => {
  model = await loadModel(builtin);
  encoder = await startEncoderServer(model, { port: 0, log: (line) => logLines.push(line) });
});
afterAll(async () => {
  await encoder?.close();
  await model?.close();
});

const postText = async (body: unknown, init: RequestInit = {}) => {
  const res = await fetch(`${encoder.url}/v1/text`, { method: "POST", headers: { "Content-Type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body), ...init });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};
const postImage = async (body: Uint8Array, type: string | null) => {
  const res = await fetch(`${encoder.url}/v1/image`, { method: "POST", headers: type ? { "Content-Type": type } : {}, body: new Uint8Array(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};
const norm = (v: number[]) => Math.hypot(...v);
/** A picture in two colours: 3/4 navy, 1/4 gold. */
const picture = (format: "png" | "jpeg" | "webp" | "gif") =>
  sharp({ create: { width: 96, height: 64, channels: 3, background: { r: 25, g: 35, b: 110 } } })
    .composite([{ input: { create: { width: 24, height: 64, channels: 3, background: { r: 205, g: 165, b: 35 } } }, left: 0, top: 0 }])
    .toFormat(format)
    .toBuffer();

describe("the query encoder service", () => {
  it("says which model it runs", async () => {
    const res = await fetch(`${encoder.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, model: { id: "builtin-colour-v1", dimensions: 16 } });
  });

  it("encodes texts exactly as the offline pipeline does", async () => {
    const texts = ["blue sea", "a crimson and gold sunset", "Navy", "lonely lighthouse"];
    const res = await postText({ texts });
    expect(res.status).toBe(200);
    expect(res.json.model).toBe("builtin-colour-v1");
    expect(res.json.dimensions).toBe(16);
    const vectors = res.json.vectors as number[][];
    const expected = await embedTexts(model, texts);
    expect(vectors).toHaveLength(texts.length);
    vectors.forEach((v, i) => {
      expect(v).toHaveLength(16);
      expect(norm(v)).toBeCloseTo(1, 5);
      expect(Float32Array.from(v)).toEqual(expected[i]);
    });
    // Surrounding spaces do not matter; 300 characters is allowed.
    const padded = await postText({ texts: ["  blue sea  ", `${"blue ".repeat(60).trim()}   `] });
    expect(padded.status).toBe(200);
    expect((padded.json.vectors as number[][])[0]).toEqual(vectors[0]);
  });

  it("batches texts that arrive together into one model run, and answers each request with its own", async () => {
    const colours = ["red", "crimson", "orange", "yellow", "gold", "green", "olive", "teal", "blue", "navy", "purple", "pink"];
    const expected = await embedTexts(model, colours.flatMap((c) => [c, `${c} and white`]));
    const close = (got: ArrayLike<number>, want: Float32Array) => Array.from(got).every((x, d) => Math.abs(x - want[d]!) < 1e-6);

    // Submitted in the same tick: one run of all 24 texts.
    const batcher = new TextBatcher(model);
    const results = await Promise.all(colours.map((c) => batcher.encode([c, `${c} and white`])));
    expect(batcher.runs).toEqual([24]);
    results.forEach((pair, i) => {
      expect(close(pair[0]!, expected[2 * i]!)).toBe(true);
      expect(close(pair[1]!, expected[2 * i + 1]!)).toBe(true);
    });
    // A run never exceeds the batch size; what is left runs next.
    const small = new TextBatcher(model, 5);
    await Promise.all(colours.slice(0, 4).map((c) => small.encode([c, c])));
    expect(small.runs).toEqual([4, 4]);

    // Over HTTP, concurrent requests each get their own vectors back.
    const answers = await Promise.all(colours.map((c) => postText({ texts: [c, `${c} and white`] })));
    answers.forEach((a, i) => {
      expect(a.status).toBe(200);
      const got = a.json.vectors as number[][];
      expect(close(got[0]!, expected[2 * i]!)).toBe(true);
      expect(close(got[1]!, expected[2 * i + 1]!)).toBe(true);
    });
  });

  it("encodes PNG, JPEG, WebP and GIF images exactly as the offline pipeline does", async () => {
    for (const format of ["png", "jpeg", "webp", "gif"] as const) {
      const bytes = await picture(format);
      const res = await postImage(bytes, `image/${format}`);
      expect(res.status, format).toBe(200);
      expect(res.json.model).toBe("builtin-colour-v1");
      expect(res.json.dimensions).toBe(16);
      const vector = res.json.vector as number[];
      expect(norm(vector)).toBeCloseTo(1, 5);
      const [expected] = await embedImages(model, [await preprocessImage(bytes, model.manifest.image)]);
      expect(Float32Array.from(vector), format).toEqual(expected);
    }
    // It sees the colours: navy first, gold second.
    const vector = (await postImage(await picture("png"), "image/png; charset=binary")).json.vector as number[];
    const ranked = vector.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]).map(([, i]) => i);
    expect(ranked.slice(0, 2)).toEqual([9, 4]);
  });

  it("answers bad texts with 400 and a reason", async () => {
    const cases: [unknown, string][] = [
      ["{not json", "invalid_json"],
      ["", "invalid_json"],
      [[], "invalid_request"],
      [{}, "invalid_request"],
      [{ texts: "blue" }, "invalid_request"],
      [{ texts: [] }, "invalid_request"],
      [{ texts: Array.from({ length: 33 }, () => "blue") }, "invalid_request"],
      [{ texts: ["blue", 7] }, "invalid_request"],
      [{ texts: ["blue", "   "] }, "invalid_request"],
      [{ texts: ["x".repeat(301)] }, "invalid_request"],
    ];
    for (const [body, error] of cases) {
      const res = await postText(body);
      expect([res.status, res.json.error], JSON.stringify(body).slice(0, 60)).toEqual([400, error]);
      expect(res.json.message).toMatch(/\.$/);
    }
    expect((await postText({ texts: ["x".repeat(301)] })).json.message).toMatch(/texts\[0\] is 301 characters long; at most 300/);
    const huge = await postText({ texts: ["blue"], padding: "x".repeat(70 * 1024) });
    expect([huge.status, huge.json.error]).toEqual([413, "payload_too_large"]);
  });

  it("answers bad images with 413, 415 or 422 and a reason", async () => {
    const png = await picture("png");
    const cases: [Uint8Array, string | null, number, string][] = [
      [png, "text/plain", 415, "unsupported_media_type"],
      [png, "image/svg+xml", 415, "unsupported_media_type"],
      [png, null, 415, "unsupported_media_type"],
      [new Uint8Array(MAX_IMAGE_BYTES + 1), "image/png", 413, "payload_too_large"],
      [new Uint8Array(0), "image/png", 422, "undecodable_image"],
      [new TextEncoder().encode("this is not an image at all, just some text"), "image/jpeg", 422, "undecodable_image"],
      // A real PNG header, then nothing: the header reads, the pixels do not.
      [png.subarray(0, 60), "image/png", 422, "undecodable_image"],
      // A header that claims 20,000 x 20,000 pixels is refused before decoding.
      [pngHeader(20_000, 20_000), "image/png", 413, "image_too_large"],
    ];
    for (const [body, type, status, error] of cases) {
      const res = await postImage(body, type);
      expect([res.status, res.json.error], `${type} ${body.byteLength} bytes`).toEqual([status, error]);
      expect(typeof res.json.message).toBe("string");
    }
  });

  it("answers unknown routes with 404 and wrong methods with 405", async () => {
    const missing = await fetch(`${encoder.url}/v2/text`, { method: "POST" });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toBe("not_found");
    for (const [method, path, allow] of [["GET", "/v1/text", "POST"], ["PUT", "/v1/image", "POST"], ["POST", "/health", "GET, HEAD"]] as const) {
      const res = await fetch(`${encoder.url}${path}`, { method });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get("Allow")).toBe(allow);
      expect(((await res.json()) as { error: string }).error).toBe("method_not_allowed");
    }
  });

  it("logs one line per request", async () => {
    logLines.length = 0;
    await postText({ texts: ["teal"] });
    await postText("nope");
    expect(logLines).toHaveLength(2);
    expect(logLines[0]).toMatch(/^POST \/v1\/text 200 \d+ms 1 text$/);
    expect(logLines[1]).toMatch(/^POST \/v1\/text 400 \d+ms$/);
  });

  it("refuses work beyond its queue with 503, and carries on", async () => {
    const { app } = createEncoderApp(model, { maxQueuedTexts: 4, log: () => {} });
    const send = (n: number) => app.request("/v1/text", { method: "POST", body: JSON.stringify({ texts: Array.from({ length: n }, () => "blue") }) });
    const [a, b] = await Promise.all([send(3), send(3)]);
    expect([a.status, b.status]).toEqual([200, 503]);
    expect(b.headers.get("Retry-After")).toBe("1");
    expect(((await b.json()) as { error: string }).error).toBe("busy");
    expect((await send(4)).status).toBe(200);
  });
});

/** The first 33 bytes of a PNG (signature + IHDR) claiming the given size. */
function pngHeader(width: number, height: number): Uint8Array {
  const b = new Uint8Array(33);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(b.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  b.set([8, 2, 0, 0, 0], 24);
  return b;
}
