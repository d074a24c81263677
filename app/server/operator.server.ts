/**
 * The operator page's sign-in and its figures. The page is guarded by the
 * deployment's ADMIN_TOKEN (the Worker's secret): the operator types it once,
 * and a cookie then holds an HMAC of a fixed string keyed with the token —
 * never the token itself — so changing the token signs every browser out.
 * The figures are read straight from D1: sources, recent crawl runs, dead
 * letters by kind and per-model index coverage (the same numbers as the
 * Worker's /admin/pipeline/coverage).
 */
import { constantTimeEqual } from "../../workers/admin/auth";
import type { CrawlRunView } from "../../workers/admin/crawl-run-view";
import { checkVectorIndex, type VectorIndexCheckEnv } from "../../workers/vectorize";
import type { KindCount } from "../utils/operator";

export const OPERATOR_COOKIE = "as_operator";
const OPERATOR_PATH = "/operator";
const SIGNED_IN_FOR_S = 12 * 3600;
/** What the cookie's HMAC signs; bump the version to sign everyone out. */
const COOKIE_MESSAGE = "art-snob operator session v1";

const encoder = new TextEncoder();

function toBase64Url(bytes: ArrayBuffer): string {
  let binary = "";
  for (const b of new Uint8Array(bytes)) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The cookie value for a deployment whose admin token is `token`. */
export async function operatorCookieValue(token: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(token), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return toBase64Url(await crypto.subtle.sign("HMAC", key, encoder.encode(COOKIE_MESSAGE)));
}

/** Whether a typed token is the admin token; takes the same time whatever the guess. */
export async function isAdminToken(given: string, expected: string | undefined): Promise<boolean> {
  if (!expected || !given) return false;
  return constantTimeEqual(given, expected);
}

/** Whether the cookie value proves the visitor signed in with the current token (constant time). */
export async function isOperatorCookie(value: string | null, token: string | undefined): Promise<boolean> {
  if (!value || !token) return false;
  return constantTimeEqual(value, await operatorCookieValue(token));
}

function secureFlag(requestUrl: string): string {
  return new URL(requestUrl).protocol === "https:" ? "; Secure" : "";
}

export async function signInCookie(token: string, requestUrl: string): Promise<string> {
  return `${OPERATOR_COOKIE}=${await operatorCookieValue(token)}; Path=${OPERATOR_PATH}; HttpOnly; SameSite=Strict; Max-Age=${SIGNED_IN_FOR_S}${secureFlag(requestUrl)}`;
}

export function signOutCookie(requestUrl: string): string {
  return `${OPERATOR_COOKIE}=; Path=${OPERATOR_PATH}; HttpOnly; SameSite=Strict; Max-Age=0${secureFlag(requestUrl)}`;
}

// ---------------------------------------------------------------- figures

export interface SourceRow {
  id: number;
  slug: string;
  name: string;
  baseUrl: string;
  enabled: boolean;
  lastRunStartedAt: number | null;
}

/** A recent crawl run as the operator page lists it: the admin API's view, named by its source. */
export interface RunRow
  extends Pick<
    CrawlRunView,
    | "id" | "trigger" | "phase" | "startedAt" | "finishedAt" | "durationMs" | "pagesQueued" | "pagesFetched" | "pagesNotModified"
    | "pagesFailed" | "pagesSkipped" | "artworksNew" | "artworksUpdated" | "artworksUnavailable" | "imagesStored" | "errorsByKind"
  > {
  source: string;
  status: string;
}

export interface CoverageFigure {
  count: number;
  /** Share of available works, 0–100, one decimal; 0 when there are none. */
  percent: number;
}

export interface ModelCoverage {
  model: string;
  dimensions: number;
  available: number;
  vectors: CoverageFigure;
  neighbours: CoverageFigure;
  mapPoints: CoverageFigure;
  palettes: CoverageFigure;
  thumbnails: CoverageFigure;
  clusters: number;
  queryVectors: number;
  /** The model's vector index against the model (the same check the vector push refuses on). */
  index?: { ok: boolean; line: string };
}

export interface OperatorOverview {
  available: number;
  sources: SourceRow[];
  runs: RunRow[];
  deadLetters: { total: number; byKind: KindCount[] };
  coverage: ModelCoverage[];
}

export function percentOf(count: number, total: number): number {
  if (total <= 0) return 0;
  return Math.round((count / total) * 1000) / 10;
}

function figure(count: number, total: number): CoverageFigure {
  return { count, percent: percentOf(count, total) };
}

function parseErrors(text: string | null): Record<string, number> {
  if (!text) return {};
  try {
    const value = JSON.parse(text) as unknown;
    if (!value || typeof value !== "object" || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter((e): e is [string, number] => typeof e[1] === "number"));
  } catch {
    return {};
  }
}

interface RawRun extends Omit<RunRow, "errorsByKind" | "durationMs"> {
  errorsByKind: string | null;
}

interface RawCoverage {
  model: string;
  dimensions: number;
  vectors: number;
  neighbours: number;
  mapPoints: number;
  clusters: number;
  queryVectors: number;
}

export async function operatorOverview(db: D1Database, now = Date.now(), runLimit = 20): Promise<OperatorOverview> {
  const [sourceRows, runRows, deadRows, totals, coverageRows] = await db.batch([
    db.prepare(
      `SELECT id, slug, name, base_url AS baseUrl, enabled, last_run_started_at AS lastRunStartedAt
       FROM sources ORDER BY name, id`,
    ),
    db
      .prepare(
        `SELECT r.id, s.name AS source, r.trigger, r.status, r.phase, r.started_at AS startedAt, r.finished_at AS finishedAt,
           r.pages_queued AS pagesQueued, r.pages_fetched AS pagesFetched, r.pages_not_modified AS pagesNotModified,
           r.pages_failed AS pagesFailed, r.pages_skipped AS pagesSkipped, r.artworks_new AS artworksNew,
           r.artworks_updated AS artworksUpdated, r.artworks_unavailable AS artworksUnavailable, r.images_stored AS imagesStored,
           r.errors_by_kind AS errorsByKind
         FROM crawl_runs r JOIN sources s ON s.id = r.source_id
         ORDER BY r.started_at DESC, r.id DESC LIMIT ?`,
      )
      .bind(runLimit),
    db.prepare("SELECT error_kind AS kind, COUNT(*) AS count FROM dead_letters GROUP BY error_kind ORDER BY count DESC, kind"),
    db.prepare(
      `SELECT
         (SELECT COUNT(*) FROM artworks WHERE available = 1) AS available,
         (SELECT COUNT(*) FROM artworks WHERE available = 1 AND palette IS NOT NULL) AS palettes,
         (SELECT COUNT(*) FROM artworks a JOIN images i ON i.hash = a.image_hash WHERE a.available = 1 AND i.thumbnail_key IS NOT NULL) AS thumbnails`,
    ),
    db.prepare(
      `SELECT m.id AS model, m.dimensions,
         (SELECT COUNT(*) FROM embeddings e JOIN artworks a ON a.id = e.artwork_id WHERE a.available = 1 AND e.model_id = m.id AND e.status = 'pushed') AS vectors,
         (SELECT COUNT(DISTINCT n.artwork_id) FROM neighbours n JOIN artworks a ON a.id = n.artwork_id WHERE a.available = 1 AND n.model_id = m.id) AS neighbours,
         (SELECT COUNT(*) FROM map_points p JOIN artworks a ON a.id = p.artwork_id WHERE a.available = 1 AND p.model_id = m.id) AS mapPoints,
         (SELECT COUNT(*) FROM clusters c WHERE c.model_id = m.id) AS clusters,
         (SELECT COUNT(*) FROM query_vectors q WHERE q.model_id = m.id) AS queryVectors
       FROM models m ORDER BY m.created_at DESC, m.id`,
    ),
  ]);
  const total = (totals!.results[0] ?? { available: 0, palettes: 0, thumbnails: 0 }) as { available: number; palettes: number; thumbnails: number };
  const byKind = deadRows!.results as unknown as KindCount[];
  return {
    available: total.available,
    sources: (sourceRows!.results as unknown as (Omit<SourceRow, "enabled"> & { enabled: number })[]).map((s) => ({ ...s, enabled: s.enabled === 1 })),
    runs: (runRows!.results as unknown as RawRun[]).map((r) => ({
      ...r,
      errorsByKind: parseErrors(r.errorsByKind),
      durationMs: Math.max(0, (r.finishedAt ?? now) - r.startedAt),
    })),
    deadLetters: { total: byKind.reduce((sum, k) => sum + k.count, 0), byKind },
    coverage: (coverageRows!.results as unknown as RawCoverage[]).map((c) => ({
      model: c.model,
      dimensions: c.dimensions,
      available: total.available,
      vectors: figure(c.vectors, total.available),
      neighbours: figure(c.neighbours, total.available),
      mapPoints: figure(c.mapPoints, total.available),
      palettes: figure(total.palettes, total.available),
      thumbnails: figure(total.thumbnails, total.available),
      clusters: c.clusters,
      queryVectors: c.queryVectors,
    })),
  };
}

/** Adds each model's vector index check (dimensions, metric, metadata indexes) to its coverage. */
export async function withIndexChecks(env: VectorIndexCheckEnv, overview: OperatorOverview): Promise<OperatorOverview> {
  const coverage = await Promise.all(
    overview.coverage.map(async (c) => {
      const { ok, line } = await checkVectorIndex(env, { id: c.model, dimensions: c.dimensions });
      return { ...c, index: { ok, line } };
    }),
  );
  return { ...overview, coverage };
}
