/**
 * Does a model's vector index match the model? Dimensions, metric and every
 * metadata index of ARTWORK_METADATA_INDEXES (with its type) must be as the
 * model needs, or vectors would be refused, mixed, or silently unfilterable.
 * The push refuses on a mismatch and /operator shows the same check.
 *
 * Where the configuration comes from:
 * - the local stand-in (or a stand-in bound as a binding in tests): its own record;
 * - a real binding: `describe()` for dimensions, and the Cloudflare API for metric
 *   and metadata indexes when the Worker has VECTORIZE_API_TOKEN and
 *   CLOUDFLARE_ACCOUNT_ID; without them those two are reported as unchecked.
 */
import { ARTWORK_METADATA_INDEXES } from "./artwork-metadata-indexes";
import { type VectorIndexEnv, vectorBindingFor, vectorIndexFor } from "./index";
import type { VectorIndexConfigReport } from "./local-vector-index";
import { type EmbeddingModelRef, VECTOR_METRIC, vectorBindingName, vectorIndexName } from "./naming";

export interface VectorIndexCheckEnv extends VectorIndexEnv {
  /** Cloudflare API token with Vectorize Read, to check metric and metadata indexes. */
  VECTORIZE_API_TOKEN?: string;
  CLOUDFLARE_ACCOUNT_ID?: string;
}

export interface VectorIndexCheck {
  model: string;
  index: string;
  /** The production binding it was reached through; null for the local stand-in. */
  binding: string | null;
  ok: boolean;
  /** What does not match, one phrase each. */
  problems: string[];
  /** What could not be checked, one phrase each. */
  unchecked: string[];
  /** One line for logs, refusals and the operator page. */
  line: string;
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** Compares what an index reports with what the model needs. */
export function compareIndexConfig(
  model: EmbeddingModelRef,
  actual: Partial<VectorIndexConfigReport>,
): string[] {
  const problems: string[] = [];
  if (actual.dimensions !== undefined && actual.dimensions !== model.dimensions) {
    problems.push(`dimensions ${actual.dimensions}, model needs ${model.dimensions}`);
  }
  if (actual.metric !== undefined && actual.metric !== VECTOR_METRIC) {
    problems.push(`metric ${actual.metric}, model needs ${VECTOR_METRIC}`);
  }
  if (actual.metadataIndexes !== undefined) {
    const have = new Map(actual.metadataIndexes.map((m) => [m.propertyName, m.type]));
    for (const wanted of ARTWORK_METADATA_INDEXES) {
      const type = have.get(wanted.propertyName);
      if (type === undefined) problems.push(`no metadata index ${wanted.propertyName} (${wanted.type})`);
      else if (type !== wanted.type) problems.push(`metadata index ${wanted.propertyName} is ${type}, needs ${wanted.type}`);
    }
  }
  return problems;
}

export async function checkVectorIndex(
  env: VectorIndexCheckEnv,
  model: EmbeddingModelRef,
  fetcher: Fetch = (input, init) => fetch(input, init),
): Promise<VectorIndexCheck> {
  const index = vectorIndexName(env, model);
  const binding = vectorBindingFor(env, model) ? vectorBindingName(model) : null;
  const unchecked: string[] = [];
  let problems: string[];
  try {
    const target = vectorIndexFor(env, model);
    const own = (target as Partial<{ config(): Promise<VectorIndexConfigReport> }>).config;
    if (typeof own === "function") {
      problems = compareIndexConfig(model, await own.call(target));
    } else {
      const { dimensions } = await target.describe();
      const remote = await remoteConfig(env, index, fetcher);
      if (!remote) unchecked.push("metric and metadata indexes (no VECTORIZE_API_TOKEN / CLOUDFLARE_ACCOUNT_ID)");
      problems = compareIndexConfig(model, { ...remote, dimensions });
    }
  } catch (error) {
    problems = [error instanceof Error ? error.message : String(error)];
  }
  const ok = problems.length === 0;
  const where = binding ? `${index} (binding ${binding})` : `${index} (local stand-in)`;
  const line = ok
    ? `Vector index ${where} matches model ${model.id}${unchecked.length ? `; not checked: ${unchecked.join("; ")}` : ""}.`
    : `Vector index ${where} does not match model ${model.id}: ${problems.join("; ")}.`;
  return { model: model.id, index, binding, ok, problems, unchecked, line };
}

/** Metric and metadata indexes from the Cloudflare API, or null without credentials. */
async function remoteConfig(
  env: VectorIndexCheckEnv,
  index: string,
  fetcher: Fetch,
): Promise<Omit<VectorIndexConfigReport, "dimensions"> | null> {
  if (!env.VECTORIZE_API_TOKEN || !env.CLOUDFLARE_ACCOUNT_ID) return null;
  const base = `https://api.cloudflare.com/client/v4/accounts/${encodeURIComponent(env.CLOUDFLARE_ACCOUNT_ID)}/vectorize/v2/indexes/${encodeURIComponent(index)}`;
  const headers = { Authorization: `Bearer ${env.VECTORIZE_API_TOKEN}` };
  const [info, list] = await Promise.all([
    fetcher(base, { headers }).then((r) => cloudflareResult<{ config?: { metric?: VectorizeDistanceMetric } }>(r, "index")),
    fetcher(`${base}/metadata_index/list`, { headers }).then((r) =>
      cloudflareResult<{ metadataIndexes?: { propertyName: string; indexType: string }[] }>(r, "metadata indexes"),
    ),
  ]);
  return {
    metric: info.config?.metric ?? ("unknown" as VectorizeDistanceMetric),
    metadataIndexes: (list.metadataIndexes ?? []).map((m) => ({ propertyName: m.propertyName, type: m.indexType })),
  };
}

async function cloudflareResult<T>(response: Response, what: string): Promise<T> {
  const body = (await response.json().catch(() => null)) as { success?: boolean; result?: T; errors?: { message?: string }[] } | null;
  if (!response.ok || !body?.success || body.result === undefined) {
    const reason = body?.errors?.map((e) => e.message).join("; ") || `HTTP ${response.status}`;
    throw new Error(`the Cloudflare API did not return the ${what}: ${reason}`);
  }
  return body.result;
}
