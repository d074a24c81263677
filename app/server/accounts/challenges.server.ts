/**
 * WebAuthn challenges, kept on the server: each is random (from
 * simplewebauthn), single use (taken = deleted in the same statement that
 * reads it), and lives CHALLENGE_TTL_MS. Expired rows are pruned a few at a
 * time whenever a new challenge is stored.
 */
import { HttpError } from "../../../workers/http/errors";

export const CHALLENGE_TTL_MS = 5 * 60 * 1000;
const PRUNE_BATCH = 50;

export type ChallengePurpose = "register" | "authenticate";

export interface StoredChallenge {
  challenge: string;
  accountId: string | null;
}

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Stores a challenge; returns the id the client sends back with its answer. */
export async function storeChallenge(db: D1Database, purpose: ChallengePurpose, challenge: string, accountId: string | null, now = Date.now()): Promise<string> {
  const id = randomId();
  await db.batch([
    db.prepare("DELETE FROM webauthn_challenges WHERE id IN (SELECT id FROM webauthn_challenges WHERE expires_at <= ? LIMIT ?)").bind(now, PRUNE_BATCH),
    db.prepare("INSERT INTO webauthn_challenges (id, purpose, challenge, account_id, expires_at) VALUES (?, ?, ?, ?, ?)").bind(id, purpose, challenge, accountId, now + CHALLENGE_TTL_MS),
  ]);
  return id;
}

/** Takes (and so uses up) a challenge; 400 when it is unknown, used, expired or for another purpose. */
export async function takeChallenge(db: D1Database, id: string, purpose: ChallengePurpose, now = Date.now()): Promise<StoredChallenge> {
  const row = await db
    .prepare("DELETE FROM webauthn_challenges WHERE id = ? RETURNING purpose, challenge, account_id AS accountId, expires_at AS expiresAt")
    .bind(id)
    .first<{ purpose: string; challenge: string; accountId: string | null; expiresAt: number }>();
  if (!row || row.purpose !== purpose || row.expiresAt <= now) {
    throw new HttpError(400, "challenge_expired", "That sign-in attempt has expired or was already used; please try again.");
  }
  return { challenge: row.challenge, accountId: row.accountId };
}
