/**
 * Processes the tests start must not outlive the test run, even when vitest itself is
 * interrupted before its teardown runs: on Linux, `setpriv --pdeathsig` asks the kernel to
 * signal the child when the process that started it dies (the local Browser Rendering
 * chromium is started the same way, scripts/lib/browser-shim.ts). Without setpriv the
 * command runs as given and only the teardown stops it.
 */
import { execFileSync } from "node:child_process";

let setpriv: string | null | undefined;

function setprivPath(): string | null {
  if (setpriv === undefined) {
    try {
      setpriv = execFileSync("sh", ["-c", "command -v setpriv"], { encoding: "utf8" }).trim() || null;
    } catch {
      setpriv = null;
    }
  }
  return setpriv;
}

/** The command and arguments that run `command` so it gets `signal` when this process dies. */
export function diesWithParent(command: string, args: string[], signal: "TERM" | "INT"): [string, string[]] {
  const path = setprivPath();
  return path ? [path, ["--pdeathsig", signal, command, ...args]] : [command, args];
}
