import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { normaliseQueryText } from "../../../workers/lib/query-text";
import { decodeVector, encodeVector } from "../../../workers/lib/vector-codec";

const TOKEN = "Bearer test-admin-token";
const hash = (n: number) => n.toString(16).padStart(64, "0");
const json = async (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) => {
  const res = await SELF.fetch(`http://worker/admin/pipeline${path}`, {
    method,
    headers: { Authorization: TOKEN, "Content-Type": "application/json", ...extra },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};
const putThumb = async (h: string, width: number | string, body: Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}) => {
  const res = await SELF.fetch(`http://worker/admin/pipeline/thumbnails/${h}/${width}`, {
    method: "PUT",
    headers: { Authorization: TOKEN, "Content-Type": "image/webp", ...headers },
    body,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};

/** A minimal lossless WebP header (VP8L) of the given size: enough for the route's checks. */
function webp(width: number, height: number, padTo = 40): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(padTo);
  const ascii = (at: number, s: string) => [...s].forEach((ch, i) => (b[at + i] = ch.charCodeAt(0)));
  const u32 = (at: number, v: number) => new DataView(b.buffer).setUint32(at, v, true);
  ascii(0, "RIFF");
  u32(4, padTo - 8);
  ascii(8, "WEBP");
  ascii(12, "VP8L");
  u32(16, padTo - 20);
  b[20] = 0x2f;
  u32(21, ((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14));
  return b;
}

describe("the vector codec shared by the Worker, the app and the pipeline", () => {
  it("round-trips float32 values through base64 of their little-endian bytes", () => {
    const values = [1, -0.5, 0.1, 3.4028234663852886e38, 1e-45, 0];
    const encoded = encodeVector(values);
    expect(encoded).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(encoded.length).toBe(Math.ceil((values.length * 4) / 3) * 4);
    expect(Array.from(decodeVector(encoded))).toEqual(Array.from(Float32Array.from(values)));
    // Little-endian: 1.0f is 00 00 80 3f.
    expect(encodeVector([1])).toBe(btoa(String.fromCharCode(0, 0, 0x80, 0x3f)));
    expect(() => decodeVector("AAA")).toThrow();
    expect(() => decodeVector(btoa("abc"))).toThrow(/whole number/);
  });

  it("normalises query texts to one form", () => {
    expect(normaliseQueryText("  Blue\tSEA \n view ")).toBe("blue sea view");
  });
});

describe("PUT /admin/pipeline/query-vectors", () => {
  beforeAll(async () => {
    expect((await json("PUT", "/models/qv-model", { dimensions: 4 })).status).toBe(200);
  });

  it("stores normalised texts with L2-normalised vectors, and lists them page by page", async () => {
    const res = await json("PUT", "/query-vectors", {
      model: "qv-model",
      entries: [
        { text: "  Blue   SEA ", vector: [3, 4, 0, 0] },
        { text: "red", vector: [0, 0, 1, 0] },
        { text: "RED", vector: [0, 0, 0, 2] },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ model: "qv-model", upserted: 2 });
    const rows = await env.DB.prepare("SELECT text, vector, hits FROM query_vectors WHERE model_id = 'qv-model' ORDER BY text").all<{ text: string; vector: string; hits: number }>();
    expect(rows.results.map((r) => r.text)).toEqual(["blue sea", "red"]);
    expect(Array.from(decodeVector(rows.results[0]!.vector))).toEqual(Array.from(Float32Array.from([0.6, 0.8, 0, 0])));
    // Texts equal after normalising: the last one wins.
    expect(Array.from(decodeVector(rows.results[1]!.vector))).toEqual([0, 0, 0, 1]);

    const page1 = await json("GET", "/query-vectors?model=qv-model&limit=1");
    expect(page1.json).toEqual({ model: "qv-model", texts: ["blue sea"], next: "blue sea" });
    const page2 = await json("GET", `/query-vectors?model=qv-model&limit=1&after=${encodeURIComponent("blue sea")}`);
    expect(page2.json).toEqual({ model: "qv-model", texts: ["red"], next: "red" });
    const page3 = await json("GET", "/query-vectors?model=qv-model&limit=1&after=red");
    expect(page3.json).toEqual({ model: "qv-model", texts: [], next: null });
    expect((await json("GET", "/query-vectors?model=other-model")).json.texts).toEqual([]);
  });

  it("keeps a text's hit count when its vector is replaced", async () => {
    await env.DB.prepare("UPDATE query_vectors SET hits = 7 WHERE model_id = 'qv-model' AND text = 'red'").run();
    expect((await json("PUT", "/query-vectors", { model: "qv-model", entries: [{ text: "Red", vector: [1, 0, 0, 0] }] })).status).toBe(200);
    const row = await env.DB.prepare("SELECT vector, hits FROM query_vectors WHERE model_id = 'qv-model' AND text = 'red'").first<{ vector: string; hits: number }>();
    expect(row?.hits).toBe(7);
    expect(Array.from(decodeVector(row!.vector))).toEqual([1, 0, 0, 0]);
  });

  it("refuses bad input with a 4xx and a reason", async () => {
    const put = (body: unknown) => json("PUT", "/query-vectors", body);
    const entry = { text: "blue", vector: [1, 0, 0, 0] };
    expect((await put({ model: "qv-model", entries: [{ text: "blue", vector: [1, 0] }] })).json.error).toBe("dimension_mismatch");
    expect((await put({ model: "qv-model", entries: [{ text: "blue", vector: [0, 0, 0, 0] }] })).json.error).toBe("zero_vector");
    const unknown = await put({ model: "no-such-model", entries: [entry] });
    expect([unknown.status, unknown.json.error]).toEqual([404, "unknown_model"]);
    for (const body of [
      { model: "qv-model", entries: [] },
      { model: "qv-model", entries: Array.from({ length: 1001 }, (_, i) => ({ text: `t${i}`, vector: [1, 0, 0, 0] })) },
      { model: "qv-model", entries: [{ text: "   ", vector: [1, 0, 0, 0] }] },
      { model: "qv-model", entries: [{ text: "x".repeat(301), vector: [1, 0, 0, 0] }] },
      { model: "qv-model", entries: [{ text: "blue", vector: [1, 0, "0", 0] }] },
      { model: "Bad Model", entries: [entry] },
      { entries: [entry] },
    ]) {
      const res = await put(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.json.error).toBe("invalid_request");
    }
    expect((await json("PUT", "/query-vectors", "{not json")).json.error).toBe("invalid_json");
    expect((await json("PUT", "/query-vectors", { model: "qv-model", entries: [entry] }, { "Content-Type": "text/plain" })).status).toBe(415);
    expect((await json("GET", "/query-vectors")).status).toBe(400);
  });

  it("needs the admin token", async () => {
    const body = JSON.stringify({ model: "qv-model", entries: [{ text: "blue", vector: [1, 0, 0, 0] }] });
    const anonymous = await SELF.fetch("http://worker/admin/pipeline/query-vectors", { method: "PUT", headers: { "Content-Type": "application/json" }, body });
    expect(anonymous.status).toBe(401);
    const wrong = await SELF.fetch("http://worker/admin/pipeline/query-vectors", { method: "PUT", headers: { Authorization: "Bearer nope", "Content-Type": "application/json" }, body });
    expect(wrong.status).toBe(403);
    expect((await SELF.fetch("http://worker/admin/pipeline/query-vectors?model=qv-model")).status).toBe(401);
  });
});

describe("thumbnails", () => {
  beforeAll(async () => {
    const db = env.DB;
    await db.batch([
      ...[11, 12, 13].map((i) => db.prepare("INSERT INTO images (hash, r2_key, content_type, width, height, bytes) VALUES (?, ?, 'image/png', 1000, 800, 10)").bind(hash(i), `images/${hash(i)}`)),
      // 13 is an orphan: no artwork shows it, so it needs no thumbnails.
      ...[11, 12].map((i) => db.prepare("INSERT INTO artworks (id, slug, title, image_hash) VALUES (?, ?, ?, ?)").bind(i, `thumb-work-${i}`, `Work ${i}`, hash(i))),
    ]);
  });

  it("lists the images of artworks that lack thumbnails, page by page", async () => {
    const first = await json("GET", "/thumbnails/missing?limit=1");
    expect(first.json).toEqual({ hashes: [hash(11)], next: hash(11) });
    const rest = await json("GET", `/thumbnails/missing?after=${hash(11)}`);
    expect(rest.json).toEqual({ hashes: [hash(12)], next: null });
  });

  it("stores the 640 thumbnail, then the 320 one, which records the image's thumbnail key", async () => {
    const early = await putThumb(hash(11), 320, webp(320, 256));
    expect([early.status, early.json.error]).toEqual([409, "thumbnail_order"]);

    const big = await putThumb(hash(11), 640, webp(640, 512));
    expect(big.status).toBe(200);
    expect(big.json).toMatchObject({ hash: hash(11), width: 640, key: `thumbs/640/${hash(11)}.webp`, pixels: { width: 640, height: 512 } });
    const small = await putThumb(hash(11), 320, webp(320, 256));
    expect(small.status).toBe(200);

    const stored = await env.IMAGES.get(`thumbs/320/${hash(11)}.webp`);
    expect(stored?.httpMetadata?.contentType).toBe("image/webp");
    expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(webp(320, 256));
    expect(await env.IMAGES.head(`thumbs/640/${hash(11)}.webp`)).not.toBeNull();
    const row = await env.DB.prepare("SELECT thumbnail_key FROM images WHERE hash = ?").bind(hash(11)).first<{ thumbnail_key: string }>();
    expect(row?.thumbnail_key).toBe(`thumbs/320/${hash(11)}.webp`);
    expect((await json("GET", "/thumbnails/missing")).json.hashes).toEqual([hash(12)]);

    // Again: harmless. A narrower thumbnail (a small original, never upscaled) is fine.
    expect((await putThumb(hash(11), 640, webp(500, 400))).status).toBe(200);
    expect((await putThumb(hash(11), 320, webp(320, 256))).status).toBe(200);

    const { coverage } = (await json("GET", "/coverage?model=qv-model")).json as { coverage: Record<string, number> };
    expect(coverage.thumbnails).toBe(1);
    expect(coverage.queryVectors).toBe(2);
  });

  it("refuses bad thumbnails with a 4xx and a reason", async () => {
    const cases: [Promise<{ status: number; json: Record<string, unknown> }>, number, string][] = [
      [putThumb(hash(12), 480, webp(480, 300)), 400, "invalid_request"],
      [putThumb("not-a-hash", 640, webp(640, 300)), 400, "invalid_request"],
      [putThumb(hash(12), 640, webp(640, 300), { "Content-Type": "image/png" }), 415, "unsupported_media_type"],
      [putThumb(hash(12), 640, new Uint8Array(2 * 1024 * 1024 + 1)), 413, "payload_too_large"],
      [putThumb(hash(12), 640, new Uint8Array(100).fill(7)), 422, "invalid_thumbnail"],
      [putThumb(hash(12), 640, webp(640, 300).slice(0, 36)), 422, "invalid_thumbnail"],
      [putThumb(hash(12), 640, new Uint8Array(0)), 422, "invalid_thumbnail"],
      [putThumb(hash(12), 320, webp(640, 300)), 422, "invalid_thumbnail"],
      [putThumb(hash(99), 640, webp(640, 300)), 404, "unknown_image"],
    ];
    for (const [pending, status, error] of cases) {
      const res = await pending;
      expect([res.status, res.json.error], error).toEqual([status, error]);
      expect(typeof res.json.message).toBe("string");
    }
    expect(await env.IMAGES.head(`thumbs/640/${hash(12)}.webp`)).toBeNull();
  });

  it("needs the admin token", async () => {
    const res = await SELF.fetch(`http://worker/admin/pipeline/thumbnails/${hash(12)}/640`, { method: "PUT", headers: { "Content-Type": "image/webp" }, body: webp(640, 300) });
    expect(res.status).toBe(401);
  });
});
