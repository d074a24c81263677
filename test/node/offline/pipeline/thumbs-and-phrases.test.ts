import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminApi } from "../../../../offline/admin-api";
import { phrases, phraseSources, readPhraseFile } from "../../../../offline/commands/phrases";
import { makeThumbnail, MAX_THUMBNAIL_BYTES, thumbnails } from "../../../../offline/commands/thumbs";
import { embedTexts } from "../../../../offline/models/encoder";
import { loadModel, type LoadedModel } from "../../../../offline/models/load-model";
import { Workspace, type PulledArtwork } from "../../../../offline/workspace";
import { COLOUR_NAMES } from "../../../../workers/demo-shop/colours";
import { startFakeAdminApi, type FakeAdminApi } from "./fake-admin-api";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "art-snob-steps-"));
  dirs.push(dir);
  return dir;
};
const servers: FakeAdminApi[] = [];
const fakeApi = async () => {
  const fake = await startFakeAdminApi();
  servers.push(fake);
  return { fake, api: new AdminApi(fake.url, fake.token) };
};
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const hash = (n: number) => n.toString(16).padStart(64, "0");
const artwork = (id: number, imageHash: string | null, tags: string[] = [], available = true): PulledArtwork => ({
  id, slug: `work-${id}`, title: `Work ${id}`, artist: null, tags, imageHash, available, updatedAt: id,
});
const png = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: { r: 40, g: 100, b: 210 } } }).png().toBuffer();
const size = async (bytes: Uint8Array) => {
  const meta = await sharp(bytes).metadata();
  return [meta.format, meta.width, meta.height];
};

describe("thumbs", () => {
  let ws: Workspace;
  let fake: FakeAdminApi;
  let api: AdminApi;

  beforeAll(async () => {
    ({ fake, api } = await fakeApi());
    ws = new Workspace(tempDir());
    const wide = await png(1000, 600);
    const narrow = await png(200, 300);
    const remote = await png(800, 800);
    ws.writeAtomic(ws.imagePath(hash(1)), wide);
    ws.writeAtomic(ws.imagePath(hash(2)), narrow);
    ws.writeAtomic(ws.imagePath(hash(3)), new TextEncoder().encode("not an image"));
    ws.savePullState({
      cursor: null,
      // 2 is shown by two works, one of them unavailable: still one image to thumbnail.
      artworks: Object.fromEntries([artwork(1, hash(1)), artwork(2, hash(2)), artwork(3, hash(2), [], false), artwork(4, hash(3)), artwork(5, null)].map((a) => [String(a.id), a])),
    });
    fake.images.set(hash(1), wide);
    fake.images.set(hash(2), narrow);
    fake.images.set(hash(3), new Uint8Array([1, 2, 3]));
    // Another machine pulled this one: the step downloads it.
    fake.images.set(hash(4), remote);
  });

  it("makes 640 and 320 px WebP thumbnails, never upscaling, and pushes the 640 one first", async () => {
    const result = await thumbnails(api, ws, { quiet: true });
    expect(result).toEqual({ pushed: 3, made: 3, failed: 1 });
    expect(await size(fake.objects.get(`thumbs/640/${hash(1)}.webp`)!)).toEqual(["webp", 640, 384]);
    expect(await size(fake.objects.get(`thumbs/320/${hash(1)}.webp`)!)).toEqual(["webp", 320, 192]);
    expect(await size(fake.objects.get(`thumbs/640/${hash(2)}.webp`)!)).toEqual(["webp", 200, 300]);
    expect(await size(fake.objects.get(`thumbs/320/${hash(2)}.webp`)!)).toEqual(["webp", 200, 300]);
    expect(await size(fake.objects.get(`thumbs/320/${hash(4)}.webp`)!)).toEqual(["webp", 320, 320]);
    expect([...fake.thumbnailKeys.keys()].sort()).toEqual([hash(1), hash(2), hash(4)]);
    // The unreadable image is skipped, not fatal, and stays missing on the deployment.
    expect(fake.thumbnailKeys.has(hash(3))).toBe(false);
    // Kept in the work folder.
    expect(ws.has(ws.thumbnailPath(640, hash(4)))).toBe(true);
    const puts = fake.requests.filter((r) => r.startsWith("PUT"));
    for (const h of [hash(1), hash(2), hash(4)]) {
      expect(puts.indexOf(`PUT /admin/pipeline/thumbnails/${h}/640`)).toBeLessThan(puts.indexOf(`PUT /admin/pipeline/thumbnails/${h}/320`));
    }
  });

  it("does nothing the second time but retry the unreadable image", async () => {
    const before = fake.requests.length;
    expect(await thumbnails(api, ws, { quiet: true })).toEqual({ pushed: 0, made: 0, failed: 1 });
    expect(fake.requests.slice(before)).toEqual([`GET /admin/pipeline/thumbnails/missing`]);
  });

  it("pushes what a new deployment lacks from the work folder, without making anything again", async () => {
    const other = await fakeApi();
    for (const [h, bytes] of fake.images) other.fake.images.set(h, bytes);
    // As if an earlier run stopped after the 640 one of this image.
    other.fake.objects.set(`thumbs/640/${hash(1)}.webp`, fake.objects.get(`thumbs/640/${hash(1)}.webp`)!);
    expect(await thumbnails(other.api, ws, { quiet: true })).toEqual({ pushed: 3, made: 0, failed: 1 });
    expect([...other.fake.thumbnailKeys.keys()].sort()).toEqual([hash(1), hash(2), hash(4)]);
  });

  it("steps the quality down until a thumbnail fits the push limit, and gives up below it", async () => {
    // Noise compresses badly, so quality decides the size.
    const noise = Buffer.alloc(400 * 400 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = Math.imul(i, 2654435761) >>> 24;
    const original = await sharp(noise, { raw: { width: 400, height: 400, channels: 3 } }).png().toBuffer();
    const atQuality = async (quality: number) => (await sharp(original).resize({ width: 320 }).webp({ quality }).toBuffer()).byteLength;
    const [q80, q40] = [await atQuality(80), await atQuality(40)];
    expect(q40).toBeLessThan(q80);
    const fitted = await makeThumbnail(original, 320, q80 - 1);
    expect(fitted.byteLength).toBeLessThan(q80);
    expect(await size(fitted)).toEqual(["webp", 320, 320]);
    await expect(makeThumbnail(original, 320, q40 - 1)).rejects.toThrow(/over the \d+-byte limit/);
    expect((await makeThumbnail(original, 320)).byteLength).toBe(q80);
    expect(MAX_THUMBNAIL_BYTES).toBe(2 * 1024 * 1024);
  });
});

describe("phrases", () => {
  let model: LoadedModel;
  let ws: Workspace;
  let popularFile: string;

  beforeAll(async () => {
    model = await loadModel(join(import.meta.dirname, "..", "..", "..", "..", "models", "builtin-colour-v1"));
    ws = new Workspace(tempDir());
    ws.savePullState({
      cursor: null,
      artworks: { "1": artwork(1, hash(1), ["colour-field", "sea"]), "2": artwork(2, hash(2), ["sea", "Lighthouse"]) },
    });
    ws.writeJson(ws.resultPath(model.manifest.id, "clusters"), [{ ordinal: 0, slug: "pink-portrait", name: "Pink portrait", size: 2, x: 0, y: 0, representatives: [1], members: [1, 2] }]);
    popularFile = join(tempDir(), "popular.txt");
    writeFileSync(popularFile, "# a comment\n\n  Blue   Sea \nblue sea\nsea\nabove the sofa\n");
  });
  afterAll(async () => {
    await model?.close();
  });

  it("gathers tags, colour names, cluster names and popular phrases, normalised", () => {
    const sources = phraseSources(ws, model.manifest.id, popularFile);
    expect(sources).toEqual({
      tags: ["colour field", "lighthouse", "sea"],
      colours: [...COLOUR_NAMES].sort(),
      clusters: ["pink portrait"],
      popular: ["above the sofa", "blue sea", "sea"],
    });
  });

  it("encodes and pushes every text once, with the pipeline's vectors; a re-run pushes nothing", async () => {
    const { fake, api } = await fakeApi();
    const first = await phrases(api, ws, model, { popularFile, quiet: true });
    const texts = [...new Set(["colour field", "lighthouse", "sea", ...COLOUR_NAMES, "pink portrait", "above the sofa", "blue sea"])].sort();
    expect(first).toEqual({ pushed: texts.length, cached: 0 });
    expect(fake.models.get("builtin-colour-v1")).toBe(16);
    const stored = fake.queryVectors.get("builtin-colour-v1")!;
    expect([...stored.keys()].sort()).toEqual(texts);
    const expected = await embedTexts(model, texts);
    texts.forEach((text, i) => expect(Float32Array.from(stored.get(text)!), text).toEqual(expected[i]));

    const before = fake.requests.filter((r) => r === "PUT /admin/pipeline/query-vectors").length;
    expect(await phrases(api, ws, model, { popularFile, quiet: true })).toEqual({ pushed: 0, cached: texts.length });
    expect(fake.requests.filter((r) => r === "PUT /admin/pipeline/query-vectors").length).toBe(before);

    // What a deployment lacks (a run killed half-way, a new phrase) is all that is pushed next time.
    stored.delete("sea");
    stored.delete("navy");
    writeFileSync(popularFile, "blue sea\nsea\nabove the sofa\nstormy sky\n");
    expect(await phrases(api, ws, model, { popularFile, quiet: true })).toEqual({ pushed: 3, cached: texts.length - 2 });
    expect(stored.has("stormy sky") && stored.has("sea") && stored.has("navy")).toBe(true);
  });

  it("ships about 150 popular phrases, each valid and listed once", () => {
    const lines = readPhraseFile();
    const normalised = new Set(lines.map((l) => l.toLowerCase().replace(/\s+/g, " ")));
    expect(lines.length).toBeGreaterThanOrEqual(140);
    expect(normalised.size).toBe(lines.length);
    expect(lines.every((l) => l.length <= 300)).toBe(true);
  });
});
