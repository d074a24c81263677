/**
 * Reading what wrangler 4 prints, in the formats its own source writes them:
 * `--json` lists where the command has one, cli-table3 boxes (`queues list`),
 * labelled values (`r2 bucket list`, `pages secret list`), and the URL lines of
 * `deploy`. Each reader takes the whole stdout and ignores banners and logs.
 */

/** The first JSON array or object in the output (wrangler may print a banner first). */
export function jsonIn<T>(stdout: string): T {
  const start = stdout.search(/^\s*[[{]/m);
  if (start < 0) throw new Error(`expected JSON from wrangler, got: ${stdout.slice(0, 200)}`);
  return JSON.parse(stdout.slice(start)) as T;
}

/** `wrangler d1 list --json`: the D1 API's database objects. */
export function d1Databases(stdout: string): { uuid: string; name: string }[] {
  return jsonIn<{ uuid: string; name: string }[]>(stdout);
}

/** `wrangler vectorize list --json`: the V2 index objects. */
export function vectorIndexes(stdout: string): { name: string; config?: { dimensions: number; metric: string } }[] {
  return jsonIn(stdout);
}

/** `wrangler vectorize list-metadata-index NAME --json`. */
export function metadataIndexes(stdout: string): { propertyName: string; indexType: string }[] {
  if (!/[[{]/.test(stdout)) return [];
  return jsonIn(stdout);
}

/** `wrangler pages project list --json`: rows keyed by their table headings. */
export function pagesProjects(stdout: string): string[] {
  return jsonIn<{ "Project Name": string }[]>(stdout).map((row) => row["Project Name"]);
}

/** `wrangler whoami --json`. */
export function accounts(stdout: string): { id: string; name: string }[] {
  return jsonIn<{ accounts?: { id: string; name: string }[] }>(stdout).accounts ?? [];
}

/** `wrangler r2 bucket list`: blocks of "name:  X\ncreation_date:  Y". */
export function r2Buckets(stdout: string): string[] {
  return [...stdout.matchAll(/^name:\s+(\S+)\s*$/gm)].map((m) => m[1]!);
}

/** `wrangler queues list`: a cli-table3 table with id, name, ... columns. */
export function queueNames(stdout: string): string[] {
  const rows = stdout
    .split("\n")
    .filter((line) => line.startsWith("│"))
    .map((line) => line.split("│").slice(1, -1).map((cell) => cell.trim()));
  const head = rows[0];
  const column = head?.indexOf("name") ?? -1;
  if (column < 0) return [];
  return rows.slice(1).map((cells) => cells[column]!).filter(Boolean);
}

/** `wrangler secret list --env X`: a JSON array of { name, type }. */
export function workerSecrets(stdout: string): string[] {
  return jsonIn<{ name: string }[]>(stdout).map((s) => s.name);
}

/** `wrangler pages secret list`: lines "  - NAME: Value Encrypted". */
export function pagesSecrets(stdout: string): string[] {
  return [...stdout.matchAll(/^\s*-\s+([A-Za-z0-9_]+):/gm)].map((m) => m[1]!);
}

/** `wrangler deploy`: the workers.dev URL it prints after "Deployed <name> triggers". */
export function workersDevUrl(stdout: string): string | null {
  return stdout.match(/https:\/\/[a-z0-9.-]+\.workers\.dev/)?.[0] ?? null;
}
