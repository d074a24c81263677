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
import { type FeedCursor, type FeedKind, encodeCursor } from "./feed-cursor";
import type { ActiveModel } from "./models.server";
import { reactionsOf } from "./reactions.server";

export const FEED_PAGE_SIZE = 24;

export interface FeedPage {
  feed: FeedKind;
  works: ArtworkCard[];
  nextCursor: string | null;
}

/**
 * A 32-bit mix of (id, seed): multiply, xor-shift, multiply, xor-shift. SQLite
 * has no XOR, so a ^ b is written (a | b) - (a & b). All products stay below 2^63.
 */
const DISCOVERY_ORDER = `
  WITH h1 AS (SELECT id, ((id * 2654435761 + ?1) & 4294967295) AS h FROM artworks WHERE available = 1),
       h2 AS (SELECT id, ((((h | (h >> 16)) - (h & (h >> 16))) * 73244475) & 4294967295) AS h FROM h1)
  SELECT id FROM h2 ORDER BY ((h | (h >> 16)) - (h & (h >> 16))), id`;

export async function discoveryIds(db: D1Database, seed: number, offset: number, limit: number): Promise<number[]> {
  const { results } = await db.prepare(`${DISCOVERY_ORDER} LIMIT ?2 OFFSET ?3`).bind(seed, limit, offset).all<{ id: number }>();
  return results.map((r) => r.id);
}

export async function discoveryFeed(db: D1Database, cursor: FeedCursor, limit = FEED_PAGE_SIZE): Promise<FeedPage> {
  // One extra id tells whether there is a next page.
  const ids = await discoveryIds(db, cursor.s, cursor.o, limit + 1);
  const works = await cardsByIds(db, ids.slice(0, limit));
  const nextCursor = ids.length > limit ? encodeCursor({ k: "discover", s: cursor.s, o: cursor.o + limit }) : null;
  return { feed: "discover", works, nextCursor };
}

export interface Vibe {
  slug: string;
  name: string;
  size: number;
  works: ArtworkCard[];
}

export async function vibes(db: D1Database, model: ActiveModel | null, perVibe = 4): Promise<Vibe[]> {
  if (!model) return [];
  const { results } = await db
    .prepare(
      `SELECT c.id, c.slug, c.name, c.size, r.artwork_id AS artworkId FROM clusters c
       JOIN cluster_representatives r ON r.cluster_id = c.id
       WHERE c.model_id = ? AND r.rank < ? ORDER BY c.ordinal, r.rank`,
    )
    .bind(model.id, perVibe * 2)
    .all<{ id: number; slug: string; name: string; size: number; artworkId: number }>();
  const cards = new Map((await cardsByIds(db, results.map((r) => r.artworkId))).map((c) => [c.id, c]));
  const byCluster = new Map<number, Vibe>();
  for (const row of results) {
    const vibe = byCluster.get(row.id) ?? { slug: row.slug, name: row.name, size: row.size, works: [] };
    byCluster.set(row.id, vibe);
    const card = cards.get(row.artworkId);
    if (card && vibe.works.length < perVibe) vibe.works.push(card);
  }
  return [...byCluster.values()].filter((v) => v.works.length > 0);
}

export async function vibeBySlug(db: D1Database, model: ActiveModel | null, slug: string, page: number, limit = 48) {
  if (!model) return null;
  const cluster = await db
    .prepare("SELECT id, slug, name, size FROM clusters WHERE model_id = ? AND slug = ?")
    .bind(model.id, slug)
    .first<{ id: number; slug: string; name: string; size: number }>();
  if (!cluster) return null;
  // Representatives first, then the rest of the cluster nearest its centre on the map.
  const { results } = await db
    .prepare(
      `SELECT p.artwork_id AS id FROM map_points p JOIN artworks a ON a.id = p.artwork_id
       LEFT JOIN cluster_representatives r ON r.cluster_id = p.cluster_id AND r.artwork_id = p.artwork_id
       WHERE p.model_id = ? AND p.cluster_id = ? AND a.available = 1
       ORDER BY r.rank IS NULL, r.rank, p.artwork_id LIMIT ? OFFSET ?`,
    )
    .bind(model.id, cluster.id, limit + 1, (page - 1) * limit)
    .all<{ id: number }>();
  const works = await cardsByIds(db, results.slice(0, limit).map((r) => r.id));
  return { ...cluster, works, hasMore: results.length > limit };
}

/** "More like this": the pipeline's neighbour cache for one work. */
export async function similarWorks(db: D1Database, model: ActiveModel | null, artworkId: number, limit = 12): Promise<(ArtworkCard & { score: number })[]> {
  if (!model) return [];
  const { results } = await db
    .prepare("SELECT neighbour_id AS id, score FROM neighbours WHERE model_id = ? AND artwork_id = ? ORDER BY rank LIMIT ?")
    .bind(model.id, artworkId, limit + 8)
    .all<{ id: number; score: number }>();
  const scores = new Map(results.map((r) => [r.id, r.score]));
  const cards = await cardsByIds(db, results.map((r) => r.id));
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
}

const LIKED_CONSIDERED = 30;
const NEIGHBOURS_PER_LIKE = 24;
const SHOWN_PENALTY = 100;
/** A disliked work's nearest neighbours that the page's discovery filler leaves out. */
export const DISLIKE_NEIGHBOURS_SUNK = 8;
const SHOWN_REMEMBERED = 500;

async function neighboursOf(db: D1Database, modelId: string, ids: number[]): Promise<Map<number, { id: number; score: number }[]>> {
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
  const { results } = await db
    .prepare("SELECT DISTINCT artwork_id AS id FROM (SELECT artwork_id FROM exposures WHERE session_id = ? ORDER BY at DESC, rowid DESC LIMIT ?)")
    .bind(sessionId, SHOWN_REMEMBERED)
    .all<{ id: number }>();
  return new Set(results.map((r) => r.id));
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
  const limit = input.limit ?? FEED_PAGE_SIZE;
  const taste = await reactionsOf(db, sessionId);
  const shown = await recentlyShown(db, sessionId);
  const neighbours = model ? await neighboursOf(db, model.id, [...taste.liked.slice(0, LIKED_CONSIDERED), ...taste.disliked.slice(0, LIKED_CONSIDERED)]) : new Map();
  const ranked = rankPersonal({ ...taste, neighbours, searchCandidates: input.searchCandidates ?? [], shown });
  // Positive, unseen candidates first; then discovery (unseen first) fills the page.
  const reacted = new Set([...taste.liked, ...taste.disliked]);
  const nearDisliked = new Set([...taste.disliked].flatMap((d) => (neighbours.get(d) ?? []).slice(0, DISLIKE_NEIGHBOURS_SUNK).map((n: { id: number }) => n.id)));
  const page: number[] = ranked.filter((r) => r.score > 0).map((r) => r.id);
  if (page.length < limit * 2) {
    const fill = await discoveryIds(db, seed, 0, Math.min(600, limit * 8 + shown.size));
    const unseen = fill.filter((id) => !shown.has(id) && !reacted.has(id) && !nearDisliked.has(id));
    page.push(...unseen);
    const seenAgain = fill.filter((id) => shown.has(id) && !reacted.has(id) && !nearDisliked.has(id));
    page.push(...seenAgain);
  }
  const unique = [...new Set(page)];
  const works = (await cardsByIds(db, unique.slice(0, limit + 12))).slice(0, limit);
  return {
    feed: "for-you",
    works,
    nextCursor: encodeCursor({ k: "for-you", s: seed, o: 0 }),
    learnedFrom: { liked: taste.liked.length, disliked: taste.disliked.length },
  };
}

/** Remembers what a session was shown, so the next page (and visit) moves on. */
export async function recordExposures(db: D1Database, sessionId: string, feed: FeedKind, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const statements = [];
  for (let i = 0; i < ids.length; i += 30) {
    const chunk = ids.slice(i, i + 30);
    statements.push(
      db.prepare(`INSERT INTO exposures (session_id, artwork_id, feed) VALUES ${chunk.map(() => "(?, ?, ?)").join(", ")}`).bind(...chunk.flatMap((id) => [sessionId, id, feed])),
    );
  }
  await db.batch(statements);
}
