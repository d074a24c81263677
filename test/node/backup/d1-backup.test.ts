/**
 * `npm run db:backup` / `npm run db:restore` on real local D1 state: migrations
 * applied and rows inserted with wrangler, backed up, restored into a fresh
 * folder, and compared (row counts of every table, keyword search through the
 * FTS5 index that D1's export cannot take, triggers that still work).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, readBackupHeader, rebuildVirtualTableSql, splitSchema, targetArgs, type SchemaEntry } from "../../../scripts/backup-d1";
import { localCloudflareEnv, projectRoot } from "../../../scripts/lib/local-env";

function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: projectRoot, env: localCloudflareEnv() });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

const wrangler = (...args: string[]) => run(join(projectRoot, "node_modules", ".bin", "wrangler"), args);
const db = (...args: string[]) => run(join(projectRoot, "node_modules", ".bin", "tsx"), ["scripts/backup-d1.ts", ...args]);

async function sql<T>(persistTo: string, command: string): Promise<T[][]> {
  const res = await wrangler("d1", "execute", "DB", "--local", "--persist-to", persistTo, "--json", "--command", command);
  expect(res.code, res.output).toBe(0);
  return (JSON.parse(res.output.slice(res.output.indexOf("["))) as Array<{ results: T[] }>).map((r) => r.results);
}

const SEED = `
INSERT INTO images (hash, r2_key, content_type, width, height, bytes) VALUES ('h1', 'images/h1', 'image/png', 360, 240, 1000), ('h2', 'images/h2', 'image/png', 240, 360, 900), ('h3', 'images/h3', 'image/png', 300, 300, 800);
INSERT INTO artists (id, slug, name) VALUES (1, 'ann-oneil', 'Ann O''Neil'), (2, 'zoe-berg', 'Zoë Berg');
INSERT INTO artworks (id, slug, title, artist_id, description, tags, image_hash) VALUES
  (1, 'tide-and-time', 'Tide and Time', 1, 'A calm sea at dusk,
with a lighthouse', '["seascape","colour-field","navy"]', 'h1'),
  (2, 'red-poppies', 'Red Poppies', 2, 'Poppies in a field', '["botanical","red"]', 'h2'),
  (3, 'blue-lines', 'Blue Lines', 1, 'Stripes; "quoted" and it''s fine', '["stripes","blue"]', 'h3');
INSERT INTO artwork_tags (artwork_id, tag) VALUES (1, 'seascape'), (1, 'colour-field'), (2, 'botanical'), (3, 'stripes');
INSERT INTO sources (id, slug, name, base_url) VALUES (1, 'demo', 'Demo', 'http://127.0.0.1:8790/');
INSERT INTO offers (id, artwork_id, source_id, url, affiliate_url, price_minor, currency) VALUES (1, 1, 1, 'http://127.0.0.1:8790/artworks/tide-and-time', 'http://127.0.0.1:8790/artworks/tide-and-time?ref=a', 12900, 'USD'), (2, 2, 1, 'http://127.0.0.1:8790/artworks/red-poppies', 'http://127.0.0.1:8790/artworks/red-poppies?ref=a', 8500, 'EUR');
`;

describe("D1 backup and restore", () => {
  let original: string;
  let restored: string;
  let backupDir: string;
  let backupFile: string;

  beforeAll(async () => {
    original = mkdtempSync(join(tmpdir(), "art-snob-d1-original-"));
    restored = mkdtempSync(join(tmpdir(), "art-snob-d1-restored-"));
    backupDir = mkdtempSync(join(tmpdir(), "art-snob-d1-backups-"));
    const migrate = await wrangler("d1", "migrations", "apply", "DB", "--local", "--persist-to", original);
    expect(migrate.code, migrate.output).toBe(0);
    const seed = await wrangler("d1", "execute", "DB", "--local", "--persist-to", original, "--command", SEED);
    expect(seed.code, seed.output).toBe(0);
  }, 120_000);

  afterAll(() => {
    for (const dir of [original, restored, backupDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("backs up a local database with its FTS5 index into a timestamped SQL file", async () => {
    const res = await db("backup", "--persist-to", original, "--output", backupDir);
    expect(res.code, res.output).toBe(0);
    backupFile = /-> (\S+\.sql)/.exec(res.output)![1]!;
    expect(backupFile).toMatch(/d1-local-\d{8}-\d{6}Z\.sql$/);
    const text = readFileSync(backupFile, "utf8");
    const header = readBackupHeader(text);
    expect(header.rows).toMatchObject({ artworks: 3, artists: 2, images: 3, artwork_tags: 4, offers: 2, sources: 1 });
    expect(header.rows.d1_migrations).toBeGreaterThanOrEqual(3);
    expect(header.virtualTables).toEqual(["artworks_fts"]);
    // Every row once; the FTS5 table and its shadow tables are not exported, they are rebuilt.
    expect(countRows(text)).toEqual(Object.fromEntries(Object.entries(header.rows).filter(([, n]) => n > 0)));
    expect(text).not.toMatch(/INSERT INTO "artworks_fts/);
    expect(text).toMatch(/CREATE VIRTUAL TABLE `artworks_fts` USING fts5/);
    expect(text).toMatch(/INSERT INTO artworks_fts\(rowid, title, artist, tags, description\) SELECT[\s\S]*FROM artworks AS new;/);
  }, 120_000);

  it("restores into a fresh folder: same rows in every table, same keyword search, working triggers", async () => {
    const res = await db("restore", backupFile, "--persist-to", restored);
    expect(res.code, res.output).toBe(0);
    expect(res.output).toMatch(/row counts match the backup; rebuilt artworks_fts \(3 rows\)/);

    const tablesQuery = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name";
    const [tables] = await sql<{ name: string }>(original, tablesQuery);
    const countAll = `SELECT ${tables!.map((t, i) => `(SELECT count(*) FROM "${t.name}") AS c${i}`).join(", ")}`;
    const searches = ["lighthouse", "colour field", "oneil OR berg", "zoe", "stripes quoted"];
    // Keyword search as the site runs it (FTS5 MATCH, ranked), plus the rest of the schema.
    const probe = [
      ...searches.map((words) => `SELECT rowid FROM artworks_fts WHERE artworks_fts MATCH '${words}' ORDER BY rank`),
      "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger', 'view') AND sql IS NOT NULL ORDER BY name",
    ];
    // One wrangler call per database (each call is a wrangler process): the same reads of both,
    // and on the restored one, last, a rename that its FTS5 triggers must follow.
    const [before, ...a] = await sql<unknown>(original, [countAll, ...probe].join("; "));
    const [restoredTables, after, ...b] = await sql<unknown>(
      restored,
      [tablesQuery, countAll, ...probe, "UPDATE artworks SET title = 'Harbour Lights' WHERE id = 2", "SELECT rowid FROM artworks_fts WHERE artworks_fts MATCH 'harbour'"].join("; "),
    );
    expect(restoredTables).toEqual(tables);
    expect((before?.[0] as Record<string, number>).c0).toBeGreaterThanOrEqual(0);
    expect(after?.[0]).toEqual(before?.[0]);

    // The index keeps following the catalogue after the restore: its triggers were recreated.
    const renamed = b.splice(probe.length);
    expect(b).toEqual(a);
    searches.forEach((words, i) => expect(b[i]!.length, words).toBeGreaterThan(0));
    expect(renamed[1]).toEqual([{ rowid: 2 }]);
  }, 180_000);

  it("refuses to restore over a database that has tables", async () => {
    const res = await db("restore", backupFile, "--persist-to", original);
    expect(res.code).toBe(1);
    expect(res.output).toMatch(/db: the local .* database is not empty .*restore only into a fresh database/);
  }, 60_000);

  it("passes --remote (and --env) through to wrangler for production", () => {
    expect(targetArgs({ remote: true, env: "production" })).toEqual(["--remote", "--env", "production"]);
    expect(targetArgs({ remote: false, persistTo: "/tmp/x" })).toEqual(["--local", "--persist-to", "/tmp/x"]);
    expect(() => targetArgs({ remote: false, env: "production" })).toThrow(/--env only applies with --remote/);
  });

  it("derives the index refill from the index's own trigger, and refuses when it cannot", () => {
    const migration = readFileSync(join(projectRoot, "migrations", "0001_keyword_search.sql"), "utf8")
      .split("--> statement-breakpoint")
      .map((s) => s.split("\n").filter((line) => !line.startsWith("--")).join("\n").trim().replace(/;$/, ""));
    const entries: SchemaEntry[] = migration.map((statement) => {
      const name = /(?:TABLE|TRIGGER) `([^`]+)`/.exec(statement)![1]!;
      return { type: statement.startsWith("CREATE VIRTUAL") ? "table" : "trigger", name, tbl_name: name, sql: statement };
    });
    const plain: SchemaEntry = { type: "table", name: "artworks", tbl_name: "artworks", sql: "CREATE TABLE `artworks` (id integer)" };
    const shadow: SchemaEntry = { type: "table", name: "artworks_fts_data", tbl_name: "artworks_fts_data", sql: "CREATE TABLE 'artworks_fts_data'(id INTEGER PRIMARY KEY, block BLOB)" };
    const split = splitSchema([plain, ...entries, shadow]);
    expect(split.exportable).toEqual([plain]);
    expect(split.virtualTables.map((v) => v.name)).toEqual(["artworks_fts"]);
    expect(split.virtualTriggers).toHaveLength(4);
    const rebuild = rebuildVirtualTableSql(split.virtualTables[0]!, split.virtualTriggers);
    expect(rebuild[1]).toMatch(/^INSERT INTO artworks_fts\(rowid, title, artist, tags, description\) SELECT\s+new\.id,[\s\S]+new\.description FROM artworks AS new;$/);
    expect(rebuild[2]).toBe("INSERT INTO artworks_fts(artworks_fts) VALUES('optimize');");
    expect(() => rebuildVirtualTableSql(split.virtualTables[0]!, [])).toThrow(/cannot tell how to refill artworks_fts/);
  });
});
