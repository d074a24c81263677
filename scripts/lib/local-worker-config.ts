/**
 * The crawler Worker's configuration for one local stack: wrangler.toml's local
 * (top-level) settings with this stack's vars (ports, admin token), written as a
 * JSON config file in the stack's state folder. The site's dev process loads it
 * as a second config, so the Worker runs in the same process as the site
 * (docs/decisions/0015-one-local-process.md).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { experimental_readRawConfig } from "wrangler";
import { projectRoot } from "./local-env";

export function writeLocalWorkerConfig(path: string, vars: Record<string, string>): string {
  const { rawConfig } = experimental_readRawConfig({ config: join(projectRoot, "wrangler.toml") });
  // Local settings only; paths made absolute because the file lives elsewhere.
  const { env: _environments, ...local } = rawConfig;
  const config = {
    ...local,
    main: join(projectRoot, rawConfig.main ?? "workers/index.ts"),
    d1_databases: (rawConfig.d1_databases ?? []).map((db: { migrations_dir?: string }) => ({ ...db, migrations_dir: join(projectRoot, db.migrations_dir ?? "migrations") })),
    vars: { ...(rawConfig.vars ?? {}), ...vars },
  };
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}
