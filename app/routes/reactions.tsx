/**
 * POST /reactions: the Like / Dislike buttons' form action. Without
 * JavaScript it redirects back to the page the form was on (redirectTo);
 * when a fetcher sends it (js=1) it answers {artworkId, value} instead.
 * Fields: artworkId, value (1 | -1 | 0), redirectTo, js.
 */
import { type ActionFunctionArgs, data, redirect } from "@remix-run/cloudflare";
import { CACHE_PRIVATE } from "../server/cache";
import { idTextSchema, reactionValueTextSchema, refusalOf, safeRedirectPath, setReaction } from "../server/reactions.server";
import { assertSameOrigin, ensureSession } from "../server/session.server";
import { readForm } from "../server/forms.server";
import { enforceWriteLimit, retryAfterHeaders } from "../server/rate-limit.server";

export async function loader() {
  return redirect("/likes");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const env = context.cloudflare.env;
  // Fuzz fix (issue 6): a body that is not a form is a 400/415 refusal, not a 500.
  let js = false;
  try {
    const form = await readForm(request);
    js = form.get("js") === "1";
    const redirectTo = safeRedirectPath(form.get("redirectTo"), "/likes");
    assertSameOrigin(request, env.PUBLIC_SITE_URL);
    const artworkId = idTextSchema.parse(form.get("artworkId") ?? "");
    const value = reactionValueTextSchema.parse(form.get("value") ?? "");
    // Rate limit (issue 6): writes per session, new sessions per client.
    await enforceWriteLimit(request, env, { waitUntil: (p) => context.cloudflare.ctx.waitUntil(p) });
    const session = await ensureSession(request, env);
    const result = await setReaction(env.DB, session.id, artworkId, value);
    const headers = new Headers({ "Cache-Control": CACHE_PRIVATE });
    if (session.setCookie) headers.append("Set-Cookie", session.setCookie);
    return js ? data(result, { headers }) : redirect(redirectTo, { headers });
  } catch (error) {
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    const headers = { "Cache-Control": CACHE_PRIVATE, ...retryAfterHeaders(error) };
    if (js) return data({ error: refusal.error, message: refusal.message }, { status: refusal.status, headers });
    return new Response(`${refusal.message}\n`, { status: refusal.status, headers: { "Content-Type": "text/plain; charset=utf-8", ...headers } });
  }
}
