/**
 * Renders the production (and preview) sections of wrangler.toml and
 * app/wrangler.toml from the names in resources.ts and the ids provision found
 * or created. Everything below MARKER in those files is written here and only
 * here; the checked-in text is this renderer's output with placeholder ids
 * (test/node/provision checks that), so a fresh clone's config and a
 * provisioned one differ only in the ids.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { NAMES, type ServedModel, siteUrl } from "./resources";

export const MARKER =
  "# ---- production and preview: written by `npm run provision` (scripts/lib/provision/production-config.ts); edit there, not here ----";

export interface ProductionIds {
  accountId: string;
  d1Id: string;
  d1PreviewId: string;
  models: readonly ServedModel[];
}

export const PLACEHOLDER_IDS = {
  accountId: "",
  d1Id: "REPLACE_WITH_ID_FROM_npm_run_provision",
  d1PreviewId: "REPLACE_WITH_ID_FROM_npm_run_provision",
} as const;

const vectorize = (env: string, models: readonly ServedModel[]) =>
  models.map((m) => `[[env.${env}.vectorize]]\nbinding = "${m.binding}"\nindex_name = "${m.index}"\n`).join("\n");

export function workerProductionSection(ids: ProductionIds): string {
  const site = siteUrl();
  return `${MARKER}
# \`wrangler deploy --env production\` ships this as "${NAMES.worker}"; a plain \`wrangler deploy\`
# would ship the local config above as "art-snob", which is not the production Worker.
[env.production]
name = "${NAMES.worker}"
workers_dev = true

[env.production.vars]
PUBLIC_SITE_URL = "${site}"
CRAWLER_CONTACT_URL = "${site}/about/bot"
CRAWLER_ALLOWED_PRIVATE_HOSTS = ""
CRAWLER_DOH_URL = "https://cloudflare-dns.com/dns-query"
VECTOR_INDEX_PREFIX = "${NAMES.vectorIndexPrefix}"
VECTOR_INDEX_BACKEND = "vectorize"
CLOUDFLARE_ACCOUNT_ID = "${ids.accountId}"

[env.production.triggers]
crons = ["*/30 * * * *"]

[[env.production.d1_databases]]
binding = "DB"
database_name = "${NAMES.d1}"
database_id = "${ids.d1Id}"
migrations_dir = "migrations"

[[env.production.r2_buckets]]
binding = "IMAGES"
bucket_name = "${NAMES.r2}"

[[env.production.queues.producers]]
binding = "CRAWL_QUEUE"
queue = "${NAMES.crawlQueue}"

[[env.production.queues.consumers]]
queue = "${NAMES.crawlQueue}"
max_batch_size = 10
max_batch_timeout = 5
max_retries = 4
dead_letter_queue = "${NAMES.deadLetterQueue}"

[[env.production.queues.consumers]]
queue = "${NAMES.deadLetterQueue}"
max_batch_size = 10
max_batch_timeout = 5

[[env.production.durable_objects.bindings]]
name = "HOST_GATE"
class_name = "HostGate"

[env.production.browser]
binding = "BROWSER"

# One Vectorize index per model (name: ${NAMES.vectorIndexPrefix}-<model id>, binding: VECTORIZE_<MODEL ID>).
${vectorize("production", ids.models)}`;
}

function pagesEnvSection(env: "production" | "preview", ids: ProductionIds): string {
  const production = env === "production";
  return `[env.${env}.vars]
PUBLIC_SITE_URL = "${production ? siteUrl() : siteUrl(NAMES.previewBranch)}"
VECTOR_INDEX_PREFIX = "${NAMES.vectorIndexPrefix}"
VECTOR_INDEX_BACKEND = "vectorize"
CLOUDFLARE_ACCOUNT_ID = "${ids.accountId}"

[[env.${env}.d1_databases]]
binding = "DB"
database_name = "${production ? NAMES.d1 : NAMES.d1Preview}"
database_id = "${production ? ids.d1Id : ids.d1PreviewId}"
migrations_dir = "../migrations"

[[env.${env}.r2_buckets]]
binding = "IMAGES"
bucket_name = "${production ? NAMES.r2 : NAMES.r2Preview}"

${vectorize(env, ids.models)}`;
}

export function pagesProductionSection(ids: ProductionIds): string {
  return `${MARKER}
# Production: deployments of branch "${NAMES.productionBranch}". Preview: every other branch
# (\`wrangler pages deploy --branch ${NAMES.previewBranch}\`), with its own D1 database and R2
# bucket so previews never write production data; it reads the production vector indexes.
${pagesEnvSection("production", ids)}
${pagesEnvSection("preview", ids)}`;
}

/** Replaces everything from MARKER on (or appends it); returns whether the file changed. */
export function writeSection(path: string, section: string): boolean {
  const text = readFileSync(path, "utf8");
  const at = text.indexOf(MARKER);
  const head = at < 0 ? `${text.trimEnd()}\n\n` : text.slice(0, at);
  const next = `${head}${section.trimEnd()}\n`;
  if (next === text) return false;
  writeFileSync(path, next);
  return true;
}

export function writeProductionConfig(root: string, ids: ProductionIds): string[] {
  const changed: string[] = [];
  if (writeSection(join(root, "wrangler.toml"), workerProductionSection(ids))) changed.push("wrangler.toml");
  if (writeSection(join(root, "app", "wrangler.toml"), pagesProductionSection(ids))) changed.push("app/wrangler.toml");
  return changed;
}
