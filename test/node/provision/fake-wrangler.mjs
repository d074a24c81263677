#!/usr/bin/env node
// A stand-in for `wrangler` (and `npm`) on PATH: records every call in
// $FAKE_WRANGLER_DIR/calls.jsonl, keeps the account's resources in state.json,
// and answers in the formats wrangler 4.86 prints (read from its source).
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

const dir = process.env.FAKE_WRANGLER_DIR;
const tool = basename(process.argv[1]);
const args = process.argv.slice(2);
const statePath = join(dir, "state.json");
const state = existsSync(statePath)
  ? JSON.parse(readFileSync(statePath, "utf8"))
  : { d1: [], r2: [], queues: [], pages: [], vectorize: [], metadata: {}, workerSecrets: [], pagesSecrets: { production: [], preview: [] } };
const stdin = args.includes("put") ? readFileSync(0, "utf8") : "";
appendFileSync(join(dir, "calls.jsonl"), JSON.stringify({ tool, args, cwd: process.cwd(), stdin: stdin ? "<secret>" : undefined }) + "\n");
const save = () => writeFileSync(statePath, JSON.stringify(state));
const say = (text) => process.stdout.write(text + "\n");
const opt = (name) => {
  const inline = args.find((a) => a.startsWith(`--${name}=`));
  if (inline) return inline.slice(name.length + 3);
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const table = (rows) => {
  if (rows.length === 0) return "┌┐\n└┘";
  const head = Object.keys(rows[0]);
  const line = (cells) => "│ " + cells.join(" │ ") + " │";
  return ["┌─┐", line(head), ...rows.map((r) => "├─┤\n" + line(head.map((k) => r[k]))), "└─┘"].join("\n");
};
const now = "2026-12-06T02:00:00.000Z";
const cmd = args.filter((a) => !a.startsWith("-")).slice(0, 3).join(" ");

if (tool === "npm") {
  say("> art-snob@0.1.0 build:app\n> remix vite:build\n✓ built in 1.00s");
} else if (cmd === "whoami" ) {
  say(JSON.stringify({ loggedIn: true, authType: "OAuth Token", email: "operator@example.com", accounts: [{ name: "Operator's Account", id: "0123456789abcdef0123456789abcdef" }], tokenPermissions: [] }, null, 2));
} else if (cmd === "d1 list") {
  say(JSON.stringify(state.d1, null, 2));
} else if (cmd.startsWith("d1 create")) {
  const name = args[2];
  state.d1.push({ uuid: `d1-uuid-${state.d1.length + 1}-0000-4000-8000-000000000000`, name, created_at: now, version: "production", num_tables: 0, file_size: 0 });
  save();
  say(`✅ Successfully created DB '${name}' in region WEUR\nCreated your new D1 database.\n`);
} else if (cmd === "r2 bucket list") {
  say("Listing buckets...");
  say(state.r2.map((name) => `name:           ${name}\ncreation_date:  ${now}`).join("\n\n"));
} else if (cmd.startsWith("r2 bucket create")) {
  state.r2.push(args[3]);
  save();
  say(`Creating bucket '${args[3]}'...\n✅ Created bucket '${args[3]}' with default storage class of Standard.`);
} else if (cmd === "queues list") {
  say(table(state.queues.map((name, i) => ({ id: `q${i}`, name, created_on: now, modified_on: now, producers: "0", consumers: "0" }))));
} else if (cmd.startsWith("queues create")) {
  state.queues.push(args[2]);
  save();
  say(`🌀 Creating queue '${args[2]}'\n✅ Created queue '${args[2]}'`);
} else if (cmd === "pages project list") {
  say(JSON.stringify(state.pages.map((name) => ({ "Project Name": name, "Project Domains": `${name}.pages.dev`, "Git Provider": "No", "Last Modified": "1 minute ago" })), null, 2));
} else if (cmd.startsWith("pages project create")) {
  state.pages.push(args[3]);
  save();
  say(`✨ Successfully created the '${args[3]}' project. It will be available at https://${args[3]}.pages.dev/ once you create your first deployment.`);
} else if (cmd === "vectorize list") {
  say(JSON.stringify(state.vectorize, null, 2));
} else if (cmd.startsWith("vectorize create ") || (args[0] === "vectorize" && args[1] === "create")) {
  const name = args[2];
  state.vectorize.push({ created_on: now, modified_on: now, name, config: { dimensions: Number(opt("dimensions")), metric: opt("metric") } });
  state.metadata[name] = [];
  save();
  say(`🚧 Creating index: '${name}'\n✅ Successfully created a new Vectorize index: '${name}'`);
} else if (args[0] === "vectorize" && args[1] === "list-metadata-index") {
  say(JSON.stringify(state.metadata[args[2]] ?? [], null, 2));
} else if (args[0] === "vectorize" && args[1] === "create-metadata-index") {
  (state.metadata[args[2]] ??= []).push({ propertyName: opt("propertyName"), indexType: opt("type") });
  save();
  say("📋 Creating metadata index...\n✅ Successfully enqueued metadata index creation request. Mutation changeset identifier: 6b8a6a4e-0000-4000-8000-000000000000.");
} else if (args[0] === "d1" && args[1] === "migrations") {
  say("Migrations to be applied:\n┌┐\n└┘\n✅ No migrations to apply!");
} else if (args[0] === "secret" && args[1] === "list" && !state.workerDeployed && state.workerSecrets.length === 0) {
  process.stderr.write("✘ [ERROR] This Worker does not exist on your account. [code: 10007]\n");
  process.exit(1);
} else if (args[0] === "secret" && args[1] === "list") {
  say(JSON.stringify(state.workerSecrets.map((name) => ({ name, type: "secret_text" })), null, 2));
} else if (args[0] === "secret" && args[1] === "put") {
  if (!state.workerSecrets.includes(args[2])) state.workerSecrets.push(args[2]);
  save();
  say(`🌀 Creating the secret for the Worker "art-snob-crawler"\n✨ Success! Uploaded secret ${args[2]}`);
} else if (args[0] === "pages" && args[1] === "secret" && args[2] === "list") {
  const env = opt("env") ?? "production";
  say(`The "${env}" environment of your Pages project "art-snob-app" has access to the following secrets:`);
  for (const name of state.pagesSecrets[env]) say(`  - ${name}: Value Encrypted`);
} else if (args[0] === "pages" && args[1] === "secret" && args[2] === "put") {
  const env = opt("env") ?? "production";
  if (!state.pagesSecrets[env].includes(args[3])) state.pagesSecrets[env].push(args[3]);
  save();
  say(`🌀 Creating the secret for the Pages project "art-snob-app" (${env})\n✨ Success! Uploaded secret ${args[3]}`);
} else if (args[0] === "deploy") {
  state.workerDeployed = true;
  save();
  say("Total Upload: 2142.00 KiB / gzip: 428.00 KiB\nUploaded art-snob-crawler (3.10 sec)\nDeployed art-snob-crawler triggers (1.20 sec)\n  https://art-snob-crawler.operator.workers.dev\n  schedule: */30 * * * *\nCurrent Version ID: 11111111-2222-4333-8444-555555555555");
} else if (args[0] === "pages" && args[1] === "deploy") {
  say("✨ Success! Uploaded 42 files (1.23 sec)\n✨ Deployment complete! Take a peek over at https://abcd1234.art-snob-app.pages.dev");
} else if (args[0] === "d1" && args[1] === "execute") {
  say("🚣 Executed 4 commands in 1.2ms");
} else {
  process.stderr.write(`fake wrangler: unknown command ${args.join(" ")}\n`);
  process.exit(2);
}
