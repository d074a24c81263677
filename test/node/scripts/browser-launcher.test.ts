/**
 * The local Browser Rendering launcher (scripts/lib/browser-shim.ts) must not leave a browser
 * behind when whatever launched it dies without closing it: miniflare inside a vitest worker,
 * or a killed `npm run demo`. Here a shell launches it the way miniflare does and is then
 * killed; every process of that browser must be gone soon after.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { chromePathIn, ensureBrowserForLocalRendering } from "../../../scripts/lib/browser-shim";

const work = mkdtempSync(join(tmpdir(), "artsnob-launcher-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Pids of the processes in process group `pgid` (from /proc: pgid is the 5th field of stat). */
function processGroup(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pgid) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "latin1").replace(/\0/g, " ").slice(0, 120);
  } catch {
    return "(ended)";
  }
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    if (check()) return true;
  }
  return check();
}

describe("the local Browser Rendering launcher", () => {
  it("takes the browser down with it when its launcher's parent is killed", async (ctx) => {
    const installed = await ensureBrowserForLocalRendering(join(work, "cache"));
    if (installed !== "shim-installed" && installed !== "shim-present") ctx.skip();
    const launcher = chromePathIn(join(work, "cache"));
    // A parent of its own process group, as miniflare is to the launcher; the browser joins the group.
    const parent = spawn("sh", ["-c", `"${launcher}" --headless=new --remote-debugging-port=0 --user-data-dir="${join(work, "profile")}" about:blank & wait`], {
      detached: true,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let said = "";
    parent.stderr!.on("data", (chunk: Buffer) => (said += chunk.toString()));
    expect(await waitUntil(() => said.includes("DevTools listening on ws://"), 30_000), said).toBe(true);
    const group = parent.pid!;
    expect(processGroup(group).length).toBeGreaterThan(1);

    process.kill(parent.pid!, "SIGKILL");
    const gone = await waitUntil(() => processGroup(group).length === 0, 15_000);
    const left = processGroup(group).map((pid) => `${pid} ${commandOf(pid)}`);
    for (const pid of processGroup(group)) process.kill(pid, "SIGKILL");
    expect(gone, `left running:\n${left.join("\n")}`).toBe(true);
  }, 60_000);
});
