/**
 * Feed cursors: the seed and position travel in the URL (base64url JSON), so a
 * page of the discovery feed is the same on every server and a shared link
 * shows the same works. Anything malformed is refused, not guessed at.
 */
import { z } from "zod";
import { HttpError } from "../../workers/http/errors";

export const FEED_KINDS = ["discover", "for-you"] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

const cursorSchema = z.object({
  k: z.enum(FEED_KINDS),
  s: z.number().int().min(0).max(0xffffffff),
  o: z.number().int().min(0).max(1_000_000),
});
export type FeedCursor = z.infer<typeof cursorSchema>;

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
