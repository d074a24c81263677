/**
 * Demo re-run trials: is `npm run demo` safe to run again and again on one state?
 *
 *   npm run trial:demo [-- --runs 10 --only demo-partner --keep]
 *
 * Each run starts the whole stack on the same state folder, crawls the demo shops
 * while the offline pipeline and a browsing visitor run beside the crawl, runs the
 * pipeline again, and stops. One line per run, then runs finished, errors by kind
 * and the slowest run. Exit code 1 if any run failed or any lock error was logged.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runDemoTrials } from "./lib/demo-trial";
import { stopAllProcesses } from "./lib/processes";
import { runCommand } from "./lib/run";
import { localCloudflareEnv, projectRoot } from "./lib/local-env";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "10" }, only: { type: "string" }, keep: { type: "boolean", default: false } },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1 || runs > 100) {
  console.error(`--runs must be a whole number from 1 to 100 (got "${values.runs}")`);
  process.exit(2);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stopAllProcesses().then(() => process.exit(130)));

const root = mkdtempSync(join(tmpdir(), "art-snob-trial-demo-"));
const persistTo = join(root, "state");
console.log(`demo trials: ${runs} runs on one state folder (${persistTo})${values.only ? `, crawling ${values.only} only` : ""}`);
console.log("building the site once…");
await runCommand(join(projectRoot, "node_modules", ".bin", "remix"), ["vite:build"], { cwd: projectRoot, env: localCloudflareEnv(), label: "remix vite:build" });

const summary = await runDemoTrials({ runs, persistTo, workDir: join(root, "offline"), only: values.only });
const slow = summary.slowest;
console.log(`
runs finished: ${summary.finished} of ${runs}
errors by kind: ${Object.entries(summary.errorsByKind).map(([k, n]) => `${k} ${n}`).join(", ")}
slowest run: ${slow ? `run ${slow.run}, ${(slow.ms / 1000).toFixed(1)} s` : "-"}
logs: ${values.keep ? join(persistTo, "logs") : "removed (--keep keeps them)"}`);
if (!values.keep) rmSync(root, { recursive: true, force: true });
process.exit(summary.finished === runs && summary.errorsByKind.sqlite_busy === 0 ? 0 : 1);
