/**
 * The artwork page's session-independent part: the work, similar works, more by the artist and
 * the per-tag rows. It is the same for every visitor, so it is kept in the fragment cache per
 * catalogue version; the visitor's reaction and walls are read apart (walls.server.ts).
 */
import { type ArtworkCard, type ArtworkDetail, type TagRow, artworkBySlug, assembleTagRows, moreByArtist, tagRowCandidates } from "./artworks.server";
import { similarWorks } from "./feeds.server";
import { fragment } from "./fragment-cache";
import { activeModel } from "./models.server";

export interface ArtworkPagePart {
  work: ArtworkDetail;
  similar: ArtworkCard[];
  moreByArtist: ArtworkCard[];
  /** A row per tag (issue 15), below similar and more by the artist; no work twice on the page. */
  tagRows: TagRow[];
}

/** The part for `slug` (null: no such work), from the fragment cache when kept at `version`. */
export function artworkPagePart(db: D1Database, configuredModel: string | undefined, slug: string, version: number | null): Promise<ArtworkPagePart | null> {
  return fragment(version, `artwork-page:${configuredModel ?? ""}:${slug}`, () => readArtworkPagePart(db, configuredModel, slug, version));
}

async function readArtworkPagePart(db: D1Database, configuredModel: string | undefined, slug: string, version: number | null): Promise<ArtworkPagePart | null> {
  const work = await artworkBySlug(db, slug);
  if (!work) return null;
  const model = await activeModel(db, configuredModel);
  const [similar, moreCandidates, tagCandidates] = await Promise.all([
    similarWorks(db, model, work.id, 12, version),
    work.artistSlug ? moreByArtist(db, work.id, work.artistSlug, 8) : Promise.resolve([]),
    tagRowCandidates(db, work.id, work.tags),
  ]);
  // A work shown under "Similar works" is not repeated under "More by the artist".
  const similarIds = new Set(similar.map((w) => w.id));
  const more = moreCandidates.filter((w) => !similarIds.has(w.id));
  const tagRows = assembleTagRows(tagCandidates, [work.id, ...similar.map((w) => w.id), ...more.map((w) => w.id)]);
  return { work, similar, moreByArtist: more, tagRows };
}
