/**
 * A pipeline work folder filled as `offline pull` leaves it (artworks.json plus images/<sha256>),
 * with generated pictures instead of crawled ones: seeded, textured colour compositions encoded
 * as PNG by sharp, every one different (embed skips repeated image hashes). The encoded images
 * are cached in bench/.cache/ so later runs only copy them.
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { Rng } from "../../offline/compute/random.ts";
import { Workspace, type PullState } from "../../offline/workspace.ts";
import { benchCacheDir } from "../models/clip-vit-b32-random.ts";

export const IMAGE_WIDTH = 640;
export const IMAGE_HEIGHT = 480;
// v2: drawn with offline/compute/random.ts (v1 had a copy of the same generator, unmixed seed).
const cacheDir = join(benchCacheDir, "images", `v2-${IMAGE_WIDTH}x${IMAGE_HEIGHT}`);

/** A painting-like picture: a ground, a few soft-edged blocks and discs, brush-like noise. */
async function picture(index: number): Promise<Buffer> {
  const rng = new Rng(0x9e3779b9 ^ (index * 2654435761));
  const random = () => rng.next();
  const w = IMAGE_WIDTH;
  const h = IMAGE_HEIGHT;
  const px = Buffer.alloc(w * h * 3);
  const colour = () => [random() * 255, random() * 255, random() * 255] as const;
  const ground = colour();
  const shapes = Array.from({ length: 3 + Math.floor(random() * 5) }, () => ({
    disc: random() < 0.4,
    x: random() * w,
    y: random() * h,
    rx: (0.1 + random() * 0.35) * w,
    ry: (0.1 + random() * 0.35) * h,
    c: colour(),
  }));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let [r, g, b] = ground;
      for (const s of shapes) {
        const dx = (x - s.x) / s.rx;
        const dy = (y - s.y) / s.ry;
        const inside = s.disc ? dx * dx + dy * dy < 1 : Math.abs(dx) < 1 && Math.abs(dy) < 1;
        if (inside) [r, g, b] = s.c;
      }
      const grain = (random() - 0.5) * 24 + Math.sin((x + y * 0.3) * 0.05) * 10;
      const o = (y * w + x) * 3;
      px[o] = Math.max(0, Math.min(255, r + grain));
      px[o + 1] = Math.max(0, Math.min(255, g + grain));
      px[o + 2] = Math.max(0, Math.min(255, b + grain));
    }
  }
  return sharp(px, { raw: { width: w, height: h, channels: 3 } }).png().toBuffer();
}

/** Makes sure `count` cached images exist; returns their paths. */
export async function cachedImages(count: number, log: (line: string) => void): Promise<string[]> {
  mkdirSync(cacheDir, { recursive: true });
  const have = new Set(readdirSync(cacheDir));
  const paths: string[] = [];
  let made = 0;
  for (let i = 0; i < count; i++) {
    const name = `${String(i).padStart(5, "0")}.png`;
    const path = join(cacheDir, name);
    if (!have.has(name)) {
      const temp = `${path}.${process.pid}.tmp`;
      writeFileSync(temp, await picture(i));
      renameSync(temp, path);
      made++;
      if (made % 100 === 0) log(`generated ${made} images …`);
    }
    paths.push(path);
  }
  if (made) log(`generated ${made} ${IMAGE_WIDTH}x${IMAGE_HEIGHT} PNG images into ${cacheDir}`);
  return paths;
}

/** A work folder with `count` pulled artworks and their images, as `offline pull` leaves it. */
export async function prepareWorkspace(root: string, count: number, log: (line: string) => void): Promise<{ ws: Workspace; bytes: number }> {
  const ws = new Workspace(root);
  const state: PullState = { cursor: null, artworks: {} };
  let bytes = 0;
  for (const [i, path] of (await cachedImages(count, log)).entries()) {
    const data = readFileSync(path);
    bytes += data.length;
    const hash = createHash("sha256").update(data).digest("hex");
    const target = ws.imagePath(hash);
    if (!existsSync(target)) {
      mkdirSync(join(root, "images"), { recursive: true });
      copyFileSync(path, target);
    }
    const id = i + 1;
    state.artworks[String(id)] = { id, slug: `bench-${id}`, title: `Bench ${id}`, artist: null, tags: [], imageHash: hash, available: true, updatedAt: id };
  }
  ws.savePullState(state);
  return { ws, bytes };
}
