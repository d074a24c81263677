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

export async function loader() {
  return redirect("/likes");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const env = context.cloudflare.env;
  const form = await request.formData();
  const js = form.get("js") === "1";
  const redirectTo = safeRedirectPath(form.get("redirectTo"), "/likes");
  try {
    assertSameOrigin(request, env.PUBLIC_SITE_URL);
    const artworkId = idTextSchema.parse(form.get("artworkId") ?? "");
    const value = reactionValueTextSchema.parse(form.get("value") ?? "");
    const session = await ensureSession(request, env);
    const result = await setReaction(env.DB, session.id, artworkId, value);
    const headers = new Headers({ "Cache-Control": CACHE_PRIVATE });
    if (session.setCookie) headers.append("Set-Cookie", session.setCookie);
    return js ? data(result, { headers }) : redirect(redirectTo, { headers });
  } catch (error) {
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    if (js) return data({ error: refusal.error, message: refusal.message }, { status: refusal.status, headers: { "Cache-Control": CACHE_PRIVATE } });
    return new Response(`${refusal.message}\n`, { status: refusal.status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": CACHE_PRIVATE } });
  }
}
