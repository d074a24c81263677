/**
 * /operator: crawl and index health for whoever runs the deployment, behind
 * the admin token. Signing in sets an HttpOnly, SameSite=Strict cookie scoped
 * to /operator that holds an HMAC keyed with the token (never the token).
 * Every answer here is private and never stored.
 */
import { type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/cloudflare";
import { useActionData, useLoaderData } from "@remix-run/react";
import { HttpError } from "../../workers/http/errors";
import { CACHE_PRIVATE } from "../server/cache";
import {
  type ModelCoverage,
  OPERATOR_COOKIE,
  type OperatorOverview,
  isAdminToken,
  isOperatorCookie,
  operatorOverview,
  withIndexChecks,
  signInCookie,
  signOutCookie,
} from "../server/operator.server";
import { assertSameOrigin, readCookie } from "../server/session.server";
import { readForm } from "../server/forms.server";
import { documentTitle } from "../utils/meta";
import { errorKinds, formatDuration } from "../utils/operator";

const PRIVATE_HEADERS = { "Cache-Control": CACHE_PRIVATE, "X-Robots-Tag": "noindex, nofollow" };

type OperatorData =
  | { state: "disabled" }
  | { state: "sign-in"; error: string | null }
  | { state: "signed-in"; overview: OperatorOverview };

export const meta: MetaFunction = () => [{ title: documentTitle("Operator") }, { name: "robots", content: "noindex, nofollow" }];

export const headers: HeadersFunction = () => PRIVATE_HEADERS;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const env = context.cloudflare.env;
  if (!env.ADMIN_TOKEN) return data<OperatorData>({ state: "disabled" }, { status: 503, headers: PRIVATE_HEADERS });
  if (!(await isOperatorCookie(readCookie(request, OPERATOR_COOKIE), env.ADMIN_TOKEN))) {
    return data<OperatorData>({ state: "sign-in", error: null }, { headers: PRIVATE_HEADERS });
  }
  return data<OperatorData>({ state: "signed-in", overview: await withIndexChecks(env, await operatorOverview(env.DB)) }, { headers: PRIVATE_HEADERS });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const env = context.cloudflare.env;
  if (!env.ADMIN_TOKEN) return data<OperatorData>({ state: "disabled" }, { status: 503, headers: PRIVATE_HEADERS });
  try {
    assertSameOrigin(request, env.PUBLIC_SITE_URL);
  } catch (error) {
    if (error instanceof HttpError) return data<OperatorData>({ state: "sign-in", error: error.message }, { status: 403, headers: PRIVATE_HEADERS });
    throw error;
  }
  // Fuzz fix (issue 6): a body that is not a form is a 400/415 answer, not a 500.
  let form: FormData;
  try {
    form = await readForm(request, 16 * 1024);
  } catch (error) {
    if (error instanceof HttpError) return data<OperatorData>({ state: "sign-in", error: error.message }, { status: error.status, headers: PRIVATE_HEADERS });
    throw error;
  }
  if (form.get("intent") === "sign-out") {
    return redirect("/operator", { headers: { ...PRIVATE_HEADERS, "Set-Cookie": signOutCookie(request.url) } });
  }
  const token = form.get("token");
  if (typeof token === "string" && token.length <= 1024 && (await isAdminToken(token, env.ADMIN_TOKEN))) {
    return redirect("/operator", { headers: { ...PRIVATE_HEADERS, "Set-Cookie": await signInCookie(env.ADMIN_TOKEN, request.url) } });
  }
  return data<OperatorData>({ state: "sign-in", error: "That admin token is not valid." }, { status: 401, headers: PRIVATE_HEADERS });
}

export default function Operator() {
  // Single fetch hands loaders' data() values over unwrapped.
  const loaded = useLoaderData() as unknown as OperatorData;
  const acted = useActionData() as unknown as OperatorData | undefined;
  const view = acted && acted.state !== "signed-in" ? acted : loaded;
  return (
    <div className="operator">
      <h1>Operator</h1>
      {view.state === "disabled" ? (
        <p className="notice" role="status">
          The operator page is disabled: this deployment has no admin token (set the <code>ADMIN_TOKEN</code> secret to turn it on).
        </p>
      ) : view.state === "sign-in" ? (
        <SignIn error={view.error} />
      ) : (
        <Overview overview={view.overview} />
      )}
    </div>
  );
}

function SignIn({ error }: { error: string | null }) {
  return (
    <form method="post" className="operator-sign-in" aria-labelledby="operator-sign-in-heading">
      <h2 id="operator-sign-in-heading">Sign in</h2>
      <p>This page shows crawl and index health. Sign in with the deployment's admin token.</p>
      <input type="hidden" name="intent" value="sign-in" />
      <label htmlFor="admin-token">Admin token</label>
      <input
        id="admin-token"
        name="token"
        type="password"
        autoComplete="current-password"
        required
        maxLength={1024}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "admin-token-error" : undefined}
      />
      {error ? (
        <p id="admin-token-error" className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit">Sign in</button>
    </form>
  );
}

/** Timestamps in UTC, the same on the server and in the browser. */
function when(ms: number | null): string {
  if (ms === null) return "never";
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

const number = (n: number) => n.toLocaleString("en");

function Overview({ overview }: { overview: OperatorOverview }) {
  return (
    <>
      <form method="post" className="operator-sign-out">
        <input type="hidden" name="intent" value="sign-out" />
        <button type="submit" className="secondary">
          Sign out
        </button>
      </form>
      <p className="lede">{number(overview.available)} available works.</p>

      <section aria-labelledby="op-sources">
        <h2 id="op-sources">Sources</h2>
        {overview.sources.length === 0 ? (
          <p className="empty">No sources configured yet.</p>
        ) : (
          <div className="table-scroll" role="region" aria-labelledby="op-sources" tabIndex={0}>
            <table className="operator-table" data-table="sources">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Base URL</th>
                  <th scope="col">Enabled</th>
                  <th scope="col">Last run started</th>
                </tr>
              </thead>
              <tbody>
                {overview.sources.map((s) => (
                  <tr key={s.id} data-source={s.slug}>
                    <th scope="row">{s.name}</th>
                    <td>{s.baseUrl}</td>
                    <td>{s.enabled ? "yes" : "no"}</td>
                    <td>{when(s.lastRunStartedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="op-runs">
        <h2 id="op-runs">Recent crawl runs</h2>
        {overview.runs.length === 0 ? (
          <p className="empty">No crawl has run yet.</p>
        ) : (
          <div className="table-scroll" role="region" aria-labelledby="op-runs" tabIndex={0}>
            <table className="operator-table" data-table="runs">
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col">Source</th>
                  <th scope="col">Status</th>
                  <th scope="col">Phase</th>
                  <th scope="col">Started</th>
                  <th scope="col">Duration</th>
                  <th scope="col">Pages queued</th>
                  <th scope="col">Fetched</th>
                  <th scope="col">Not modified</th>
                  <th scope="col">Failed</th>
                  <th scope="col">Skipped</th>
                  <th scope="col">New works</th>
                  <th scope="col">Updated</th>
                  <th scope="col">Unavailable</th>
                  <th scope="col">Images stored</th>
                  <th scope="col">Errors by kind</th>
                </tr>
              </thead>
              <tbody>
                {overview.runs.map((r) => {
                  const errors = errorKinds(r.errorsByKind);
                  return (
                    <tr key={r.id} data-run-id={r.id} data-status={r.status}>
                      <th scope="row">#{r.id}</th>
                      <td>{r.source}</td>
                      <td>{r.status}</td>
                      <td>{r.phase}</td>
                      <td>{when(r.startedAt)}</td>
                      <td>
                        {formatDuration(r.durationMs)}
                        {r.finishedAt === null ? " so far" : ""}
                      </td>
                      <td className="num">{number(r.pagesQueued)}</td>
                      <td className="num">{number(r.pagesFetched)}</td>
                      <td className="num">{number(r.pagesNotModified)}</td>
                      <td className="num">{number(r.pagesFailed)}</td>
                      <td className="num">{number(r.pagesSkipped)}</td>
                      <td className="num">{number(r.artworksNew)}</td>
                      <td className="num">{number(r.artworksUpdated)}</td>
                      <td className="num">{number(r.artworksUnavailable)}</td>
                      <td className="num">{number(r.imagesStored)}</td>
                      <td>{errors.length === 0 ? "none" : errors.map((e) => `${e.kind}: ${number(e.count)}`).join(", ")}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="op-dead">
        <h2 id="op-dead">Dead letters</h2>
        {overview.deadLetters.total === 0 ? (
          <p>No dead letters.</p>
        ) : (
          <>
            <p>{number(overview.deadLetters.total)} messages failed their last retry.</p>
            <ul className="operator-kinds" data-list="dead-letters">
              {overview.deadLetters.byKind.map((k) => (
                <li key={k.kind} data-kind={k.kind}>
                  <code>{k.kind}</code>: {number(k.count)}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="op-coverage">
        <h2 id="op-coverage">Index coverage</h2>
        {overview.coverage.length === 0 ? (
          <p className="empty">No embedding model has been registered yet: run the offline pipeline.</p>
        ) : (
          overview.coverage.map((c) => <CoverageTable key={c.model} coverage={c} />)
        )}
      </section>
    </>
  );
}

function CoverageTable({ coverage: c }: { coverage: ModelCoverage }) {
  const rows: [string, ModelCoverage["vectors"]][] = [
    ["Vectors", c.vectors],
    ["Neighbours", c.neighbours],
    ["Map coordinates", c.mapPoints],
    ["Palettes", c.palettes],
    ["Thumbnails", c.thumbnails],
  ];
  const headingId = `op-model-${c.model.replace(/[^a-z0-9-]/gi, "-")}`;
  return (
    <div className="operator-model" data-model={c.model}>
      <h3 id={headingId}>
        {c.model} <span className="muted">({c.dimensions} dimensions)</span>
      </h3>
      <table className="operator-table" aria-labelledby={headingId}>
        <thead>
          <tr>
            <th scope="col">Of {number(c.available)} available works</th>
            <th scope="col">Works</th>
            <th scope="col">Share</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, f]) => (
            <tr key={label} data-coverage={label.toLowerCase().replace(/ /g, "-")}>
              <th scope="row">{label}</th>
              <td className="num">{number(f.count)}</td>
              <td className="num">
                {f.percent}%{" "}
                <span className="coverage-bar" aria-hidden="true">
                  <span style={{ width: `${Math.min(100, f.percent)}%` }} />
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        {number(c.clusters)} clusters, {number(c.queryVectors)} pre-encoded query texts.
      </p>
      {c.index ? (
        <p data-index-check={c.index.ok ? "ok" : "mismatch"} className={c.index.ok ? "muted" : "error"} role={c.index.ok ? undefined : "alert"}>
          {c.index.line}
        </p>
      ) : null}
    </div>
  );
}
