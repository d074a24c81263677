import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildContractModel } from "../../../../offline/models/contract-model";
import { downloadVerified, formatProgress, type DownloadProgress } from "../../../../offline/models/download";
import { ModelError } from "../../../../offline/models/errors";
import { fetchModel, fetchRemoteModel, REMOTE_MODELS, type RemoteModel } from "../../../../offline/models/fetch";
import { loadModel } from "../../../../offline/models/load-model";

const files = buildContractModel({ dimensions: 16 });
const served: Record<string, Uint8Array> = { "/image.onnx": files.image, "/text.onnx": files.text };
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

let server: Server;
let base: string;
let root: string;
let requests = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    const body = served[req.url ?? ""];
    if (!body) return void res.writeHead(404).end("not found");
    res.writeHead(200, { "content-length": body.length, "content-type": "application/octet-stream" });
    // Two chunks, so progress sees a partial state.
    res.write(body.subarray(0, body.length >> 1));
    setTimeout(() => res.end(body.subarray(body.length >> 1)), 5);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  root = await mkdtemp(join(tmpdir(), "model-fetch-"));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(root, { recursive: true, force: true });
});

function remote(overrides: Partial<RemoteModel> = {}): RemoteModel {
  return {
    manifest: files.manifest,
    image: { url: `${base}/image.onnx`, sha256: sha(files.image) },
    text: { url: `${base}/text.onnx`, sha256: sha(files.text) },
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ModelError);
  const message = (error as Error).message;
  expect(message).not.toContain("\n");
  return message;
}

describe("model fetch", () => {
  it("pins CLIP ViT-B/32 with URLs and SHA-256", () => {
    const clip = REMOTE_MODELS["clip-vit-b32"]!;
    expect(clip.manifest.dimensions).toBe(512);
    for (const f of [clip.image, clip.text]) {
      expect(f.url).toMatch(/^https:\/\//);
      expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it("pins the int8 CLIP ViT-B/32 of the same export, under its own id and files", () => {
    const fp32 = REMOTE_MODELS["clip-vit-b32"]!;
    const int8 = REMOTE_MODELS["clip-vit-b32-int8"]!;
    expect(int8.manifest.id).toBe("clip-vit-b32-int8");
    expect(int8.manifest).toMatchObject({ dimensions: 512, image: fp32.manifest.image, tokenizer: fp32.manifest.tokenizer });
    expect(int8.manifest.imageEncoder.file).toBe("vision_model_quantized.onnx");
    expect(int8.manifest.textEncoder.file).toBe("text_model_quantized.onnx");
    expect(int8.image.url).toBe(fp32.image.url.replace("vision_model.onnx", "vision_model_quantized.onnx"));
    expect(int8.text.url).toBe(fp32.text.url.replace("text_model.onnx", "text_model_quantized.onnx"));
    expect(int8.image.sha256).toBe("583fd1110a514667812fee7d684952aaf82a99b959760c8d7dca7e0ab9839299");
    expect(int8.text.sha256).toBe("73baab855d406190da9faa498cfedf65f15cf309f4cc7385b7b032e6d08e5c3a");
  });

  it("verifies int8 downloads against its pins: other bytes under those names are refused and not kept", async () => {
    const int8 = REMOTE_MODELS["clip-vit-b32-int8"]!;
    // The int8 entry as pinned, its URLs pointed at the local server (which serves other bytes).
    const local: RemoteModel = { ...int8, image: { ...int8.image, url: `${base}/image.onnx` }, text: { ...int8.text, url: `${base}/text.onnx` } };
    const dir = join(root, "int8");
    const message = await failure(fetchRemoteModel(local, dir));
    expect(message).toBe(`checksum mismatch for ${base}/image.onnx: expected sha256 ${int8.image.sha256}, got ${sha(files.image)}; the file was not kept`);
    expect(await readdir(join(dir, "clip-vit-b32-int8"))).toEqual([]);
  });

  it("downloads, verifies, reports progress and leaves a loadable model; a re-run downloads nothing", async () => {
    const progress: DownloadProgress[] = [];
    const dir = await fetchRemoteModel(remote(), join(root, "ok"), { onProgress: (p) => progress.push(p) });
    const model = await loadModel(dir);
    expect(model.manifest.id).toBe(files.manifest.id);
    await model.close();
    expect((await readdir(dir)).sort()).toEqual(["manifest.json", "text_model.onnx", "vision_model.onnx"]);
    const last = progress.filter((p) => p.file === "vision_model.onnx").at(-1)!;
    expect(last).toMatchObject({ done: files.image.length, total: files.image.length });
    expect(formatProgress(last)).toMatch(/^vision_model\.onnx {2}[\d.]+\/[\d.]+ MB \(100%\) {2}[\d.]+ MB\/s/);

    const before = requests;
    await fetchRemoteModel(remote(), join(root, "ok"));
    expect(requests).toBe(before);
  });

  it("refuses a checksum mismatch and keeps nothing", async () => {
    const dir = join(root, "mismatch");
    const message = await failure(fetchRemoteModel(remote({ text: { url: `${base}/text.onnx`, sha256: "0".repeat(64) } }), dir));
    expect(message).toMatch(/^checksum mismatch for http:\/\/127\.0\.0\.1:\d+\/text\.onnx: expected sha256 0{64}, got [0-9a-f]{64}; the file was not kept$/);
    const left = await readdir(join(dir, files.manifest.id));
    expect(left).not.toContain("text_model.onnx");
    expect(left.some((f) => f.endsWith(".part"))).toBe(false);
    expect(left).not.toContain("manifest.json");
  });

  it("gives one clear line when the host is unreachable", async () => {
    // A port that was just free: connection refused, as with no network.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const dest = join(root, "unreachable.onnx");
    const message = await failure(downloadVerified({ url: `http://127.0.0.1:${port}/x.onnx`, dest, sha256: "0".repeat(64) }));
    expect(message).toMatch(/^cannot download http:\/\/127\.0\.0\.1:\d+\/x\.onnx: ECONNREFUSED.*check the network/);
    await expect(stat(`${dest}.part`)).rejects.toThrow();
  });

  it("reports HTTP errors and unknown or unpinned models clearly", async () => {
    expect(await failure(downloadVerified({ url: `${base}/missing.onnx`, dest: join(root, "m.onnx"), sha256: "0".repeat(64) }))).toBe(`cannot download ${base}/missing.onnx: HTTP 404 Not Found`);
    expect(await failure(fetchModel("clip-vit-h14", root))).toMatch(/^unknown model "clip-vit-h14": known models are clip-vit-b32/);
    expect(await failure(fetchRemoteModel(remote({ image: { url: `${base}/image.onnx`, sha256: "TODO" } }), root))).toMatch(/has no pinned SHA-256 .* will not be downloaded unchecked/);
  });
});
