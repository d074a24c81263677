/**
 * Chromium trees started by local Browser Rendering. Miniflare launches the
 * browser in a process group of its own, so stopping the dev process's group
 * does not reach it and it lived on (parent 1) after every stop. The launcher
 * (scripts/lib/browser-shim.ts) records each browser's pid in the stack's folder
 * and asks the kernel to kill it when its launcher dies; this stops whatever is
 * still recorded, group and all.
 */
import { readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

export function stopOrphanedBrowsers(pidDir: string): number {
  let stopped = 0;
  let names: string[] = [];
  try {
    names = readdirSync(pidDir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const pid = Number(name);
    if (Number.isInteger(pid) && pid > 1 && isBrowser(pid)) {
      for (const target of [-pid, pid]) {
        try {
          process.kill(target, "SIGKILL");
          stopped++;
        } catch {
          // already gone
        }
      }
    }
    rmSync(join(pidDir, name), { force: true });
  }
  return stopped;
}

/** A recorded pid may have ended and been reused: only a chromium is stopped. */
function isBrowser(pid: number): boolean {
  try {
    return /chrom/i.test(readFileSync(`/proc/${pid}/cmdline`, "latin1"));
  } catch {
    return process.platform !== "linux";
  }
}
