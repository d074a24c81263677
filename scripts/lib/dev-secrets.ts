/**
 * Local secrets, kept in `.dev.vars` (git-ignored; the file Wrangler itself reads
 * for local secrets). Created with random values on first use, so a fresh clone
 * needs no setup and no secret ever lives in the repository.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "./local-env";

export interface DevSecrets {
  ADMIN_TOKEN: string;
  SESSION_SECRET: string;
}

export function readOrCreateDevSecrets(file = join(projectRoot, ".dev.vars")): DevSecrets {
  const values: Record<string, string> = {};
  if (existsSync(file)) {
    for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
      const match = /^\s*([A-Z0-9_]+)\s*=\s*"?([^"]*)"?\s*$/.exec(line);
      if (match) values[match[1]!] = match[2]!;
    }
  }
  let changed = false;
  for (const key of ["ADMIN_TOKEN", "SESSION_SECRET"] as const) {
    if (!values[key]) {
      values[key] = randomBytes(24).toString("base64url");
      changed = true;
    }
  }
  if (changed) {
    const body = Object.entries(values).map(([k, v]) => `${k}="${v}"`).join("\n");
    writeFileSync(file, `# Local secrets for wrangler dev (git-ignored). Production: wrangler secret put NAME\n${body}\n`, { mode: 0o600 });
  }
  return { ADMIN_TOKEN: values.ADMIN_TOKEN!, SESSION_SECRET: values.SESSION_SECRET! };
}
