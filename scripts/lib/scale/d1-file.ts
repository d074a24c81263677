/**
 * The SQLite file behind the local D1 database of a state folder: miniflare keeps one file per
 * database under <state>/v3/d1/miniflare-D1DatabaseObject/<hash>.sqlite. Migrations are applied
 * with wrangler first (which also creates the file), so the schema is exactly the project's.
 */
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { localCloudflareEnv, projectRoot } from "../local-env";
import { runCommand } from "../run";

const d1Dir = (state: string) => join(state, "v3", "d1");

/** Deletes the state folder's local D1 databases (not R2, not Durable Objects). */
export function dropLocalD1(state: string): void {
  rmSync(d1Dir(state), { recursive: true, force: true });
}

export async function migrateLocalD1(state: string): Promise<void> {
  await runCommand(join(projectRoot, "node_modules", ".bin", "wrangler"), ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state], {
    cwd: projectRoot,
    env: localCloudflareEnv(),
    label: "wrangler d1 migrations apply",
  });
}

export function localD1File(state: string): string {
  const dir = join(d1Dir(state), "miniflare-D1DatabaseObject");
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite") : [];
  if (files.length !== 1) throw new Error(`expected one local D1 database in ${dir}, found ${files.length}`);
  return join(dir, files[0]!);
}
