/**
 * Which feed a request gets, shared by the home page and GET /api/feed:
 * an explicit cursor decides; else `feed=for-you` (or a session that has
 * liked or disliked something) gets the personal feed; else today's discovery.
 */
import type { AppEnv } from "../env";
import { HttpError } from "../../workers/http/errors";
import { type FeedKind, FEED_KINDS, dailySeed, decodeCursor, randomSeed } from "./feed-cursor";
import { type FeedPage, FEED_PAGE_SIZE, discoveryFeed, personalFeed, recordExposures } from "./feeds.server";
import { activeModel } from "./models.server";
import { reactionsOf } from "./reactions.server";
import { recentSearchCandidates } from "./search/history.server";
import { currentSessionId } from "./session.server";

export interface FeedAnswer extends FeedPage {
  /** True when the answer depends on the visitor's session (must not be cached publicly). */
  personal: boolean;
  learnedFrom?: { liked: number; disliked: number };
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
  let kind: FeedKind = cursor?.k ?? (options.feed as FeedKind | undefined) ?? "discover";
  if (!cursor && !options.feed && sessionId) {
    const taste = await reactionsOf(env.DB, sessionId);
    if (taste.liked.length + taste.disliked.length > 0) kind = "for-you";
  }
  const seed = cursor?.s ?? (options.shuffle ? randomSeed() : dailySeed());
  if (kind === "for-you") {
    if (!sessionId) throw new HttpError(401, "no_session", "The personal feed learns from your likes: like or dislike a work first.");
    const model = await activeModel(env.DB, env.ACTIVE_MODEL);
    const candidates = await recentSearchCandidates(env, sessionId, 48).catch(() => []);
    const page = await personalFeed({ db: env.DB, model, sessionId, seed, searchCandidates: candidates, limit });
    await recordExposures(env.DB, sessionId, "for-you", page.works.map((w) => w.id));
    return { ...page, personal: true };
  }
  const page = await discoveryFeed(env.DB, { k: "discover", s: seed, p: cursor?.p }, limit);
  return { ...page, personal: false };
}
