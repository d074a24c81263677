/**
 * /account: sign in across devices with a passkey (no password, no email).
 * Signed out: "Create a passkey" keeps this browser's likes, walls and history
 * in a new account; "Sign in with a passkey" brings an account's state here
 * (merging this browser's). Signed in: the account's passkeys, add one, sign
 * out, delete the account and everything tied to it. The passkey buttons need
 * JavaScript (WebAuthn); sign-out and deletion are plain forms.
 */
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { browserSupportsWebAuthn, startAuthentication, startRegistration } from "@simplewebauthn/browser";
import { useEffect, useState } from "react";
import { HttpError } from "../../workers/http/errors";
import { type AccountView, accountOfSession, accountView, deleteAccount } from "../server/accounts/passkeys.server";
import { CACHE_PRIVATE, cacheHeaders } from "../server/cache";
import { readForm } from "../server/forms.server";
import { enforceWriteLimit, retryAfterHeaders } from "../server/rate-limit.server";
import { refusalOf } from "../server/reactions.server";
import { assertSameOrigin, clearedSessionCookie, currentSessionId } from "../server/session.server";
import { loaderHeaders } from "../utils/headers";

export const headers = loaderHeaders;

export const meta: MetaFunction = () => [{ title: "Your account — Art Snob" }, { name: "robots", content: "noindex" }];

type Data = AccountView & { notice: "signed-out" | "deleted" | null };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const env = context.cloudflare.env;
  const view = await accountView(env.DB, await currentSessionId(request, env));
  const done = new URL(request.url).searchParams.get("done");
  const notice = done === "signed-out" || done === "deleted" ? done : null;
  return Response.json({ ...view, notice } satisfies Data, { headers: cacheHeaders(true) });
}

/** Form intents: sign-out (forget the session on this device), delete (needs confirm=yes). */
export async function action({ request, context }: ActionFunctionArgs) {
  const env = context.cloudflare.env;
  try {
    const form = await readForm(request);
    assertSameOrigin(request, env.PUBLIC_SITE_URL);
    const intent = form.get("intent");
    if (intent !== "sign-out" && intent !== "delete") throw new HttpError(400, "invalid_intent", "Unknown action.");
    await enforceWriteLimit(request, env, { waitUntil: (p) => context.cloudflare.ctx.waitUntil(p) });
    const headers = new Headers({ "Cache-Control": CACHE_PRIVATE, "Set-Cookie": clearedSessionCookie(request) });
    if (intent === "sign-out") return redirect("/account?done=signed-out", { headers });
    if (form.get("confirm") !== "yes") throw new HttpError(400, "confirm_needed", "Tick the box to confirm that the account and everything in it should be deleted.");
    const account = await accountOfSession(env.DB, await currentSessionId(request, env));
    if (!account) throw new HttpError(401, "not_signed_in", "You are not signed in.");
    await deleteAccount(env.DB, account);
    return redirect("/account?done=deleted", { headers });
  } catch (error) {
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    return new Response(`${refusal.message}\n`, {
      status: refusal.status,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": CACHE_PRIVATE, ...retryAfterHeaders(error) },
    });
  }
}

async function postJson(path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(path, {
    method: "POST",
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new Error(typeof json.message === "string" ? json.message : `The site answered ${res.status}.`);
  return json;
}

type Ceremony = "register" | "sign-in";

async function runCeremony(kind: Ceremony): Promise<void> {
  if (kind === "register") {
    const { challengeId, options } = await postJson("/auth/register-options");
    const response = await startRegistration({ optionsJSON: options as Parameters<typeof startRegistration>[0]["optionsJSON"] });
    await postJson("/auth/register", { challengeId, response });
  } else {
    const { challengeId, options } = await postJson("/auth/sign-in-options");
    const response = await startAuthentication({ optionsJSON: options as Parameters<typeof startAuthentication>[0]["optionsJSON"] });
    await postJson("/auth/sign-in", { challengeId, response });
  }
}

function usePasskeys() {
  const revalidator = useRevalidator();
  const [supported, setSupported] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ text: string; problem: boolean } | null>(null);
  useEffect(() => setSupported(browserSupportsWebAuthn()), []);
  async function run(kind: Ceremony, done: string) {
    setBusy(true);
    setStatus({ text: kind === "register" ? "Follow your device's prompt to create the passkey…" : "Follow your device's prompt to sign in…", problem: false });
    try {
      await runCeremony(kind);
      setStatus({ text: done, problem: false });
      revalidator.revalidate();
    } catch (error) {
      const name = error instanceof Error ? error.name : "";
      const text = name === "NotAllowedError" ? "The passkey prompt was closed or timed out; nothing changed." : error instanceof Error ? error.message : "That did not work.";
      setStatus({ text, problem: true });
    } finally {
      setBusy(false);
    }
  }
  return { supported, busy, status, run };
}

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

export default function AccountPage() {
  const { account, notice } = useLoaderData<Data>();
  const { supported, busy, status, run } = usePasskeys();
  const disabled = busy || supported !== true;
  return (
    <>
      <h1>{account ? "Your account" : "Sign in"}</h1>
      {notice === "signed-out" ? <p className="notice" role="status">You are signed out on this device. Your account keeps your likes, walls and history.</p> : null}
      {notice === "deleted" ? <p className="notice" role="status">Your account, its passkeys, likes, walls and history are deleted.</p> : null}
      <p className="account-status notice" role="status" aria-live="polite" hidden={!status} data-problem={status?.problem ? "true" : undefined}>
        {status?.text}
      </p>
      {supported === false ? <p className="notice notice-problem">This browser cannot use passkeys, so signing in is not possible here. Everything else works without an account.</p> : null}
      {account ? (
        <>
          <p data-signed-in>
            You are signed in with a passkey. Your <Link to="/likes">likes</Link>, <Link to="/walls">walls</Link> and <Link to="/history">history</Link> are the same on every
            device where you sign in.
          </p>
          <section aria-labelledby="passkeys-heading">
            <h2 id="passkeys-heading">Passkeys</h2>
            <ul className="passkeys" data-passkeys>
              {account.passkeys.map((p) => (
                <li key={p.id}>
                  {p.name}
                  <span className="muted">{p.lastUsedAt ? ` · last used ${dateFormat.format(p.lastUsedAt)}` : " · not used to sign in yet"}</span>
                </li>
              ))}
            </ul>
            <button type="button" className="secondary" disabled={disabled} onClick={() => run("register", "The passkey is added.")}>
              Add a passkey on this device
            </button>
          </section>
          <section aria-labelledby="sign-out-heading">
            <h2 id="sign-out-heading">Sign out</h2>
            <p className="muted">Signs out this device only. Your account keeps everything.</p>
            <Form method="post">
              <input type="hidden" name="intent" value="sign-out" />
              <button type="submit">Sign out</button>
            </Form>
          </section>
          <section aria-labelledby="delete-heading">
            <h2 id="delete-heading">Delete your account</h2>
            <p className="muted">Deletes the account, its passkeys, and its likes, dislikes, walls (and their share links), searches and history. This cannot be undone.</p>
            <Form method="post">
              <input type="hidden" name="intent" value="delete" />
              <p>
                <label>
                  <input type="checkbox" name="confirm" value="yes" required /> Yes, delete my account and everything in it
                </label>
              </p>
              <button type="submit">
                Delete account
              </button>
            </Form>
          </section>
        </>
      ) : (
        <>
          <p>
            You do not need an account: your likes, walls and history live in this browser. Sign in with a passkey to keep them and to see them on your other devices. A passkey
            is your device's screen lock or security key: no password, no email address.
          </p>
          <div className="account-actions">
            <button type="button" disabled={disabled} onClick={() => run("register", "Your account is created; this browser's likes, walls and history are in it.")}>
              Create a passkey
            </button>{" "}
            <button type="button" className="secondary" disabled={disabled} onClick={() => run("sign-in", "You are signed in; this browser's likes, walls and history are merged into your account.")}>
              Sign in with a passkey
            </button>
          </div>
          <noscript>
            <p className="notice">Passkeys need JavaScript.</p>
          </noscript>
        </>
      )}
    </>
  );
}
