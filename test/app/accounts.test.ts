/**
 * Passkey accounts: the /auth/* ceremony endpoints and /account's form actions called
 * directly, with a WebCrypto software authenticator (test/support/soft-authenticator.ts)
 * producing real WebAuthn answers that @simplewebauthn/server verifies inside workerd.
 */
import { SELF, env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { AppLoadContext } from "@remix-run/cloudflare";
import * as accountRoute from "../../app/routes/account";
import * as authRoute from "../../app/routes/auth.$step";
import * as historyRoute from "../../app/routes/history";
import { takeChallenge } from "../../app/server/accounts/challenges.server";
import type { AccountView } from "../../app/server/accounts/passkeys.server";
import { historyPage } from "../../app/server/history.server";
import { reactionsOf, setReaction } from "../../app/server/reactions.server";
import { recordSearch } from "../../app/server/search/history.server";
import { addToWall, createWall, listWalls } from "../../app/server/walls.server";
import { SoftAuthenticator } from "../support/soft-authenticator";
import { request, seedCatalogue, sessionCookieFrom } from "./fixtures";
import { callRoute, type Settled } from "./route-call";

beforeAll(seedCatalogue);

const SITE = "https://art-snob.test";
const context = { cloudflare: { env, ctx: { waitUntil: () => undefined } } } as unknown as AppLoadContext;
const sessionIdOf = (cookie: string) => decodeURIComponent(cookie.slice("as_session=".length)).split(".")[0]!;

async function newVisitor(): Promise<{ cookie: string; sessionId: string }> {
  const res = await SELF.fetch(request("/api/likes/48", { method: "PUT", headers: { "Content-Type": "application/json", Origin: SITE }, body: JSON.stringify({ value: 0 }) }));
  expect(res.status).toBe(200);
  const cookie = sessionCookieFrom(res);
  return { cookie, sessionId: sessionIdOf(cookie) };
}

function auth(step: string, body?: unknown, init: { cookie?: string; origin?: string } = {}): Promise<Settled> {
  const headers = new Headers({ Origin: init.origin ?? SITE });
  if (init.cookie) headers.set("Cookie", init.cookie);
  if (body !== undefined) headers.set("Content-Type", "application/json");
  const req = new Request(`${SITE}/auth/${step}`, { method: "POST", headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return callRoute(authRoute.action, context, req, { step });
}

function accountForm(fields: Record<string, string>, cookie?: string): Promise<Settled> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const headers = new Headers({ Origin: SITE });
  if (cookie) headers.set("Cookie", cookie);
  return callRoute(accountRoute.action, context, new Request(`${SITE}/account`, { method: "POST", body: form, headers }));
}

async function accountOf(cookie: string | undefined): Promise<AccountView["account"]> {
  const res = await callRoute(accountRoute.loader, context, new Request(`${SITE}/account`, { headers: cookie ? { Cookie: cookie } : {} }));
  expect(res.status).toBe(200);
  return (res.body as AccountView).account;
}

type Options = { challengeId: string; options: { challenge: string; rp: { id: string }; user: { id: string }; rpId: string } };

async function register(device: SoftAuthenticator, cookie?: string): Promise<Settled> {
  const begun = await auth("register-options", undefined, { cookie });
  expect(begun.status).toBe(200);
  const { challengeId, options } = begun.body as Options;
  return auth("register", { challengeId, response: await device.register(options, SITE) }, { cookie });
}

async function signIn(device: SoftAuthenticator, cookie?: string, origin = SITE): Promise<Settled> {
  const begun = await auth("sign-in-options", undefined, { cookie });
  expect(begun.status).toBe(200);
  const { challengeId, options } = begun.body as Options;
  return auth("sign-in", { challengeId, response: await device.authenticate(options, origin) }, { cookie });
}

const cookieOf = (res: Settled) => res.headers.get("Set-Cookie")!.split(";")[0]!;

describe("passkey accounts", () => {
  it("registers a passkey that takes over the visitor's session, then signs in on a second device and merges its state", async () => {
    const phone = new SoftAuthenticator();
    const first = await newVisitor();
    await setReaction(env.DB, first.sessionId, 1, 1);
    await setReaction(env.DB, first.sessionId, 2, 1);
    const wall = await createWall(env.DB, first.sessionId, "Living room");
    await addToWall(env.DB, wall, 1);

    const registered = await register(phone, first.cookie);
    expect(registered.status).toBe(200);
    expect(registered.body).toEqual({ signedIn: true });
    expect(registered.headers.get("Cache-Control")).toBe("private, no-store");
    const account = await accountOf(first.cookie);
    expect(account?.passkeys).toHaveLength(1);
    expect(account?.passkeys[0]!.name).toMatch(/^Passkey on /);
    const row = await env.DB.prepare("SELECT session_id AS sessionId FROM accounts").bind().all<{ sessionId: string }>();
    expect(row.results.map((r) => r.sessionId)).toContain(first.sessionId);

    // A second device: its own anonymous likes (one overlapping, newer), a wall and a search.
    const laptop = await newVisitor();
    await setReaction(env.DB, laptop.sessionId, 3, 1);
    await setReaction(env.DB, laptop.sessionId, 2, -1);
    const laptopWall = await createWall(env.DB, laptop.sessionId, "Office");
    await addToWall(env.DB, laptopWall, 4);
    await recordSearch(env.DB, laptop.sessionId, "green hills", 5);
    expect(await accountOf(laptop.cookie)).toBeNull();

    const signedIn = await signIn(phone, laptop.cookie);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toEqual({ signedIn: true, merged: true });
    const accountCookie = cookieOf(signedIn);
    expect(sessionIdOf(accountCookie)).toBe(first.sessionId);
    expect(signedIn.headers.get("Set-Cookie")).toContain("HttpOnly");

    // Both devices now read the same state: every like once, the newer reaction winning.
    expect(await reactionsOf(env.DB, first.sessionId)).toEqual({ liked: [3, 1], disliked: [2] });
    expect((await listWalls(env.DB, first.sessionId)).map((w) => w.name).sort()).toEqual(["Living room", "Office"]);
    const history = await historyPage(env.DB, first.sessionId);
    expect(history.entries.map((e) => e.kind)).toEqual(["search", "wall_add", "wall_create", "react", "react", "wall_add", "wall_create", "react", "react"]);
    // The laptop's anonymous session is gone; nothing of it is left behind.
    expect(await reactionsOf(env.DB, laptop.sessionId)).toEqual({ liked: [], disliked: [] });
    expect(await env.DB.prepare("SELECT id FROM sessions WHERE id = ?").bind(laptop.sessionId).first()).toBeNull();
    expect(await accountOf(accountCookie)).not.toBeNull();

    // Signing in again from a device already signed in changes nothing and merges nothing.
    const again = await signIn(phone, accountCookie);
    expect(again.body).toEqual({ signedIn: true, merged: false });
    const used = await accountOf(accountCookie);
    expect(used?.passkeys[0]!.lastUsedAt).toBeGreaterThan(0);
    const counter = await env.DB.prepare("SELECT counter FROM passkeys").first<{ counter: number }>();
    expect(counter?.counter).toBe(2);

    // Sign-out forgets the session on this device only.
    const out = await accountForm({ intent: "sign-out" }, accountCookie);
    expect(out.status).toBe(302);
    expect(out.headers.get("Location")).toBe("/account?done=signed-out");
    expect(out.headers.get("Set-Cookie")).toMatch(/^as_session=; .*Max-Age=0/);
    expect(await accountOf(first.cookie)).not.toBeNull();

    // Deleting the account deletes everything tied to it; the passkey no longer signs in.
    expect((await accountForm({ intent: "delete" }, accountCookie)).status).toBe(400); // not confirmed
    const deleted = await accountForm({ intent: "delete", confirm: "yes" }, accountCookie);
    expect(deleted.status).toBe(302);
    expect(deleted.headers.get("Set-Cookie")).toMatch(/Max-Age=0/);
    for (const [table, column] of [
      ["reactions", "session_id"],
      ["walls", "owner_session_id"],
      ["searches", "session_id"],
      ["history_events", "session_id"],
      ["sessions", "id"],
      ["accounts", "session_id"],
    ] as const) {
      const left = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = ?`).bind(first.sessionId).first<{ n: number }>();
      expect(left?.n, table).toBe(0);
    }
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM wall_items WHERE wall_id IN (?, ?)").bind(wall.id, laptopWall.id).first<{ n: number }>()).toEqual({ n: 0 });
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM passkeys").first<{ n: number }>()).toEqual({ n: 0 });
    const stale = await signIn(phone);
    expect(stale.status).toBe(400);
    expect(stale.body).toMatchObject({ error: "unknown_passkey" });
    expect((await accountForm({ intent: "delete", confirm: "yes" })).status).toBe(401);
  });

  it("registers without a session (a new one is made) and adds a second passkey to a signed-in account", async () => {
    const key = new SoftAuthenticator();
    const res = await register(key);
    expect(res.status).toBe(200);
    const cookie = cookieOf(res);
    expect((await accountOf(cookie))?.passkeys).toHaveLength(1);
    const more = await register(new SoftAuthenticator(), cookie);
    expect(more.status).toBe(200);
    expect((await accountOf(cookie))?.passkeys).toHaveLength(2);
    // The first key is excluded from the next registration's options.
    const begun = await auth("register-options", undefined, { cookie });
    expect((begun.body as { options: { excludeCredentials: unknown[] } }).options.excludeCredentials).toHaveLength(2);
  });

  it("refuses replayed or expired challenges, answers from another origin, cross-site requests and bad bodies", async () => {
    const key = new SoftAuthenticator();
    const reg = await register(key);
    expect(reg.status).toBe(200);

    // A challenge is single use.
    const begun = await auth("sign-in-options");
    const { challengeId, options } = begun.body as Options;
    const answer = await key.authenticate(options, SITE);
    expect((await auth("sign-in", { challengeId, response: answer })).status).toBe(200);
    const replay = await auth("sign-in", { challengeId, response: answer });
    expect(replay.status).toBe(400);
    expect(replay.body).toMatchObject({ error: "challenge_expired" });

    // Signed for another site, or a registration answer used to sign in.
    const phished = await signIn(key, undefined, "https://evil.example");
    expect(phished.status).toBe(400);
    expect(phished.body).toMatchObject({ error: "passkey_rejected" });
    const wrongType = await auth("sign-in-options");
    const w = wrongType.body as Options;
    const bad = await auth("sign-in", { challengeId: w.challengeId, response: await key.authenticate(w.options, SITE, { type: "webauthn.create" }) });
    expect(bad.status).toBe(400);

    // Expired: five minutes.
    const late = await auth("sign-in-options");
    await expect(takeChallenge(env.DB, (late.body as Options).challengeId, "authenticate", Date.now() + 6 * 60 * 1000)).rejects.toMatchObject({ status: 400 });

    expect((await auth("sign-in-options", undefined, { origin: "https://evil.example" })).status).toBe(403);
    expect((await auth("sign-in", { challengeId: "x" })).status).toBe(400);
    expect((await auth("nope")).status).toBe(404);
    const notJson = await callRoute(authRoute.action, context, new Request(`${SITE}/auth/sign-in`, { method: "POST", headers: { Origin: SITE, "Content-Type": "text/plain" }, body: "{}" }), { step: "sign-in" });
    expect(notJson.status).toBe(415);
    const get = await callRoute(authRoute.loader, context, new Request(`${SITE}/auth/sign-in`));
    expect(get.status).toBe(405);
  });

  it("does not merge one account into another when switching accounts", async () => {
    const a = new SoftAuthenticator();
    const b = new SoftAuthenticator();
    const regA = await register(a);
    const cookieA = cookieOf(regA);
    await setReaction(env.DB, sessionIdOf(cookieA), 20, 1);
    const regB = await register(b);
    const cookieB = cookieOf(regB);
    const switched = await signIn(b, cookieA);
    expect(switched.body).toEqual({ signedIn: true, merged: false });
    expect(sessionIdOf(cookieOf(switched))).toBe(sessionIdOf(cookieB));
    expect(await reactionsOf(env.DB, sessionIdOf(cookieA))).toEqual({ liked: [20], disliked: [] });
    expect(await reactionsOf(env.DB, sessionIdOf(cookieB))).toEqual({ liked: [], disliked: [] });
  });

  it("the account and history forms refuse bodies that are not forms, and unknown intents", async () => {
    for (const fn of [accountRoute.action, historyRoute.action]) {
      const res = await callRoute(fn, context, new Request(`${SITE}/x`, { method: "POST", headers: { Origin: SITE, "Content-Type": "application/json" }, body: "{}" }));
      expect(res.status).toBe(415);
    }
    expect((await accountForm({ intent: "promote" })).status).toBe(400);
  });
});
