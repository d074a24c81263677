/**
 * The passkey ceremony's JSON endpoints (POST only), called by /account's script:
 *
 *   /auth/register-options   options to create a passkey (new account, or one more for the signed-in visitor)
 *   /auth/register           {challengeId, response}: verify and store it; the visitor's session becomes the account's
 *   /auth/sign-in-options    options to sign in with any passkey of this site
 *   /auth/sign-in            {challengeId, response}: verify; merge this device's session into the account's; set its cookie
 *
 * Same-origin writes only, rate limited like every visitor write; refusals are JSON {error, message}.
 */
import type { ActionFunctionArgs } from "@remix-run/cloudflare";
import { HttpError } from "../../workers/http/errors";
import { readCapped } from "../../workers/lib/read-capped";
import { beginRegistration, beginSignIn, finishRegistration, finishSignIn, passkeyAnswerSchema } from "../server/accounts/passkeys.server";
import { relyingPartyFor } from "../server/accounts/relying-party.server";
import { CACHE_PRIVATE } from "../server/cache";
import { enforceWriteLimit, retryAfterHeaders } from "../server/rate-limit.server";
import { refusalOf } from "../server/reactions.server";
import { assertSameOrigin, currentSessionId, ensureSession, sessionCookieFor } from "../server/session.server";

const MAX_BODY_BYTES = 32 * 1024;
const STEPS = new Set(["register-options", "register", "sign-in-options", "sign-in"]);

export function loader() {
  return Response.json({ error: "method_not_allowed", message: "Use POST." }, { status: 405, headers: { Allow: "POST", "Cache-Control": CACHE_PRIVATE } });
}

async function readJson(request: Request): Promise<unknown> {
  if (!/^\s*application\/json\s*(?:;|$)/i.test(request.headers.get("Content-Type") ?? "")) {
    throw new HttpError(415, "unsupported_media_type", "Send JSON (application/json).");
  }
  const bytes = await readCapped(request.body, request.headers.get("Content-Length"), MAX_BODY_BYTES, () => new HttpError(413, "payload_too_large", `The body is larger than ${MAX_BODY_BYTES} bytes.`));
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new HttpError(400, "invalid_json", "The body is not valid JSON.");
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const env = context.cloudflare.env;
  const headers = new Headers({ "Cache-Control": CACHE_PRIVATE });
  try {
    const step = params.step ?? "";
    if (!STEPS.has(step)) throw new HttpError(404, "not_found", "No such step.");
    if (request.method !== "POST") throw new HttpError(405, "method_not_allowed", "Use POST.");
    assertSameOrigin(request, env.PUBLIC_SITE_URL);
    await enforceWriteLimit(request, env, { waitUntil: (p) => context.cloudflare.ctx.waitUntil(p) });
    const rp = relyingPartyFor(request, env.PUBLIC_SITE_URL);
    switch (step) {
      case "register-options":
        return Response.json(await beginRegistration(env.DB, rp, await currentSessionId(request, env)), { headers });
      case "sign-in-options":
        return Response.json(await beginSignIn(env.DB, rp), { headers });
      case "register": {
        const answer = passkeyAnswerSchema.parse(await readJson(request));
        const session = await ensureSession(request, env);
        if (session.setCookie) headers.append("Set-Cookie", session.setCookie);
        await finishRegistration(env.DB, rp, answer, session.id, request.headers.get("User-Agent"));
        return Response.json({ signedIn: true }, { headers });
      }
      default: {
        const answer = passkeyAnswerSchema.parse(await readJson(request));
        const { account, merged } = await finishSignIn(env.DB, rp, answer, await currentSessionId(request, env));
        headers.append("Set-Cookie", await sessionCookieFor(account.sessionId, request, env));
        return Response.json({ signedIn: true, merged }, { headers });
      }
    }
  } catch (error) {
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    for (const [name, value] of Object.entries(retryAfterHeaders(error))) headers.set(name, value);
    if (refusal.status === 405) headers.set("Allow", "POST");
    return Response.json({ error: refusal.error, message: refusal.message }, { status: refusal.status, headers });
  }
}
