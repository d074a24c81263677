/**
 * Everything production is made of, named once: the resources `npm run provision`
 * creates, the bindings and variables each deployment declares, and the secrets it
 * sets. The production sections of wrangler.toml and app/wrangler.toml are rendered
 * from here (production-config.ts), and the binding-parity test checks the code's
 * Env/AppEnv against the same lists.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ARTWORK_METADATA_INDEXES } from "../../../workers/vectorize/artwork-metadata-indexes";
import {
  DEFAULT_VECTOR_INDEX_PREFIX,
  isValidVectorizeIndexName,
  VECTOR_METRIC,
  vectorBindingName,
  vectorIndexName,
} from "../../../workers/vectorize/naming";

export const NAMES = {
  /** The crawler + admin API Worker in production (the local config is named "art-snob", never deployed). */
  worker: "art-snob-crawler",
  pagesProject: "art-snob-app",
  productionBranch: "main",
  previewBranch: "preview",
  d1: "art-snob",
  d1Preview: "art-snob-preview",
  r2: "art-snob-images",
  r2Preview: "art-snob-images-preview",
  crawlQueue: "art-snob-crawl",
  deadLetterQueue: "art-snob-crawl-dlq",
  vectorIndexPrefix: DEFAULT_VECTOR_INDEX_PREFIX,
} as const;

export const siteUrl = (branch?: string) =>
  branch ? `https://${branch}.${NAMES.pagesProject}.pages.dev` : `https://${NAMES.pagesProject}.pages.dev`;

/** A secret, where it is set, and where its value comes from when the environment has none. */
export interface SecretSpec {
  name: string;
  /** "worker": `wrangler secret put`; "pages": `wrangler pages secret put` (production and preview). */
  targets: readonly ("worker" | "pages")[];
  /** generate: a random value when not given; optional: skipped when not given; prompt: asked for. */
  whenMissing: "generate" | "optional";
  why: string;
}

export const SECRETS: readonly SecretSpec[] = [
  { name: "ADMIN_TOKEN", targets: ["worker", "pages"], whenMissing: "generate", why: "guards the admin API and /operator" },
  { name: "SESSION_SECRET", targets: ["pages"], whenMissing: "generate", why: "signs visitor session cookies" },
  {
    name: "VECTORIZE_API_TOKEN",
    targets: ["worker", "pages"],
    whenMissing: "optional",
    why: "a Cloudflare API token with Vectorize Read, so pushes and /operator check metric and metadata indexes",
  },
  {
    name: "ENCODER_TOKEN",
    targets: ["pages"],
    whenMissing: "optional",
    why: "the query encoder's shared secret (the same value is set on the art-snob-encoder Worker, workers/encoder/wrangler.toml)",
  },
];

/** Keys the code reads that are bound by the runtime or set only locally, never in production config. */
export const LOCAL_ONLY_KEYS = {
  worker: ["VECTORIZE_LOCAL_DELAY_MS", "CRAWL_RETRY_BASE_SECONDS", "CRAWL_ROBOTS_RETRY_SECONDS"],
  pages: ["VECTORIZE_LOCAL_DELAY_MS", "LOCAL_WORKER", "ENCODER_URL", "ACTIVE_MODEL"],
} as const;

/** A model the deployment serves, with its index. */
export interface ServedModel {
  id: string;
  dimensions: number;
  index: string;
  binding: string;
}

export function servedModel(manifest: { id: string; dimensions: number }): ServedModel {
  const env = { VECTOR_INDEX_PREFIX: NAMES.vectorIndexPrefix };
  const index = vectorIndexName(env, manifest);
  if (!isValidVectorizeIndexName(index)) {
    throw new Error(`Model ${manifest.id}: index name ${index} is not a valid Vectorize name (lower-case letters, digits, '-' and '_').`);
  }
  return { id: manifest.id, dimensions: manifest.dimensions, index, binding: vectorBindingName(manifest) };
}

/** Every model folder with a manifest (or only those asked for), in id order. */
export function modelsToServe(root: string, only: readonly string[] = []): ServedModel[] {
  const folder = join(root, "models");
  const ids = existsSync(folder) ? readdirSync(folder).filter((id) => existsSync(join(folder, id, "manifest.json"))) : [];
  for (const id of only) if (!ids.includes(id)) throw new Error(`No model folder models/${id} with a manifest.json.`);
  const chosen = (only.length ? only : ids).slice().sort();
  if (chosen.length === 0) throw new Error("No model to serve: models/ has no folder with a manifest.json.");
  const models = chosen.map((id) => {
    const manifest = JSON.parse(readFileSync(join(folder, id, "manifest.json"), "utf8")) as { id: string; dimensions: number };
    return servedModel(manifest);
  });
  const bindings = new Set(models.map((m) => m.binding));
  if (bindings.size !== models.length) throw new Error("Two models map to the same Vectorize binding name; rename one model id.");
  return models;
}

export { ARTWORK_METADATA_INDEXES, VECTOR_METRIC };
