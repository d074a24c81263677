/** The Node demo shop's rendered works on disk: the same bytes and colour shares as a render, or a render. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateCatalog } from "../../../workers/demo-shop/catalog.ts";
import { DiskImageCache } from "../../../workers/demo-shop/image-disk-cache.ts";
import { ImageStore, type CachedImage, type ImageCache, type ImageSubject } from "../../../workers/demo-shop/image-store.ts";

const works = generateCatalog(1).artworks.slice(0, 6);

/** A cache that counts what it is asked, around the disk one. */
class Counting implements ImageCache {
  hits = 0;
  misses = 0;
  writes = 0;
  constructor(private readonly inner: ImageCache) {}
  read(work: ImageSubject): CachedImage | null {
    const found = this.inner.read(work);
    if (found) this.hits++;
    else this.misses++;
    return found;
  }
  write(work: ImageSubject, image: CachedImage): void {
    this.writes++;
    this.inner.write(work, image);
  }
}

describe("the demo shop's disk image cache", () => {
  const dir = mkdtempSync(join(tmpdir(), "art-snob-image-cache-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const rendered = new ImageStore(null);

  it("writes each render once, and a second process's store reads it back byte for byte, shares included", () => {
    const first = new Counting(new DiskImageCache(dir));
    const writer = new ImageStore(first);
    for (const work of works) writer.get(work);
    expect({ misses: first.misses, writes: first.writes }).toEqual({ misses: works.length, writes: works.length });

    const second = new Counting(new DiskImageCache(dir));
    const reader = new ImageStore(second);
    for (const work of works) {
      expect(Buffer.from(reader.get(work).png).equals(Buffer.from(rendered.get(work).png)), work.slug).toBe(true);
      expect(reader.get(work).etag).toBe(rendered.get(work).etag);
      expect(reader.colourShares(work)).toEqual(rendered.colourShares(work));
    }
    expect({ hits: second.hits, misses: second.misses, writes: second.writes }).toEqual({ hits: works.length, misses: 0, writes: 0 });
  });

  it("renders again where an entry is cut short or its description is corrupt, and mends it", () => {
    const [generation] = readdirSync(dir);
    const entries = readdirSync(join(dir, generation!));
    for (const name of entries.filter((n) => n.endsWith(".png")).slice(0, 2)) truncateSync(join(dir, generation!, name), 100);
    for (const name of entries.filter((n) => n.endsWith(".json")).slice(2, 3)) writeFileSync(join(dir, generation!, name), "{not json");
    const cache = new Counting(new DiskImageCache(dir));
    const store = new ImageStore(cache);
    for (const work of works) expect(Buffer.from(store.get(work).png).equals(Buffer.from(rendered.get(work).png)), work.slug).toBe(true);
    expect({ hits: cache.hits, misses: cache.misses, writes: cache.writes }).toEqual({ hits: works.length - 3, misses: 3, writes: 3 });
    expect(readdirSync(join(dir, generation!)).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("keys entries by the painting, not the work: another spec is another entry", () => {
    const cache = new DiskImageCache(dir);
    const work = works[0]!;
    expect(cache.read({ ...work, image: { ...work.image, seed: work.image.seed + 1 } })).toBeNull();
    expect(cache.read({ ...work, id: work.id + 10_000 })).not.toBeNull();
  });

  it("keeps one generation: the first write removes earlier generations' folders and the old flat entries", () => {
    const fresh = mkdtempSync(join(tmpdir(), "art-snob-image-cache-"));
    try {
      mkdirSync(join(fresh, "0123456789abcdef"));
      writeFileSync(join(fresh, "0123456789abcdef", "entry.png"), "an earlier generation's render");
      writeFileSync(join(fresh, "f".repeat(64) + ".png"), "a render of the flat layout");
      const cache = new Counting(new DiskImageCache(fresh));
      const store = new ImageStore(cache);
      // Reads alone change nothing: a shop of the current generation that only reads leaves the folder as it is.
      expect(cache.read(works[0]!)).toBeNull();
      expect(readdirSync(fresh)).toHaveLength(2);
      store.get(works[0]!);
      const [generation, ...others] = readdirSync(fresh);
      expect(others).toEqual([]);
      expect(existsSync(join(fresh, "0123456789abcdef"))).toBe(false);
      expect(readdirSync(join(fresh, generation!)).sort()).toEqual([expect.stringMatching(/\.json$/), expect.stringMatching(/\.png$/)]);
      expect(new DiskImageCache(fresh).read(works[0]!)).not.toBeNull();
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
