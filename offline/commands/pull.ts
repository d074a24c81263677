/**
 * pull: fetch the artworks that changed since the last pull (a cursor kept on
 * disk after every page, so a killed pull resumes), then download every image
 * not already on disk.
 */
import { ProgressLine } from "../progress";
import type { AdminApi } from "../admin-api";
import type { PulledArtwork, Workspace } from "../workspace";

interface Page {
  artworks: PulledArtwork[];
  next: string | null;
}

export async function pull(api: AdminApi, ws: Workspace): Promise<{ changed: number; downloaded: number }> {
  const state = ws.pullState();
  let changed = 0;
  for (;;) {
    const query = new URLSearchParams({ limit: "500", ...(state.cursor ? { after: state.cursor } : {}) });
    const page = await api.json<Page>("GET", `/admin/pipeline/artworks?${query}`);
    for (const artwork of page.artworks) state.artworks[String(artwork.id)] = artwork;
    changed += page.artworks.length;
    const last = page.artworks.at(-1);
    if (last) state.cursor = `${last.updatedAt}:${last.id}`;
    ws.savePullState(state);
    if (!page.next) break;
  }

  const hashes = [...new Set(Object.values(state.artworks).map((a) => a.imageHash).filter((h): h is string => Boolean(h)))];
  const missing = hashes.filter((hash) => !ws.has(ws.imagePath(hash)));
  const progress = new ProgressLine("pull images");
  let downloaded = 0;
  for (const hash of missing) {
    ws.writeAtomic(ws.imagePath(hash), await api.bytes(`/admin/pipeline/images/${hash}`));
    downloaded++;
    progress.update(downloaded, missing.length);
  }
  progress.finish(`${changed} changed artworks, ${downloaded} images downloaded (${hashes.length - missing.length} already here)`);
  return { changed, downloaded };
}
