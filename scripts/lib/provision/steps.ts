/**
 * The provisioning run, in order: account, D1 (production + preview), R2, queues,
 * the Pages project, one Vectorize index per model with every metadata index,
 * the production config, migrations, secrets, the Worker, the site, the smoke
 * test. Each "ensure" lists first and creates only what is missing, so a second
 * run creates nothing; an existing index that does not match its model stops the
 * run with one line instead of being used.
 */
import { randomBytes } from "node:crypto";
import { type ProductionIds, writeProductionConfig } from "./production-config";
import {
  ARTWORK_METADATA_INDEXES,
  NAMES,
  SECRETS,
  type ServedModel,
  siteUrl,
  VECTOR_METRIC,
} from "./resources";
import type { Command, Runner } from "./runner";
import * as out from "./wrangler-output";

export interface ProvisionOptions {
  root: string;
  models: readonly ServedModel[];
  /** Secret values by name (from the environment). */
  secrets: Readonly<Record<string, string | undefined>>;
  skipDeploy?: boolean;
  log: (line: string) => void;
}

export interface ProvisionResult {
  ids: ProductionIds;
  created: string[];
  workerUrl: string | null;
  siteUrl: string;
  configChanged: string[];
  /** Secrets generated in this run (the operator must keep ADMIN_TOKEN). */
  generated: Record<string, string>;
  adminToken: string | null;
}

const wrangler = (args: string[], kind: Command["kind"], extra: Partial<Command> = {}): Command => ({ cmd: "wrangler", args, kind, ...extra });

export async function provision(runner: Runner, options: ProvisionOptions): Promise<ProvisionResult> {
  const { log } = options;
  const created: string[] = [];
  const read = async (args: string[], extra: Partial<Command> = {}) => (await runner.run(wrangler(args, "read", extra))) ?? "";
  const write = async (args: string[], extra: Partial<Command> = {}) => (await runner.run(wrangler(args, "write", extra))) ?? "";
  const create = async (what: string, args: string[], extra: Partial<Command> = {}) => {
    created.push(what);
    return write(args, extra);
  };
  const placeholder = (what: string) => `<${what}>`;

  // Account: the vector index check reads the Cloudflare API with it.
  const whoami = await read(["whoami", "--json"]);
  const account = whoami ? out.accounts(whoami) : [];
  if (!runner.dryRun && account.length !== 1 && !process.env.CLOUDFLARE_ACCOUNT_ID) {
    throw new Error(`wrangler can reach ${account.length} accounts: set CLOUDFLARE_ACCOUNT_ID to the one to provision.`);
  }
  const accountId = process.env.CLOUDFLARE_ACCOUNT_ID ?? account[0]?.id ?? placeholder("account id");

  // D1, production and preview.
  const d1Ids: Record<string, string> = {};
  let databases = out.d1Databases((await read(["d1", "list", "--json"])) || "[]");
  for (const name of [NAMES.d1, NAMES.d1Preview]) {
    if (!databases.some((d) => d.name === name)) {
      await create(`D1 ${name}`, ["d1", "create", name]);
      if (!runner.dryRun) databases = out.d1Databases(await read(["d1", "list", "--json"]));
    }
    d1Ids[name] = databases.find((d) => d.name === name)?.uuid ?? placeholder(`id of D1 ${name}`);
  }

  // R2 buckets.
  const buckets = out.r2Buckets(await read(["r2", "bucket", "list"]));
  for (const name of [NAMES.r2, NAMES.r2Preview]) {
    if (!buckets.includes(name)) await create(`R2 ${name}`, ["r2", "bucket", "create", name]);
  }

  // Queues: the crawl queue and its dead-letter queue.
  const queues = out.queueNames(await read(["queues", "list"]));
  for (const name of [NAMES.crawlQueue, NAMES.deadLetterQueue]) {
    if (!queues.includes(name)) await create(`queue ${name}`, ["queues", "create", name]);
  }

  // The Pages project, deploying branch main to production.
  const projects = out.pagesProjects((await read(["pages", "project", "list", "--json"])) || "[]");
  if (!projects.includes(NAMES.pagesProject)) {
    await create(`Pages project ${NAMES.pagesProject}`, ["pages", "project", "create", NAMES.pagesProject, `--production-branch=${NAMES.productionBranch}`]);
  }

  // One Vectorize index per model, each metadata index before any vector is pushed.
  const indexes = out.vectorIndexes((await read(["vectorize", "list", "--json"])) || "[]");
  for (const model of options.models) {
    const existing = indexes.find((i) => i.name === model.index);
    if (!existing) {
      await create(`Vectorize ${model.index}`, ["vectorize", "create", model.index, `--dimensions=${model.dimensions}`, `--metric=${VECTOR_METRIC}`]);
    } else if (existing.config && (existing.config.dimensions !== model.dimensions || existing.config.metric !== VECTOR_METRIC)) {
      throw new Error(
        `Vectorize index ${model.index} exists with dimensions ${existing.config.dimensions}, metric ${existing.config.metric}; model ${model.id} needs ${model.dimensions}, ${VECTOR_METRIC}. Delete it (wrangler vectorize delete ${model.index}) or give the model a new id.`,
      );
    }
    const have = existing ? out.metadataIndexes(await read(["vectorize", "list-metadata-index", model.index, "--json"])) : [];
    for (const wanted of ARTWORK_METADATA_INDEXES) {
      const found = have.find((m) => m.propertyName === wanted.propertyName);
      if (found && found.indexType !== wanted.type) {
        throw new Error(`Vectorize index ${model.index}: metadata index ${wanted.propertyName} is ${found.indexType}, needs ${wanted.type}. Delete it (wrangler vectorize delete-metadata-index ${model.index} --propertyName=${wanted.propertyName}) and run again.`);
      }
      if (!found) {
        await create(`metadata index ${model.index}.${wanted.propertyName}`, [
          "vectorize", "create-metadata-index", model.index, `--propertyName=${wanted.propertyName}`, `--type=${wanted.type}`,
        ]);
      }
    }
  }

  // The production config, from one place.
  const ids: ProductionIds = { accountId, d1Id: d1Ids[NAMES.d1]!, d1PreviewId: d1Ids[NAMES.d1Preview]!, models: options.models };
  const configChanged = runner.dryRun ? [] : writeProductionConfig(options.root, ids);
  log(runner.dryRun ? "would write the production sections of wrangler.toml and app/wrangler.toml" : `production config: ${configChanged.length ? `wrote ${configChanged.join(", ")}` : "unchanged"}`);

  // Migrations (wrangler applies only those not applied yet).
  await write(["d1", "migrations", "apply", "DB", "--env", "production", "--remote"]);
  await write(["d1", "migrations", "apply", "DB", "--env", "preview", "--remote"], { cwd: "app" });

  // Secrets: set where missing; a value generated once serves every target.
  const generated: Record<string, string> = {};
  // Before the first deploy the Worker does not exist and `secret list` fails: no secrets yet.
  const workerHas = runner.dryRun ? [] : await read(["secret", "list", "--env", "production"]).then(out.workerSecrets, () => []);
  const pagesHas: Record<string, string[]> = {};
  for (const env of ["production", "preview"]) {
    pagesHas[env] = runner.dryRun ? [] : out.pagesSecrets(await read(["pages", "secret", "list", "--project-name", NAMES.pagesProject, "--env", env]));
  }
  let adminToken = options.secrets.ADMIN_TOKEN ?? null;
  for (const secret of SECRETS) {
    const missing = [
      ...(secret.targets.includes("worker") && !workerHas.includes(secret.name) ? ["worker"] : []),
      ...(secret.targets.includes("pages") ? ["production", "preview"].filter((env) => !pagesHas[env]!.includes(secret.name)).map((env) => `pages:${env}`) : []),
    ];
    if (missing.length === 0) continue;
    let value = options.secrets[secret.name];
    if (value === undefined) {
      if (secret.whenMissing === "optional") {
        log(`secret ${secret.name} not set (${secret.why}); set it in the environment and run again to add it`);
        continue;
      }
      const targets = (secret.targets.includes("worker") ? 1 : 0) + (secret.targets.includes("pages") ? 2 : 0);
      const setSomewhere = missing.length < targets;
      if (setSomewhere) throw new Error(`Secret ${secret.name} is set on some targets but missing on ${missing.join(", ")}: put its value in the environment (${secret.name}=...) and run again.`);
      value = randomBytes(32).toString("base64url");
      generated[secret.name] = value;
    }
    if (secret.name === "ADMIN_TOKEN") adminToken = value;
    for (const target of missing) {
      if (target === "worker") await write(["secret", "put", secret.name, "--env", "production"], { stdin: value });
      else await write(["pages", "secret", "put", secret.name, "--project-name", NAMES.pagesProject, "--env", target.slice(6)], { stdin: value });
    }
  }

  // Deploy the Worker and the site.
  let workerUrl: string | null = null;
  if (!options.skipDeploy) {
    workerUrl = out.workersDevUrl(await write(["deploy", "--env", "production"])) ?? (runner.dryRun ? placeholder(`https://${NAMES.worker}.<subdomain>.workers.dev`) : null);
    await runner.run({ cmd: "npm", args: ["run", "build:app"], kind: "write" });
    await write(["pages", "deploy", "../build/client", "--project-name", NAMES.pagesProject, "--branch", NAMES.productionBranch], { cwd: "app" });
  }
  return { ids, created, workerUrl, siteUrl: siteUrl(), configChanged, generated, adminToken };
}
