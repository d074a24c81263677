/**
 * The Node demo shop's rendered works on disk, so each shop process after the first reads 3 MB of
 * PNGs instead of rendering and encoding 540 paintings (about 7 s of CPU). Every test stack and
 * `npm run demo` starts a shop; the suite starts about eight.
 *
 * An entry is keyed by a hash of the work's painting spec, in a folder named after a hash of the
 * code that renders, measures and encodes it (and fast-png's version), so a change to any of them
 * misses instead of serving stale pictures. The first write of a new generation of that code
 * removes the other folders, so the cache holds one generation (about 6 MB), not every one.
 * Entries are written to a temporary name and renamed, so shops started side by side never read
 * half a file; an entry that does not verify (length, SHA-256) is rendered again.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CachedImage, ImageCache, ImageSubject } from "./image-store.ts";

/** The sources whose code decides a work's pixels, colour shares or PNG bytes. */
const RENDERING_SOURCES = [
  "painting.ts",
  "painting-styles.ts",
  "canvas.ts",
  "random.ts",
  "colours.ts",
  "colour-share.ts",
  "png.ts",
  "../../app/server/search/colour-vocabulary.ts",
];

/** The project's cache folder for the demo shop's renders (under node_modules/.cache, as build tools keep theirs). */
export const DEFAULT_IMAGE_CACHE_DIR = fileURLToPath(new URL("../../node_modules/.cache/art-snob/demo-shop-images", import.meta.url));

interface EntryMeta {
  width: number;
  height: number;
  shares: Record<string, number>;
  pngBytes: number;
  pngSha256: string;
}

const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

function renderingCodeHash(): string {
  const hash = createHash("sha256");
  for (const source of RENDERING_SOURCES) hash.update(readFileSync(new URL(source, import.meta.url)));
  return hash.update(fastPngVersion()).digest("hex");
}

/** fast-png's installed version (it does not export its package.json, so it is read from the project's node_modules). */
function fastPngVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL("../../node_modules/fast-png/package.json", import.meta.url), "utf8")) as { version: string }).version;
  } catch {
    return "";
  }
}

export class DiskImageCache implements ImageCache {
  /** This generation of the rendering code, and so the name of its folder. */
  private readonly generation = renderingCodeHash().slice(0, 16);
  private readonly generationDir: string;
  private ready = false;

  constructor(private readonly dir: string = DEFAULT_IMAGE_CACHE_DIR) {
    this.generationDir = join(dir, this.generation);
  }

  read(work: ImageSubject): CachedImage | null {
    const base = this.pathFor(work);
    try {
      const meta = JSON.parse(readFileSync(`${base}.json`, "utf8")) as EntryMeta;
      const file = readFileSync(`${base}.png`);
      if (file.byteLength !== meta.pngBytes || sha256(file) !== meta.pngSha256) return null;
      const png = new Uint8Array(new ArrayBuffer(file.byteLength));
      png.set(file);
      return { png, width: meta.width, height: meta.height, shares: meta.shares };
    } catch {
      return null; // not there yet, or unreadable: render it
    }
  }

  write(work: ImageSubject, image: CachedImage): void {
    try {
      if (!this.ready) {
        mkdirSync(this.generationDir, { recursive: true });
        this.removeOtherGenerations();
        this.ready = true;
      }
      const base = this.pathFor(work);
      const meta: EntryMeta = { width: image.width, height: image.height, shares: image.shares, pngBytes: image.png.byteLength, pngSha256: sha256(image.png) };
      // The PNG first, its description last: a reader that finds the description finds the whole PNG.
      const temporary = `${base}.${process.pid}.tmp`;
      writeFileSync(temporary, image.png);
      renameSync(temporary, `${base}.png`);
      writeFileSync(temporary, JSON.stringify(meta));
      renameSync(temporary, `${base}.json`);
    } catch {
      // A cache that cannot be written (read-only folder, full disk) only costs the next render.
    }
  }

  /** Whatever else is in the cache folder: earlier generations' folders (and entries of the flat layout before them). */
  private removeOtherGenerations(): void {
    for (const name of readdirSync(this.dir)) {
      if (name !== this.generation) rmSync(join(this.dir, name), { recursive: true, force: true });
    }
  }

  private pathFor(work: ImageSubject): string {
    const spec = { style: work.style, primaryColour: work.primaryColour, secondaryColours: work.secondaryColours, image: work.image };
    return join(this.generationDir, sha256(JSON.stringify(spec)));
  }
}
