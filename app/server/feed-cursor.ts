/**
 * Feed cursors: the seed and position travel in the URL (base64url JSON), so a
 * page of the discovery feed is the same on every server and a shared link
 * shows the same works. Anything malformed is refused (400), not guessed at.
 */
import { z } from "zod";
import { HttpError } from "../../workers/http/errors";

export const FEED_KINDS = ["discover", "for-you"] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

/**
 * `p` is where the discovery feed stopped: [phase, discovery_rank, id] of the last work shown
 * (app/server/feeds.server.ts); absent on the first page. Cursors of the older offset form
 * ({k, s, o}) still decode: their `o` is dropped, so they restart at the first page of their seed.
 */
const cursorSchema = z.object({
  k: z.enum(FEED_KINDS),
  s: z.number().int().min(0).max(0xffffffff),
  p: z.tuple([z.union([z.literal(0), z.literal(1)]), z.number().int().min(0).max(0xffffffff), z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)]).optional(),
});
export type FeedCursor = z.infer<typeof cursorSchema>;
export type FeedPosition = NonNullable<FeedCursor["p"]>;

export function encodeCursor(cursor: FeedCursor): string {
  return btoa(JSON.stringify(cursor)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor(text: string): FeedCursor {
  if (text.length > 200 || !/^[A-Za-z0-9_-]+$/.test(text)) throw new HttpError(400, "invalid_cursor", "The cursor is not one this site made.");
  try {
    const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
    return cursorSchema.parse(JSON.parse(atob(padded)));
  } catch {
    throw new HttpError(400, "invalid_cursor", "The cursor is not one this site made.");
  }
}

/** Today's discovery seed: the same for everyone on a given UTC day, so anonymous pages cache well. */
export function dailySeed(now = Date.now()): number {
  const day = Math.floor(now / 86_400_000);
  return Math.imul(day ^ 0x5bd1e995, 0x27d4eb2d) >>> 0;
}

export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]!;
}
