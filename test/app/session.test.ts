import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { HttpError } from "../../workers/http/errors";
import { assertSameOrigin, currentSessionId, ensureSession, signSessionId, verifySessionCookie } from "../../app/server/session.server";

const secret = "test-session-secret-0123456789";
const req = (headers: Record<string, string> = {}, url = "https://art-snob.test/x") => new Request(url, { method: "POST", headers });

describe("signed visitor sessions", () => {
  it("creates a session once, with an HttpOnly signed cookie, and recognises it", async () => {
    const created = await ensureSession(req(), env);
    expect(created.setCookie).toMatch(/^as_session=[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/);
    const cookie = created.setCookie!.split(";")[0]!;
    expect(await currentSessionId(req({ Cookie: cookie }), env)).toBe(created.id);
    const again = await ensureSession(req({ Cookie: cookie }), env);
    expect(again).toEqual({ id: created.id, setCookie: null });
    const row = await env.DB.prepare("SELECT id FROM sessions WHERE id = ?").bind(created.id).first();
    expect(row).toBeTruthy();
  });

  it("refuses forged, tampered and malformed cookies", async () => {
    const id = "AAAAAAAAAAAAAAAAAAAAAA";
    const good = await signSessionId(id, secret);
    expect(await verifySessionCookie(good, secret)).toBe(id);
    expect(await verifySessionCookie(good, "another-secret-0123456789")).toBeNull();
    expect(await verifySessionCookie(`BAAAAAAAAAAAAAAAAAAAAA.${good.split(".")[1]}`, secret)).toBeNull();
    for (const bad of ["", ".", "abc", `${id}.`, `${id}.!!!`, `${id}.${"A".repeat(43)}`, "x".repeat(5000)]) {
      expect(await verifySessionCookie(bad, secret)).toBeNull();
    }
    expect(await currentSessionId(req({ Cookie: "as_session=%E0%A4%A" }), env)).toBeNull();
  });

  it("accepts same-origin writes and refuses cross-site ones", () => {
    expect(() => assertSameOrigin(req({ Origin: "https://art-snob.test" }))).not.toThrow();
    expect(() => assertSameOrigin(req({}))).not.toThrow();
    expect(() => assertSameOrigin(req({ "Sec-Fetch-Site": "same-origin" }))).not.toThrow();
    expect(() => assertSameOrigin(req({ Origin: "http://127.0.0.1:8788" }, "http://127.0.0.1:8788/x"))).not.toThrow();
    const refused: Record<string, string>[] = [{ Origin: "https://evil.example" }, { Origin: "null" }, { "Sec-Fetch-Site": "cross-site" }];
    for (const headers of refused) {
      try {
        assertSameOrigin(req(headers));
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(HttpError);
        expect((error as HttpError).status).toBe(403);
      }
    }
  });

  it("says sessions are unavailable when no secret is configured", async () => {
    await expect(ensureSession(req(), { DB: env.DB })).rejects.toMatchObject({ status: 503, code: "sessions_unavailable" });
  });
});
