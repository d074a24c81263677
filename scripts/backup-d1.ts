/**
 * Backup and restore of the D1 database, local or production.
 *
 *   npm run db:backup                                   local database (.wrangler/state) -> backups/d1-local-<time>.sql
 *   npm run db:backup -- --remote --env production      the deployed database
 *   npm run db:backup -- --persist-to DIR --output FILE another local state folder, a chosen file
 *   npm run db:restore -- FILE                          into the local database, which must be empty
 *   npm run db:restore -- FILE --persist-to DIR         into a fresh local state folder
 *   npm run db:restore -- FILE --remote --env production
 *
 * `wrangler d1 export` refuses databases with virtual tables, and the keyword
 * index (artworks_fts, FTS5) is one. So the backup exports everything around it
 * (every other table with its rows, indexes, views and triggers, named one by
 * one with --table) and appends what recreates the index: its CREATE VIRTUAL
 * TABLE, an INSERT ... SELECT over artworks built from the index's own AFTER
 * INSERT trigger (exactly what the triggers would have written), an optimize,
 * and its triggers. The file is plain SQL that `wrangler d1 execute --file` runs.
 * Its header records each table's row count; restore checks them afterwards.
 *
 * `wrangler d1 export` has no --persist-to: for another local state folder it
 * runs against a throw-away config whose .wrangler/state points at that folder.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { localCloudflareEnv, projectRoot } from "./lib/local-env";

const BINDING = "DB";
const HEADER = "-- Art Snob D1 backup";

export interface D1Target {
  remote: boolean;
  /** Wrangler environment (e.g. "production"); remote only. */
  env?: string;
  /** Local state folder (default: the project's .wrangler/state). */
  persistTo?: string;
}

export interface SchemaEntry {
  type: "table" | "index" | "trigger" | "view";
  name: string;
  tbl_name: string;
  sql: string;
}

export class BackupError extends Error {}

/** The wrangler flags that pick the database. */
export function targetArgs(target: D1Target): string[] {
  if (target.remote) return ["--remote", ...(target.env ? ["--env", target.env] : [])];
  if (target.env) throw new BackupError("--env only applies with --remote");
  return ["--local", ...(target.persistTo ? ["--persist-to", resolve(target.persistTo)] : [])];
}

function wrangler(args: string[], label: string): Promise<string> {
  const bin = join(projectRoot, "node_modules", ".bin", "wrangler");
  return new Promise((resolvePromise, reject) => {
    const child = spawn(bin, args, { cwd: projectRoot, env: localCloudflareEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0) resolvePromise(stdout);
      else reject(new BackupError(`${label} failed (exit ${code}):\n${(stdout + stderr).split("\n").filter(Boolean).slice(-20).join("\n")}`));
    });
  });
}

/** Rows of one SQL statement, through `wrangler d1 execute --json`. */
export async function query<T>(target: D1Target, sql: string): Promise<T[]> {
  const out = await wrangler(["d1", "execute", BINDING, ...targetArgs(target), "--json", "--command", sql], "wrangler d1 execute");
  const start = out.indexOf("[");
  const parsed = JSON.parse(start >= 0 ? out.slice(start) : out) as Array<{ results?: T[] }>;
  return parsed[0]?.results ?? [];
}

/** Virtual tables (FTS5), their shadow tables and every trigger that writes them: what D1's export cannot take. */
const mentions = (sql: string, name: string) => new RegExp(`(^|[^A-Za-z0-9_])${name}([^A-Za-z0-9_]|$)`).test(sql);

export function splitSchema(schema: SchemaEntry[]): { exportable: SchemaEntry[]; virtualTables: SchemaEntry[]; virtualTriggers: SchemaEntry[] } {
  const virtualTables = schema.filter((e) => e.type === "table" && /^CREATE\s+VIRTUAL\s+TABLE/i.test(e.sql));
  const names = virtualTables.map((v) => v.name);
  const isShadow = (e: SchemaEntry) => names.some((n) => e.name.startsWith(`${n}_`) && e.type === "table");
  const virtualTriggers = schema.filter((e) => e.type === "trigger" && names.some((n) => mentions(e.sql, n)));
  const exportable = schema.filter(
    (e) => !virtualTables.includes(e) && !virtualTriggers.includes(e) && !isShadow(e) && !e.name.startsWith("sqlite_") && !e.name.startsWith("_cf_"),
  );
  return { exportable, virtualTables, virtualTriggers };
}

/**
 * SQL that recreates a virtual table and fills it as its triggers would have:
 * the VALUES of its AFTER INSERT trigger become a SELECT over the source table
 * aliased `new`. Then optimize, then the triggers.
 */
export function rebuildVirtualTableSql(table: SchemaEntry, triggers: SchemaEntry[]): string[] {
  const id = `[\`"']?${table.name}[\`"']?`;
  const pattern = new RegExp(`AFTER\\s+INSERT\\s+ON\\s+[\`"']?(\\w+)[\`"']?\\s+BEGIN\\s+INSERT\\s+INTO\\s+${id}\\s*\\(([^)]*)\\)\\s*VALUES\\s*\\(([\\s\\S]*)\\)\\s*;\\s*END\\s*$`, "i");
  const filler = triggers.map((t) => pattern.exec(t.sql.trim())).find((m) => m !== null);
  if (!filler) throw new BackupError(`cannot tell how to refill ${table.name}: none of its triggers is an AFTER INSERT ... INSERT INTO ${table.name}(...) VALUES (...)`);
  const [, source, columns, values] = filler;
  return [
    `${table.sql};`,
    `INSERT INTO ${table.name}(${columns!.trim()}) SELECT ${values!.trim()} FROM ${source} AS new;`,
    `INSERT INTO ${table.name}(${table.name}) VALUES('optimize');`,
    ...triggers.map((t) => `${t.sql};`),
  ];
}

/** Rows per table, counted from the dump's INSERT lines (one statement per line; newlines in values are escaped). */
export function countRows(dump: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const match of dump.matchAll(/^INSERT INTO "((?:[^"]|"")+)" VALUES\(/gm)) {
    const table = match[1]!.replace(/""/g, '"');
    counts[table] = (counts[table] ?? 0) + 1;
  }
  return counts;
}

/** The project's D1 database id (the local state is keyed by it). */
function localDatabaseId(): string {
  const toml = readFileSync(join(projectRoot, "wrangler.toml"), "utf8");
  const block = /\[\[d1_databases\]\]([\s\S]*?)(?:\n\[|$)/.exec(toml)?.[1] ?? "";
  const id = /database_id\s*=\s*"([^"]+)"/.exec(block)?.[1];
  if (!id) throw new BackupError("no [[d1_databases]] database_id in wrangler.toml");
  return id;
}

async function exportDump(target: D1Target, tables: string[], output: string, part: "--no-data" | "--no-schema"): Promise<void> {
  const tableArgs = [part, ...tables.flatMap((t) => ["--table", t])];
  if (target.remote || !target.persistTo) {
    await wrangler(["d1", "export", BINDING, ...(target.remote ? targetArgs(target) : ["--local"]), "--output", output, ...tableArgs], "wrangler d1 export");
    return;
  }
  // wrangler d1 export reads local state next to its config file: give it one whose state is the folder asked for.
  const stateDir = resolve(target.persistTo);
  const configDir = mkdtempSync(join(tmpdir(), "art-snob-d1-export-"));
  try {
    mkdirSync(join(configDir, ".wrangler"));
    symlinkSync(stateDir, join(configDir, ".wrangler", "state"), "dir");
    writeFileSync(
      join(configDir, "wrangler.toml"),
      `name = "art-snob-backup"\n[[d1_databases]]\nbinding = "${BINDING}"\ndatabase_name = "art-snob"\ndatabase_id = "${localDatabaseId()}"\n`,
    );
    await wrangler(["d1", "export", BINDING, "--local", "--config", join(configDir, "wrangler.toml"), "--output", output, ...tableArgs], "wrangler d1 export");
  } finally {
    rmSync(configDir, { recursive: true, force: true });
  }
}

function describe(target: D1Target): string {
  return target.remote ? `remote${target.env ? ` (--env ${target.env})` : ""}` : `local ${resolve(target.persistTo ?? join(projectRoot, ".wrangler", "state"))}`;
}

function timestamp(date = new Date()): string {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z").replace("T", "-");
}

export async function backupD1(target: D1Target, output?: string): Promise<{ file: string; rows: Record<string, number> }> {
  if (!target.remote && target.persistTo && !existsSync(target.persistTo)) throw new BackupError(`no local state folder at ${target.persistTo}`);
  const schema = await query<SchemaEntry>(target, "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid");
  const { exportable, virtualTables, virtualTriggers } = splitSchema(schema);
  if (!exportable.some((e) => e.type === "table")) throw new BackupError(`the ${describe(target)} database has no tables: nothing to back up`);

  const defaultDir = join(projectRoot, "backups");
  const file = output && !(existsSync(output) && statSync(output).isDirectory())
    ? resolve(output)
    : join(output ? resolve(output) : defaultDir, `d1-${target.remote ? "remote" : "local"}-${timestamp()}.sql`);
  mkdirSync(dirname(file), { recursive: true });
  // Backups hold visitors' sessions and likes: never let git pick them up.
  if (!output && !existsSync(join(defaultDir, ".gitignore"))) writeFileSync(join(defaultDir, ".gitignore"), "*\n");

  const dumpFile = `${file}.export.tmp`;
  // Three exports, so the file creates every table before any row (a row whose foreign key names a table
  // not created yet fails), and creates triggers only after the rows (they would fire on the restore's inserts).
  const exportPart = async (names: string[], part: "--no-data" | "--no-schema"): Promise<string> => {
    if (names.length === 0) return "";
    await exportDump(target, names, dumpFile, part);
    return readFileSync(dumpFile, "utf8").replace(/^PRAGMA defer_foreign_keys=TRUE;\n?/, "").trimEnd();
  };
  try {
    const tables = exportable.filter((e) => e.type === "table").map((e) => e.name);
    const createTables = await exportPart(tables, "--no-data");
    const data = await exportPart(tables, "--no-schema");
    const restOfSchema = await exportPart(exportable.filter((e) => e.type !== "table").map((e) => e.name), "--no-data");
    const dump = ["PRAGMA defer_foreign_keys=TRUE;", createTables, data, restOfSchema].filter(Boolean).join("\n");
    const rows = countRows(data);
    for (const table of exportable.filter((e) => e.type === "table")) rows[table.name] ??= 0;
    const rebuild = virtualTables.flatMap((v) => rebuildVirtualTableSql(v, virtualTriggers.filter((t) => mentions(t.sql, v.name))));
    const text = [
      `${HEADER} of ${describe(target)}, taken ${new Date().toISOString()}`,
      `-- Restore: npm run db:restore -- ${basename(file)} [--persist-to DIR | --remote --env production] (into an empty database)`,
      `-- rows: ${JSON.stringify(rows)}`,
      `-- virtual tables rebuilt from their triggers: ${JSON.stringify(virtualTables.map((v) => v.name))}`,
      "-- Part 1: wrangler d1 export of every table, index, view and trigger except the virtual tables (D1 cannot export those)",
      dump,
      "-- Part 2: the virtual tables (FTS5 keyword index), recreated and filled from their source tables, then their triggers",
      ...rebuild,
      "",
    ].join("\n");
    writeFileSync(`${file}.tmp`, text);
    rmSync(file, { force: true });
    writeFileSync(file, text);
    rmSync(`${file}.tmp`, { force: true });
    return { file, rows };
  } finally {
    rmSync(dumpFile, { force: true });
  }
}

/** Row counts a backup file promises, from its header. */
export function readBackupHeader(text: string): { rows: Record<string, number>; virtualTables: string[] } {
  if (!text.startsWith(HEADER)) throw new BackupError("not an Art Snob D1 backup (its first line should start with '-- Art Snob D1 backup')");
  const rows = /^-- rows: (.*)$/m.exec(text)?.[1];
  const virtual = /^-- virtual tables rebuilt from their triggers: (.*)$/m.exec(text)?.[1];
  if (!rows || !virtual) throw new BackupError("backup header is incomplete (no rows / virtual tables line)");
  return { rows: JSON.parse(rows) as Record<string, number>, virtualTables: JSON.parse(virtual) as string[] };
}

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** count(*) of each table, as one row of scalar subqueries per 50 tables (D1 caps compound SELECTs). */
export async function countTables(target: D1Target, tables: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < tables.length; i += 50) {
    const chunk = tables.slice(i, i + 50);
    const [row] = await query<Record<string, number>>(target, `SELECT ${chunk.map((t, j) => `(SELECT count(*) FROM ${quoteId(t)}) AS c${j}`).join(", ")}`);
    chunk.forEach((t, j) => (counts[t] = row?.[`c${j}`] ?? NaN));
  }
  return counts;
}

export async function restoreD1(file: string, target: D1Target): Promise<{ rows: Record<string, number>; virtualRows: Record<string, number> }> {
  if (!existsSync(file)) throw new BackupError(`no backup file at ${file}`);
  const header = readBackupHeader(readFileSync(file, "utf8"));
  const existing = await query<{ name: string }>(target, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' LIMIT 5");
  if (existing.length > 0) {
    throw new BackupError(
      `the ${describe(target)} database is not empty (tables ${existing.map((t) => t.name).join(", ")}…): restore only into a fresh database ` +
        (target.remote ? "(wrangler d1 create a new one and point the binding at it)" : "(pass --persist-to a new folder, or move .wrangler/state aside)"),
    );
  }
  await wrangler(["d1", "execute", BINDING, ...targetArgs(target), "--file", resolve(file), "--yes"], "wrangler d1 execute --file");

  const tables = Object.keys(header.rows);
  const got = await countTables(target, [...tables, ...header.virtualTables]);
  const wrong = tables.filter((t) => got[t] !== header.rows[t]).map((t) => `${t}: ${got[t]} rows, backup had ${header.rows[t]}`);
  const source = (v: string) => (v.endsWith("_fts") ? v.slice(0, -4) : null);
  for (const v of header.virtualTables) {
    const of = source(v);
    if (of && of in header.rows && got[v] !== header.rows[of]) wrong.push(`${v}: ${got[v]} index rows for ${header.rows[of]} ${of}`);
  }
  if (wrong.length) throw new BackupError(`restore finished but does not match the backup:\n  ${wrong.join("\n  ")}`);
  return { rows: Object.fromEntries(tables.map((t) => [t, got[t]!])), virtualRows: Object.fromEntries(header.virtualTables.map((v) => [v, got[v]!])) };
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      remote: { type: "boolean", default: false },
      local: { type: "boolean", default: false },
      env: { type: "string" },
      "persist-to": { type: "string" },
      output: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.remote && values.local) throw new BackupError("pass --local or --remote, not both");
  // npm runs scripts from the project root; paths are the caller's.
  const userPath = (p: string | undefined) => (p === undefined ? undefined : resolve(process.env.INIT_CWD ?? process.cwd(), p));
  const target: D1Target = { remote: values.remote, env: values.env, persistTo: userPath(values["persist-to"]) };
  if (values.help || (command !== "backup" && command !== "restore")) {
    console.log("usage: npm run db:backup -- [--remote [--env production]] [--persist-to DIR] [--output FILE|DIR]\n       npm run db:restore -- FILE [--remote [--env production]] [--persist-to DIR]");
    return;
  }
  const started = Date.now();
  if (command === "backup") {
    const { file, rows } = await backupD1(target, userPath(values.output));
    const total = Object.values(rows).reduce((a, b) => a + b, 0);
    console.log(`backed up the ${describe(target)} database: ${total} rows in ${Object.keys(rows).length} tables (artworks ${rows.artworks ?? 0}) -> ${file} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return;
  }
  const [file] = positionals;
  if (!file) throw new BackupError("usage: npm run db:restore -- FILE [--remote [--env production]] [--persist-to DIR]");
  const { rows, virtualRows } = await restoreD1(userPath(file)!, target);
  const total = Object.values(rows).reduce((a, b) => a + b, 0);
  console.log(
    `restored ${file} into the ${describe(target)} database: ${total} rows in ${Object.keys(rows).length} tables, ` +
      `row counts match the backup; rebuilt ${Object.entries(virtualRows).map(([v, n]) => `${v} (${n} rows)`).join(", ") || "no virtual tables"} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof BackupError ? `db: ${error.message}` : error);
    process.exit(1);
  });
}
