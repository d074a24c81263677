/**
 * Which feed a request gets, shared by the home page and GET /api/feed:
 * an explicit cursor decides; else `feed=for-you` (or a session that has
 * liked or disliked something) gets the personal feed; else today's discovery.
 */
import type { AppEnv } from "../env";
import { HttpError } from "../../workers/http/errors";
import { type FeedKind, FEED_KINDS, dailySeed, decodeCursor, randomSeed } from "./feed-cursor";
import { catalogueVersionStatement, versionFrom } from "./catalogue-version.server";
import { type FeedPage, FEED_PAGE_SIZE, discoveryFeed, personalFeed, recordShown } from "./feeds.server";
import { activeModel } from "./models.server";
import { reactionsFrom, reactionsStatement } from "./reactions.server";
import { recentlyShownStatement, shownFrom } from "./recently-shown.server";
import { queriesFrom, recentSearchesStatement, searchCandidatesFrom } from "./search/history.server";
import { currentSessionId } from "./session.server";

export interface FeedAnswer extends FeedPage {
  /** True when the answer depends on the visitor's session (must not be cached publicly). */
  personal: boolean;
  learnedFrom?: { liked: number; disliked: number };
  /** The catalogue version the answer was read at (callers key their own shared parts by it). */
  version: number;
}

export async function feedFor(
  request: Request,
  env: AppEnv,
  options: { feed?: string | null; cursor?: string | null; shuffle?: boolean; limit?: number },
): Promise<FeedAnswer> {
  const limit = options.limit ?? FEED_PAGE_SIZE;
  if (options.feed && !(FEED_KINDS as readonly string[]).includes(options.feed)) {
    throw new HttpError(400, "invalid_feed", `feed must be one of ${FEED_KINDS.join(", ")}.`);
  }
  const cursor = options.cursor ? decodeCursor(options.cursor) : null;
  const sessionId = await currentSessionId(request, env);
  // One round trip: the catalogue version and, for a visitor, every personal read the feed needs.
  const db = env.DB;
  const [versionRow, reactionRows, searchRows, shownRows] = await db.batch([
    catalogueVersionStatement(db),
    ...(sessionId ? [reactionsStatement(db, sessionId), recentSearchesStatement(db, sessionId), recentlyShownStatement(db, sessionId)] : []),
  ]);
  const version = versionFrom(versionRow);
  const taste = reactionsFrom(reactionRows);
  let kind: FeedKind = cursor?.k ?? (options.feed as FeedKind | undefined) ?? "discover";
  if (!cursor && !options.feed && sessionId && taste.liked.length + taste.disliked.length > 0) kind = "for-you";
  const seed = cursor?.s ?? (options.shuffle ? randomSeed() : dailySeed());
  if (kind === "for-you") {
    if (!sessionId) throw new HttpError(401, "no_session", "The personal feed learns from your likes: like or dislike a work first.");
    const model = await activeModel(db, env.ACTIVE_MODEL);
    const candidates = await searchCandidatesFrom(env, queriesFrom(searchRows), 48, version).catch(() => []);
    const shown = shownFrom(shownRows);
    const page = await personalFeed({ db, model, sessionId, seed, searchCandidates: candidates, limit, taste, shown, version });
    await recordShown(db, sessionId, page.works.map((w) => w.id));
    return { ...page, personal: true, version };
  }
  const page = await discoveryFeed(db, { k: "discover", s: seed, p: cursor?.p }, limit, version);
  return { ...page, personal: false, version };
}
