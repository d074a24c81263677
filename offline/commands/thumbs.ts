/**
 * thumbs: WebP thumbnails 640 and 320 px wide (never upscaled) of every artwork image the
 * deployment has none for, pushed to PUT /admin/pipeline/thumbnails/<hash>/<width>. The
 * deployment says what is missing, so a fresh work folder pushes nothing twice and a
 * second deployment gets everything; the files are kept under thumbs/ in the work folder,
 * so a re-run after a kill only pushes. The 640 one goes first: storing the 320 one
 * records the image's thumbnail key, which then promises both sizes.
 */
import sharp from "sharp";
import type { AdminApi } from "../admin-api";
import { ProgressLine } from "../progress";
import type { Workspace } from "../workspace";

/** Push order matters: see above. */
export const THUMBNAIL_WIDTHS = [640, 320] as const;
export const MAX_THUMBNAIL_BYTES = 2 * 1024 * 1024;
const QUALITIES = [80, 60, 40];

export interface ThumbsOptions {
  /** Images resized and pushed at once (default 3). */
  concurrency?: number;
  quiet?: boolean;
}

export interface ThumbsResult {
  /** Images whose thumbnails were pushed this time. */
  pushed: number;
  /** Of those, images whose thumbnails had to be made (the others were on disk from an earlier run). */
  made: number;
  failed: number;
}

/** One thumbnail: `width` px wide, or the original's width when it is narrower; lower quality until it fits `maxBytes`. */
export async function makeThumbnail(input: Buffer | Uint8Array | string, width: number, maxBytes = MAX_THUMBNAIL_BYTES): Promise<Buffer> {
  let out: Buffer | undefined;
  for (const quality of QUALITIES) {
    // rotate(): honour EXIF orientation, as a browser shows the original.
    out = await sharp(input).rotate().resize({ width, withoutEnlargement: true }).webp({ quality }).toBuffer();
    if (out.byteLength <= maxBytes) return out;
  }
  throw new Error(`its ${width} px thumbnail is ${out!.byteLength} bytes even at quality ${QUALITIES.at(-1)}, over the ${maxBytes}-byte limit`);
}

/** Image hashes of artworks the deployment has no thumbnails for. */
export async function missingThumbnails(api: AdminApi): Promise<string[]> {
  const hashes: string[] = [];
  let after: string | null = null;
  do {
    const query = new URLSearchParams({ limit: "5000", ...(after ? { after } : {}) });
    const page: { hashes: string[]; next: string | null } = await api.json("GET", `/admin/pipeline/thumbnails/missing?${query}`);
    hashes.push(...page.hashes);
    after = page.next;
  } while (after);
  return hashes;
}

export async function thumbnails(api: AdminApi, ws: Workspace, options: ThumbsOptions = {}): Promise<ThumbsResult> {
  const todo = await missingThumbnails(api);
  const progress = new ProgressLine("thumbs", options.quiet);
  const result: ThumbsResult = { pushed: 0, made: 0, failed: 0 };
  let done = 0;

  const one = async (hash: string) => {
    const paths = THUMBNAIL_WIDTHS.map((w) => ws.thumbnailPath(w, hash));
    if (!paths.every((p) => ws.has(p))) {
      // An image of a work this folder has not pulled (another machine's pull): fetch it.
      if (!ws.has(ws.imagePath(hash))) ws.writeAtomic(ws.imagePath(hash), await api.bytes(`/admin/pipeline/images/${hash}`));
      try {
        const made = await Promise.all(THUMBNAIL_WIDTHS.map((w) => makeThumbnail(ws.imagePath(hash), w)));
        made.forEach((bytes, i) => ws.writeAtomic(paths[i]!, bytes));
        result.made++;
      } catch (error) {
        if (!options.quiet) console.warn(`skipping thumbnails of ${hash.slice(0, 12)}: ${(error as Error).message.split("\n")[0]}`);
        result.failed++;
        return;
      }
    }
    for (const [i, width] of THUMBNAIL_WIDTHS.entries()) {
      await api.putBytes(`/admin/pipeline/thumbnails/${hash}/${width}`, ws.readBytes(paths[i]!), "image/webp");
    }
    result.pushed++;
  };

  const queue = [...todo];
  const worker = async () => {
    for (let hash = queue.shift(); hash; hash = queue.shift()) {
      await one(hash);
      progress.update(++done, todo.length, `(${result.made} made, ${result.pushed} pushed)`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 3) }, worker));
  const pending = new Set(todo);
  const already = new Set(Object.values(ws.pullState().artworks).map((a) => a.imageHash).filter((h): h is string => Boolean(h) && !pending.has(h!))).size;
  progress.finish(`${result.pushed} images pushed (${result.made} made, ${result.pushed - result.made} from disk), ${already} already stored${result.failed ? `, ${result.failed} unreadable images skipped` : ""}`);
  return result;
}
