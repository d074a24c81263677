/**
 * The /operator route's loader and action, called as Remix calls them (the
 * page itself is driven in the browser tests).
 */
import { env } from "cloudflare:test";
import type { AppLoadContext } from "@remix-run/cloudflare";
import { beforeAll, describe, expect, it } from "vitest";
import { action, loader } from "../../app/routes/operator";
import type { AppEnv } from "../../app/env";
import { seedCatalogue } from "./fixtures";

beforeAll(seedCatalogue);

const URL_ = "https://art-snob.test/operator";
const context = (overrides: Partial<AppEnv> = {}) =>
  ({ cloudflare: { env: { ...env, ...overrides }, ctx: { waitUntil: () => undefined } } }) as unknown as AppLoadContext;

/** Remix's data() values: { type: "DataWithResponseInit", data, init }. */
interface DataResult {
  data: { state: string; error?: string | null; overview?: { runs: unknown[]; coverage: unknown[] } };
  init: { status?: number; headers?: Record<string, string> } | null;
}

function signInRequest(token: string, headers: Record<string, string> = { Origin: "https://art-snob.test" }): Request {
  return new Request(URL_, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers }, body: new URLSearchParams({ intent: "sign-in", token }) });
}

async function signedInCookie(): Promise<string> {
  const res = (await action({ request: signInRequest("test-admin-token"), context: context(), params: {} })) as Response;
  return res.headers.get("Set-Cookie")!.split(";")[0]!;
}

describe("/operator", () => {
  it("shows the sign-in form, privately, without the cookie", async () => {
    const result = (await loader({ request: new Request(URL_), context: context(), params: {} })) as unknown as DataResult;
    expect(result.data).toEqual({ state: "sign-in", error: null });
    expect(result.init?.headers?.["Cache-Control"]).toBe("private, no-store");
  });

  it("signs in with the token: redirect with an HttpOnly SameSite=Strict cookie that is not the token", async () => {
    const res = (await action({ request: signInRequest("test-admin-token"), context: context(), params: {} })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/operator");
    const setCookie = res.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/^as_operator=[A-Za-z0-9_-]{43}; Path=\/operator; HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/);
    expect(setCookie).not.toContain("test-admin-token");
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
  });

  it("shows the figures with the cookie", async () => {
    const cookie = await signedInCookie();
    const result = (await loader({ request: new Request(URL_, { headers: { Cookie: cookie } }), context: context(), params: {} })) as unknown as DataResult;
    expect(result.data.state).toBe("signed-in");
    expect(result.data.overview?.coverage.length).toBeGreaterThan(0);
    expect(result.init?.headers?.["Cache-Control"]).toBe("private, no-store");
    // A cookie made with another token (or after the token changed) is not enough.
    const stale = (await loader({ request: new Request(URL_, { headers: { Cookie: cookie } }), context: context({ ADMIN_TOKEN: "rotated-token" }), params: {} })) as unknown as DataResult;
    expect(stale.data.state).toBe("sign-in");
  });

  it("answers 401 and the form again for a wrong token", async () => {
    const result = (await action({ request: signInRequest("wrong"), context: context(), params: {} })) as unknown as DataResult;
    expect(result.init?.status).toBe(401);
    expect(result.data).toEqual({ state: "sign-in", error: "That admin token is not valid." });
  });

  it("refuses a sign-in posted from another site", async () => {
    const result = (await action({ request: signInRequest("test-admin-token", { Origin: "https://evil.example" }), context: context(), params: {} })) as unknown as DataResult;
    expect(result.init?.status).toBe(403);
    expect(result.data.state).toBe("sign-in");
  });

  it("signs out by clearing the cookie", async () => {
    const request = new Request(URL_, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://art-snob.test" }, body: new URLSearchParams({ intent: "sign-out" }) });
    const res = (await action({ request, context: context(), params: {} })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Set-Cookie")).toMatch(/^as_operator=; Path=\/operator; HttpOnly; SameSite=Strict; Max-Age=0/);
  });

  it("is a 503 'disabled' page when no admin token is configured", async () => {
    const result = (await loader({ request: new Request(URL_), context: context({ ADMIN_TOKEN: undefined }), params: {} })) as unknown as DataResult;
    expect(result.init?.status).toBe(503);
    expect(result.data).toEqual({ state: "disabled" });
    const posted = (await action({ request: signInRequest("anything"), context: context({ ADMIN_TOKEN: "" }), params: {} })) as unknown as DataResult;
    expect(posted.init?.status).toBe(503);
  });
});
