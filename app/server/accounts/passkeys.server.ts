/**
 * Passkey accounts (WebAuthn through @simplewebauthn/server): no password, no
 * email. An account owns one visitor session id; registering a passkey turns
 * the visitor's current session into the account's, and signing in on any
 * device puts the account's session id in that device's signed cookie after
 * merging the device's anonymous session into it (session-data.server.ts).
 * See docs/decisions/0012-passkey-accounts-and-history.md.
 */
import {
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import { z } from "zod";
import { HttpError } from "../../../workers/http/errors";
import { storeChallenge, takeChallenge } from "./challenges.server";
import type { RelyingParty } from "./relying-party.server";
import { deleteSessionStatements, mergeSessionStatements } from "./session-data.server";

/** Passkeys one account may hold. */
export const MAX_PASSKEYS = 10;
const OPTIONS_TIMEOUT_MS = 120_000;

// ---------------------------------------------------------------- bytes

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

function randomId(bytes = 16): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

// ---------------------------------------------------------------- input

const base64url = z.string().max(4096).regex(/^[A-Za-z0-9_-]*$/, "Expected base64url.");

/** What the browser sends back (simplewebauthn/browser's JSON); the library checks the rest. */
export const passkeyAnswerSchema = z.object({
  challengeId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "Not a challenge id."),
  response: z
    .object({
      id: base64url.min(1),
      rawId: base64url.min(1),
      type: z.literal("public-key"),
      response: z.record(z.string(), z.unknown()),
      clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
      authenticatorAttachment: z.string().max(40).optional(),
    })
    .passthrough(),
});
export type PasskeyAnswer = z.infer<typeof passkeyAnswerSchema>;

// ---------------------------------------------------------------- reading accounts

export interface Account {
  id: string;
  sessionId: string;
  createdAt: number;
}

export interface PasskeySummary {
  id: string;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
  backedUp: boolean;
}

export interface AccountView {
  account: { createdAt: number; passkeys: PasskeySummary[] } | null;
}

/** The account whose session this is, or null for an anonymous visitor. */
export async function accountOfSession(db: D1Database, sessionId: string | null): Promise<Account | null> {
  if (!sessionId) return null;
  return db.prepare("SELECT id, session_id AS sessionId, created_at AS createdAt FROM accounts WHERE session_id = ?").bind(sessionId).first<Account>();
}

export async function accountView(db: D1Database, sessionId: string | null): Promise<AccountView> {
  const account = await accountOfSession(db, sessionId);
  if (!account) return { account: null };
  const { results } = await db
    .prepare(
      `SELECT id, name, created_at AS createdAt, last_used_at AS lastUsedAt, backed_up AS backedUp
       FROM passkeys WHERE account_id = ? ORDER BY created_at, id LIMIT ?`,
    )
    .bind(account.id, MAX_PASSKEYS)
    .all<Omit<PasskeySummary, "backedUp"> & { backedUp: number }>();
  return { account: { createdAt: account.createdAt, passkeys: results.map((p) => ({ ...p, backedUp: p.backedUp === 1 })) } };
}

// ---------------------------------------------------------------- registration

export interface Options<T> {
  challengeId: string;
  options: T;
}

/**
 * Options for creating a passkey: a new account's (anonymous visitor), or one more
 * passkey for the signed-in visitor's account. Discoverable credentials, so signing
 * in later needs no user name.
 */
export async function beginRegistration(db: D1Database, rp: RelyingParty, sessionId: string | null): Promise<Options<PublicKeyCredentialCreationOptionsJSON>> {
  const existing = await accountOfSession(db, sessionId);
  const accountId = existing?.id ?? randomId();
  const { results: keys } = existing
    ? await db.prepare("SELECT id, transports FROM passkeys WHERE account_id = ? LIMIT ?").bind(existing.id, MAX_PASSKEYS + 1).all<{ id: string; transports: string }>()
    : { results: [] as { id: string; transports: string }[] };
  if (keys.length >= MAX_PASSKEYS) throw new HttpError(409, "too_many_passkeys", `An account holds at most ${MAX_PASSKEYS} passkeys.`);
  const created = new Date(existing?.createdAt ?? Date.now()).toISOString().slice(0, 10);
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: `Art Snob visitor (${created})`,
    userDisplayName: "Art Snob visitor",
    userID: new TextEncoder().encode(accountId),
    timeout: OPTIONS_TIMEOUT_MS,
    attestationType: "none",
    excludeCredentials: keys.map((k) => ({ id: k.id, transports: JSON.parse(k.transports) as string[] })),
    authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
  });
  const challengeId = await storeChallenge(db, "register", options.challenge, accountId);
  return { challengeId, options };
}

function passkeyName(userAgent: string | null, at: number): string {
  const ua = userAgent ?? "";
  const device = /iPhone|iPad/.test(ua) ? "iPhone or iPad" : /Android/.test(ua) ? "Android" : /Mac OS X/.test(ua) ? "Mac" : /Windows/.test(ua) ? "Windows" : /Linux/.test(ua) ? "Linux" : "a device";
  return `Passkey on ${device}, added ${new Date(at).toISOString().slice(0, 10)}`;
}

/**
 * Verifies a new passkey and stores it. `sessionId` is the visitor's current session
 * (the caller has made sure there is one): a new account takes it over; a signed-in
 * visitor's account gains the passkey.
 */
export async function finishRegistration(db: D1Database, rp: RelyingParty, answer: PasskeyAnswer, sessionId: string, userAgent: string | null): Promise<Account> {
  const stored = await takeChallenge(db, answer.challengeId, "register");
  const current = await accountOfSession(db, sessionId);
  if (current && current.id !== stored.accountId) throw new HttpError(409, "account_changed", "You signed in to another account meanwhile; please try again.");
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response: answer.response as unknown as RegistrationResponseJSON,
      expectedChallenge: stored.challenge,
      expectedOrigin: rp.origins,
      expectedRPID: rp.id,
      requireUserVerification: false,
    });
  } catch (error) {
    throw new HttpError(400, "passkey_rejected", `The passkey could not be verified: ${error instanceof Error ? error.message : "invalid response"}`);
  }
  if (!verification.verified) throw new HttpError(400, "passkey_rejected", "The passkey could not be verified.");
  const info = verification.registrationInfo;
  const accountId = current?.id ?? stored.accountId;
  if (!accountId) throw new HttpError(400, "challenge_expired", "That registration attempt is not valid; please try again.");
  const now = Date.now();
  const statements = [
    ...(current ? [] : [db.prepare("INSERT INTO accounts (id, session_id) VALUES (?, ?)").bind(accountId, sessionId)]),
    db
      .prepare("INSERT INTO passkeys (id, account_id, public_key, counter, transports, device_type, backed_up, name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(
        info.credential.id,
        accountId,
        toBase64Url(info.credential.publicKey),
        info.credential.counter,
        JSON.stringify(info.credential.transports ?? []),
        info.credentialDeviceType,
        info.credentialBackedUp ? 1 : 0,
        passkeyName(userAgent, now),
      ),
  ];
  try {
    await db.batch(statements);
  } catch (error) {
    if (/UNIQUE|constraint/i.test(error instanceof Error ? error.message : String(error))) {
      throw new HttpError(409, "passkey_exists", "That passkey is already registered.");
    }
    throw error;
  }
  return { id: accountId, sessionId: current?.sessionId ?? sessionId, createdAt: current?.createdAt ?? now };
}

// ---------------------------------------------------------------- sign-in

/** Options for signing in with any passkey of this site (discoverable credentials). */
export async function beginSignIn(db: D1Database, rp: RelyingParty): Promise<Options<PublicKeyCredentialRequestOptionsJSON>> {
  const options = await generateAuthenticationOptions({ rpID: rp.id, timeout: OPTIONS_TIMEOUT_MS, userVerification: "preferred" });
  const challengeId = await storeChallenge(db, "authenticate", options.challenge, null);
  return { challengeId, options };
}

export interface SignIn {
  account: Account;
  /** Whether the device's anonymous session was merged into the account. */
  merged: boolean;
}

/**
 * Verifies a passkey assertion and signs the visitor in: the device's anonymous
 * session (if any, and not another account's) is merged into the account's.
 * The caller then puts account.sessionId in the cookie.
 */
export async function finishSignIn(db: D1Database, rp: RelyingParty, answer: PasskeyAnswer, currentSessionId: string | null): Promise<SignIn> {
  const stored = await takeChallenge(db, answer.challengeId, "authenticate");
  const key = await db
    .prepare(
      `SELECT p.id, p.public_key AS publicKey, p.counter, p.transports, a.id AS accountId, a.session_id AS sessionId, a.created_at AS createdAt
       FROM passkeys p JOIN accounts a ON a.id = p.account_id WHERE p.id = ?`,
    )
    .bind(answer.response.id)
    .first<{ id: string; publicKey: string; counter: number; transports: string; accountId: string; sessionId: string; createdAt: number }>();
  if (!key) throw new HttpError(400, "unknown_passkey", "That passkey is not registered here (or its account was deleted).");
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response: answer.response as unknown as AuthenticationResponseJSON,
      expectedChallenge: stored.challenge,
      expectedOrigin: rp.origins,
      expectedRPID: rp.id,
      credential: { id: key.id, publicKey: fromBase64Url(key.publicKey), counter: key.counter, transports: JSON.parse(key.transports) as string[] },
      requireUserVerification: false,
    });
  } catch (error) {
    throw new HttpError(400, "passkey_rejected", `The passkey could not be verified: ${error instanceof Error ? error.message : "invalid response"}`);
  }
  if (!verification.verified) throw new HttpError(400, "passkey_rejected", "The passkey could not be verified.");
  const account: Account = { id: key.accountId, sessionId: key.sessionId, createdAt: key.createdAt };
  const other = currentSessionId && currentSessionId !== account.sessionId ? await accountOfSession(db, currentSessionId) : null;
  const merge = currentSessionId !== null && currentSessionId !== account.sessionId && other === null;
  const now = Date.now();
  await db.batch([
    // The account's session row may be gone if nothing was ever written under it again; keep it.
    db.prepare("INSERT OR IGNORE INTO sessions (id) VALUES (?)").bind(account.sessionId),
    db.prepare("UPDATE passkeys SET counter = ?, last_used_at = ? WHERE id = ?").bind(verification.authenticationInfo.newCounter, now, key.id),
    db.prepare("UPDATE accounts SET last_sign_in_at = ? WHERE id = ?").bind(now, account.id),
    ...(merge ? mergeSessionStatements(db, currentSessionId, account.sessionId) : []),
  ]);
  return { account, merged: merge };
}

// ---------------------------------------------------------------- deletion

/**
 * Deletes the account, its passkeys and everything its session owns. Its open
 * challenges (at most five minutes old) expire on their own: one used later would
 * only start a new, empty account.
 */
export async function deleteAccount(db: D1Database, account: Account): Promise<void> {
  await db.batch([
    ...deleteSessionStatements(db, account.sessionId),
    db.prepare("DELETE FROM passkeys WHERE account_id = ?").bind(account.id),
    db.prepare("DELETE FROM accounts WHERE id = ?").bind(account.id),
  ]);
}
