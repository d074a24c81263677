/**
 * `tsx offline/cli.ts run` (the whole offline pipeline) as a child process, as an operator runs
 * it; `env` names the admin API and work folder (ADMIN_API_URL, ADMIN_TOKEN, OFFLINE_WORK_DIR).
 * Resolves with its output; rejects with the output's end when it fails.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { projectRoot } from "./local-env";

export function runOfflinePipeline(env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(projectRoot, "node_modules", ".bin", "tsx"), ["offline/cli.ts", "run"], {
      cwd: projectRoot,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(output) : reject(new Error(`offline pipeline exited ${code}:\n${output.slice(-2000)}`))));
  });
}
