/**
 * How provision runs commands: `wrangler` (and `npm` for the site build) from
 * PATH, stdout captured, stdin fed for secrets. In a dry run nothing is run:
 * every command is printed, reads answer "nothing exists yet", so the printed
 * plan is what a first run on a new account would do.
 */
import { spawn } from "node:child_process";

export interface Command {
  cmd: "wrangler" | "npm";
  args: string[];
  /** Relative to the project root. */
  cwd?: string;
  /** Fed to stdin (secret values); never printed. */
  stdin?: string;
  /** Reads list what exists; they run in a dry run too only when `readsInDryRun`. */
  kind: "read" | "write";
}

export interface Runner {
  readonly dryRun: boolean;
  /** stdout of the command; null for a read skipped in a dry run. */
  run(command: Command): Promise<string | null>;
}

export const shellLine = (c: Command) =>
  `${c.cwd ? `(cd ${c.cwd} && ` : ""}${[c.cmd, ...c.args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(" ")}${c.stdin !== undefined ? " <<< '<secret>'" : ""}${c.cwd ? ")" : ""}`;

export function processRunner(root: string, log: (line: string) => void, dryRun: boolean): Runner {
  return {
    dryRun,
    async run(command) {
      log(`${dryRun ? "would run" : "$"} ${shellLine(command)}`);
      if (dryRun) return null;
      return new Promise<string>((resolve, reject) => {
        const child = spawn(command.cmd, command.args, {
          cwd: command.cwd ? `${root}/${command.cwd}` : root,
          env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
          stdio: ["pipe", "pipe", "pipe"],
        });
        let out = "";
        let err = "";
        child.stdout.on("data", (d: Buffer) => (out += d.toString()));
        child.stderr.on("data", (d: Buffer) => (err += d.toString()));
        child.on("error", reject);
        child.on("close", (code) => {
          if (code === 0) resolve(out);
          else reject(new Error(`${shellLine(command)} failed (exit ${code}): ${(err || out).trim().split("\n").slice(-5).join(" | ")}`));
        });
        child.stdin.end(command.stdin ?? "");
      });
    },
  };
}
