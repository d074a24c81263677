/**
 * npm run provision [-- --dry-run] [--model ID ...] [--skip-deploy] [--skip-smoke]
 *
 * Creates (or finds) everything production needs on the Cloudflare account
 * wrangler is logged in to, writes the real ids into the production config,
 * applies migrations, sets secrets, deploys the Worker and the site and ends
 * with a smoke test. Idempotent: a second run creates nothing. `--dry-run`
 * runs nothing and prints every command a first run would run.
 * Secrets come from the environment (ADMIN_TOKEN, SESSION_SECRET,
 * VECTORIZE_API_TOKEN); ADMIN_TOKEN and SESSION_SECRET are generated when
 * absent and printed once. See README, "Deploying for real".
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { modelsToServe, SECRETS } from "./lib/provision/resources";
import { processRunner, type Runner } from "./lib/provision/runner";
import { smokeTest } from "./lib/provision/smoke";
import { provision } from "./lib/provision/steps";

export async function main(argv: string[], root = process.cwd(), log: (line: string) => void = console.log, runner?: Runner): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      "dry-run": { type: "boolean", default: false },
      model: { type: "string", multiple: true, default: [] },
      "skip-deploy": { type: "boolean", default: false },
      "skip-smoke": { type: "boolean", default: false },
    },
  });
  const dryRun = values["dry-run"]!;
  const run = runner ?? processRunner(root, log, dryRun);
  const models = modelsToServe(root, values.model);
  log(`${dryRun ? "Dry run: nothing is run. " : ""}Serving models: ${models.map((m) => `${m.id} (${m.dimensions}-d, index ${m.index}, binding ${m.binding})`).join(", ")}`);
  const secrets = Object.fromEntries(SECRETS.map((s) => [s.name, process.env[s.name] || undefined]));
  const result = await provision(run, { root, models, secrets, skipDeploy: values["skip-deploy"], log });
  log(result.created.length ? `${dryRun ? "Would create" : "Created"}: ${result.created.join(", ")}` : "Created nothing: everything existed.");
  for (const [name, value] of Object.entries(result.generated)) log(`${dryRun ? "Would generate" : "Generated"} secret ${name}${dryRun ? "" : `: ${value}  (keep it; it is not shown again)`}`);
  if (values["skip-deploy"] || values["skip-smoke"]) {
    log("Smoke test skipped.");
  } else if (dryRun) {
    log(`would smoke-test ${result.workerUrl} and ${result.siteUrl}: GET /health, admin auth, push one vector to ${models[0]!.index} and wait for processedUpToMutation, search for it on the site`);
  } else if (!result.workerUrl || !result.adminToken) {
    log(`Smoke test skipped: ${result.workerUrl ? "ADMIN_TOKEN was set earlier; put it in the environment to smoke-test" : "no workers.dev URL in the deploy output"}.`);
    return 1;
  } else {
    await smokeTest(run, { workerUrl: result.workerUrl, siteUrl: result.siteUrl, adminToken: result.adminToken, model: models[0]!, log });
    log("Smoke test passed.");
  }
  log(`Site: ${result.siteUrl}${result.workerUrl ? `  Admin API: ${result.workerUrl}` : ""}`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
