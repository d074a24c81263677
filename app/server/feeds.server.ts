/**
 * The home feeds.
 *  - vibes: the pipeline's clusters with their representative works;
 *  - discover: every available work in a seeded pseudo-random order (a stable
 *    integer hash of seed and id computed in SQL, identical on every server);
 *  - for-you: learns from the session's likes and dislikes: candidates are the
 *    neighbours of liked works and the results of recent searches; works near
 *    disliked ones sink, works already shown sink below everything unseen, and
 *    the rest of the page is filled from discovery. Never a duplicate on a page.
 */
import { type ArtworkCard, cardsByIds } from "./artworks.server";
import { type FeedCursor, type FeedKind, type FeedPosition, encodeCursor } from "./feed-cursor";
import { fragment, fragmentsById } from "./fragment-cache";
import type { ActiveModel } from "./models.server";
import { reactionsOf } from "./reactions.server";
import { recentlyShownStatement, recordShownStatement, shownFrom } from "./recently-shown.server";

export const FEED_PAGE_SIZE = 24;

export interface FeedPage {
  feed: FeedKind;
  works: ArtworkCard[];
  nextCursor: string | null;
}

/**
 * Discovery reads the precomputed shuffle (artworks.discovery_rank, a fixed mix of the id,
 * indexed with `available`: migration 0008) in index order, starting at the seed's point of
 * the 32-bit ring and wrapping round once: phase 0 walks ranks from the seed up, phase 1 from
 * 0 up to the seed. A page is one indexed range read of `limit` rows, whatever the catalogue's
 * size; the position of the last work shown travels in the cursor (keyset, never OFFSET).
 * A seed is where a visitor enters one fixed cycle of the whole collection (see
 * docs/decisions/0013-catalogue-scale.md).
 */
const DISCOVERY_PAGE = [
  // Phase 0 starts at (seed, -1). The row value is the range's only lower bound, so a deep page seeks
  // straight to its position (a separate `discovery_rank >= seed` bound made SQLite walk up from the seed).
  `SELECT id, discovery_rank AS rank FROM artworks
   WHERE available = 1 AND (discovery_rank, id) > (?2, ?3)
   ORDER BY discovery_rank, id LIMIT ?4`,
  `SELECT id, discovery_rank AS rank FROM artworks
   WHERE available = 1 AND discovery_rank < ?1 AND (discovery_rank, id) > (?2, ?3)
   ORDER BY discovery_rank, id LIMIT ?4`,
] as const;

export interface DiscoveryRead {
  ids: number[];
  /** Each id's position in the cycle (what a cursor carries to go on after it). */
  positions: FeedPosition[];
}

/**
 * Up to `limit` ids of the discovery order for `seed`, after `after` (the start when absent).
 * The same for every visitor: kept per catalogue version when one is given.
 */
export function discoveryIds(db: D1Database, seed: number, limit: number, after?: FeedPosition, version: number | null = null): Promise<DiscoveryRead> {
  return fragment(version, `discovery:${seed}:${limit}:${after?.join(",") ?? ""}`, () => readDiscoveryIds(db, seed, limit, after));
}

async function readDiscoveryIds(db: D1Database, seed: number, limit: number, after?: FeedPosition): Promise<DiscoveryRead> {
  const ids: number[] = [];
  const positions: FeedPosition[] = [];
  let [phase, rank, id]: FeedPosition = after ?? [0, seed, -1];
  while (ids.length < limit && phase <= 1) {
    const { results } = await db.prepare(DISCOVERY_PAGE[phase]!).bind(seed, rank, id, limit - ids.length).all<{ id: number; rank: number }>();
    for (const row of results) {
      ids.push(row.id);
      positions.push([phase, row.rank, row.id]);
    }
    if (ids.length < limit) {
      // This phase is exhausted: go on from the ring's start.
      phase = (phase + 1) as 0 | 1;
      rank = -1;
      id = -1;
    }
  }
  return { ids, positions };
}

export async function discoveryFeed(db: D1Database, cursor: FeedCursor, limit = FEED_PAGE_SIZE, version: number | null = null): Promise<FeedPage> {
  // One extra id tells whether there is a next page.
  const read = await discoveryIds(db, cursor.s, limit + 1, cursor.p, version);
  const shown = read.ids.slice(0, limit);
  const works = await cardsByIds(db, shown, version);
  const nextCursor = read.ids.length > limit ? encodeCursor({ k: "discover", s: cursor.s, p: read.positions[limit - 1]! }) : null;
  return { feed: "discover", works, nextCursor };
}

export interface Vibe {
  slug: string;
  name: string;
  size: number;
  works: ArtworkCard[];
}

/** The vibes with their first works: the same for every visitor, kept per catalogue version when one is given. */
export async function vibes(db: D1Database, model: ActiveModel | null, perVibe = 4, version: number | null = null): Promise<Vibe[]> {
  if (!model) return [];
  return fragment(version, `vibes:${model.id}:${perVibe}`, () => readVibes(db, model, perVibe, version));
}

async function readVibes(db: D1Database, model: ActiveModel, perVibe: number, version: number | null): Promise<Vibe[]> {
  const { results } = await db
    .prepare(
      `SELECT c.id, c.slug, c.name, c.size, r.artwork_id AS artworkId FROM clusters c
       JOIN cluster_representatives r ON r.cluster_id = c.id
       WHERE c.model_id = ? AND r.rank < ? ORDER BY c.ordinal, r.rank`,
    )
    .bind(model.id, perVibe * 2)
    .all<{ id: number; slug: string; name: string; size: number; artworkId: number }>();
  const cards = new Map((await cardsByIds(db, results.map((r) => r.artworkId), version)).map((c) => [c.id, c]));
  const byCluster = new Map<number, Vibe>();
  for (const row of results) {
    const vibe = byCluster.get(row.id) ?? { slug: row.slug, name: row.name, size: row.size, works: [] };
    byCluster.set(row.id, vibe);
    const card = cards.get(row.artworkId);
    if (card && vibe.works.length < perVibe) vibe.works.push(card);
  }
  return [...byCluster.values()].filter((v) => v.works.length > 0);
}

/** How many works are on sale (the home page's total): kept per catalogue version, as it reads every available work's index entry. */
export function availableCount(db: D1Database, version: number | null): Promise<number> {
  return fragment(version, "available-count", async () => {
    const row = await db.prepare("SELECT COUNT(*) AS n FROM artworks WHERE available = 1").first<{ n: number }>();
    return row?.n ?? 0;
  });
}

export const VIBE_PAGE_SIZE = 48;

/**
 * One page of a vibe: its representatives first (first page only), then the rest of the
 * cluster by artwork id, read as a keyset range of map_points (model, cluster, artwork)
 * after `after` (the last id of the previous page).
 */
export async function vibeBySlug(db: D1Database, model: ActiveModel | null, slug: string, after = 0, limit = VIBE_PAGE_SIZE) {
  if (!model) return null;
  const cluster = await db
    .prepare("SELECT id, slug, name, size FROM clusters WHERE model_id = ? AND slug = ?")
    .bind(model.id, slug)
    .first<{ id: number; slug: string; name: string; size: number }>();
  if (!cluster) return null;
  const [repRows, memberRows] = await db.batch([
    db.prepare("SELECT artwork_id AS id FROM cluster_representatives WHERE cluster_id = ? ORDER BY rank LIMIT ?").bind(cluster.id, Math.floor(limit / 2)),
    db
      .prepare(
        `SELECT p.artwork_id AS id FROM map_points p JOIN artworks a ON a.id = p.artwork_id
         WHERE p.model_id = ? AND p.cluster_id = ? AND p.artwork_id > ? AND a.available = 1
         ORDER BY p.artwork_id LIMIT ?`,
      )
      // Representatives are skipped here, so read past them: at most limit / 2 of them.
      .bind(model.id, cluster.id, after, limit + Math.floor(limit / 2) + 1),
  ]);
  const reps = (repRows!.results as { id: number }[]).map((r) => r.id);
  const repSet = new Set(reps);
  const members = (memberRows!.results as { id: number }[]).map((r) => r.id).filter((id) => !repSet.has(id));
  const repCards = after === 0 ? await cardsByIds(db, reps) : [];
  const room = limit - repCards.length;
  const memberCards = await cardsByIds(db, members.slice(0, room));
  const nextAfter = members.length > room ? members[room - 1]! : null;
  return { ...cluster, works: [...repCards, ...memberCards], hasMore: nextAfter !== null, nextAfter };
}

/** "More like this": the pipeline's neighbour cache for one work; kept per catalogue version when one is given. */
export async function similarWorks(
  db: D1Database,
  model: ActiveModel | null,
  artworkId: number,
  limit = 12,
  version: number | null = null,
): Promise<(ArtworkCard & { score: number })[]> {
  if (!model) return [];
  return fragment(version, `similar:${model.id}:${artworkId}:${limit}`, () => readSimilar(db, model, artworkId, limit, version));
}

async function readSimilar(db: D1Database, model: ActiveModel, artworkId: number, limit: number, version: number | null): Promise<(ArtworkCard & { score: number })[]> {
  const { results } = await db
    .prepare("SELECT neighbour_id AS id, score FROM neighbours WHERE model_id = ? AND artwork_id = ? ORDER BY rank LIMIT ?")
    .bind(model.id, artworkId, limit + 8)
    .all<{ id: number; score: number }>();
  const scores = new Map(results.map((r) => [r.id, r.score]));
  const cards = await cardsByIds(db, results.map((r) => r.id), version);
  return cards.slice(0, limit).map((c) => ({ ...c, score: scores.get(c.id) ?? 0 }));
}

// ---------------------------------------------------------------- for you

export interface PersonalFeedInput {
  db: D1Database;
  model: ActiveModel | null;
  sessionId: string;
  seed: number;
  /** Works from the session's recent searches, best first. */
  searchCandidates?: number[];
  limit?: number;
  /** The session's reactions and recently shown works, when the caller read them already (one batch). */
  taste?: { liked: number[]; disliked: number[] };
  shown?: Set<number>;
  /** The catalogue version: the session-independent reads (neighbours, discovery, cards) come from the fragment cache. */
  version?: number | null;
}

const LIKED_CONSIDERED = 30;
const NEIGHBOURS_PER_LIKE = 24;
const SHOWN_PENALTY = 100;
/** A disliked work's nearest neighbours that the page's discovery filler leaves out. */
export const DISLIKE_NEIGHBOURS_SUNK = 8;
/** Discovery works read at most to fill a personal page. */
const DISCOVERY_FILL_MAX = 600;

/** Each work's nearest neighbours (the same for every visitor: kept per catalogue version). */
async function neighboursOf(db: D1Database, modelId: string, ids: number[], version: number | null): Promise<Map<number, { id: number; score: number }[]>> {
  const lists = await fragmentsById(version, `neighbours:${modelId}`, ids, (missing) => readNeighbours(db, modelId, missing));
  return new Map([...lists].map(([id, list]) => [id, list ?? []]));
}

async function readNeighbours(db: D1Database, modelId: string, ids: number[]): Promise<Map<number, { id: number; score: number }[]>> {
  const out = new Map<number, { id: number; score: number }[]>();
  for (let i = 0; i < ids.length; i += 80) {
    const chunk = ids.slice(i, i + 80);
    const { results } = await db
      .prepare(
        `SELECT artwork_id AS source, neighbour_id AS id, score FROM neighbours
         WHERE model_id = ? AND rank < ? AND artwork_id IN (${chunk.map(() => "?").join(",")}) ORDER BY artwork_id, rank`,
      )
      .bind(modelId, NEIGHBOURS_PER_LIKE, ...chunk)
      .all<{ source: number; id: number; score: number }>();
    for (const row of results) {
      const list = out.get(row.source) ?? [];
      list.push({ id: row.id, score: row.score });
      out.set(row.source, list);
    }
  }
  return out;
}

async function recentlyShown(db: D1Database, sessionId: string): Promise<Set<number>> {
  return shownFrom(await recentlyShownStatement(db, sessionId).all());
}

/** Scores every candidate; exported for the feed tests. */
export function rankPersonal(input: {
  liked: number[];
  disliked: number[];
  neighbours: Map<number, { id: number; score: number }[]>;
  searchCandidates: number[];
  shown: Set<number>;
}): { id: number; score: number }[] {
  const scores = new Map<number, number>();
  const add = (id: number, delta: number) => scores.set(id, (scores.get(id) ?? 0) + delta);
  input.liked.slice(0, LIKED_CONSIDERED).forEach((likedId, age) => {
    const weight = 1 / (1 + 0.1 * age); // recent likes count more
    for (const n of input.neighbours.get(likedId) ?? []) add(n.id, weight * n.score);
  });
  input.searchCandidates.forEach((id, rank) => add(id, 0.5 * (1 - rank / Math.max(1, input.searchCandidates.length))));
  // Near a dislike: pushed down in proportion to the similarity, also below unrelated works.
  for (const dislikedId of input.disliked.slice(0, LIKED_CONSIDERED)) {
    for (const n of input.neighbours.get(dislikedId) ?? []) if (scores.has(n.id)) add(n.id, -1.5 * n.score);
  }
  const reacted = new Set([...input.liked, ...input.disliked]);
  return [...scores.entries()]
    .filter(([id]) => !reacted.has(id))
    .map(([id, score]) => ({ id, score: input.shown.has(id) ? score - SHOWN_PENALTY : score }))
    .sort((a, b) => b.score - a.score || a.id - b.id);
}

export async function personalFeed(input: PersonalFeedInput): Promise<FeedPage & { learnedFrom: { liked: number; disliked: number } }> {
  const { db, model, sessionId, seed } = input;
  const version = input.version ?? null;
  const limit = input.limit ?? FEED_PAGE_SIZE;
  const taste = input.taste ?? (await reactionsOf(db, sessionId));
  const shown = input.shown ?? (await recentlyShown(db, sessionId));
  const considered = [...taste.liked.slice(0, LIKED_CONSIDERED), ...taste.disliked.slice(0, LIKED_CONSIDERED)];
  const neighbours = model ? await neighboursOf(db, model.id, considered, version) : new Map();
  const ranked = rankPersonal({ ...taste, neighbours, searchCandidates: input.searchCandidates ?? [], shown });
  // Positive, unseen candidates first; then discovery (unseen first) fills the page.
  const reacted = new Set([...taste.liked, ...taste.disliked]);
  const nearDisliked = new Set([...taste.disliked].flatMap((d) => (neighbours.get(d) ?? []).slice(0, DISLIKE_NEIGHBOURS_SUNK).map((n: { id: number }) => n.id)));
  const page: number[] = ranked.filter((r) => r.score > 0).map((r) => r.id);
  if (page.length < limit * 2) {
    const wanted = Math.min(DISCOVERY_FILL_MAX, limit * 8 + shown.size);
    // With the fragment cache, the whole bounded fill is read once per seed and version and shared
    // by every visitor; each takes what they need of it.
    const read = await discoveryIds(db, seed, version === null ? wanted : DISCOVERY_FILL_MAX, undefined, version);
    const fill = read.ids.slice(0, wanted);
    const unseen = fill.filter((id) => !shown.has(id) && !reacted.has(id) && !nearDisliked.has(id));
    page.push(...unseen);
    const seenAgain = fill.filter((id) => shown.has(id) && !reacted.has(id) && !nearDisliked.has(id));
    page.push(...seenAgain);
  }
  const unique = [...new Set(page)];
  const works = (await cardsByIds(db, unique.slice(0, limit + 12), version)).slice(0, limit);
  return {
    feed: "for-you",
    works,
    nextCursor: encodeCursor({ k: "for-you", s: seed }),
    learnedFrom: { liked: taste.liked.length, disliked: taste.disliked.length },
  };
}

/** Remembers what a session was shown, so the next page (and visit) moves on. */
export async function recordShown(db: D1Database, sessionId: string, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await recordShownStatement(db, sessionId, ids).run();
}
