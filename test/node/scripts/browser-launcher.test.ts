/**
 * The local Browser Rendering launcher (scripts/lib/browser-shim.ts) must not leave a browser
 * behind when whatever launched it dies without closing it: miniflare inside a vitest worker,
 * or a killed `npm run demo`. Here a shell launches it the way miniflare does and is then
 * killed; every process of that browser (each carries the shell's marker in its environment)
 * must be gone soon after.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { chromePathIn, ensureBrowserForLocalRendering } from "../../../scripts/lib/browser-shim";
import { processesWithMarker } from "../../support/demo-process";

const work = mkdtempSync(join(tmpdir(), "artsnob-launcher-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

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
    // A parent of its own process group, as miniflare is to the launcher.
    const marker = `launcher-${process.pid}-${Date.now()}`;
    const parent = spawn("sh", ["-c", `"${launcher}" --headless=new --remote-debugging-port=0 --user-data-dir="${join(work, "profile")}" about:blank & wait`], {
      detached: true,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, ARTSNOB_DEMO_MARKER: marker },
    });
    let said = "";
    parent.stderr!.on("data", (chunk: Buffer) => (said += chunk.toString()));
    expect(await waitUntil(() => said.includes("DevTools listening on ws://"), 30_000), said).toBe(true);
    expect(processesWithMarker(marker).length).toBeGreaterThan(1);

    process.kill(parent.pid!, "SIGKILL");
    const gone = await waitUntil(() => processesWithMarker(marker).length === 0, 15_000);
    const left = processesWithMarker(marker);
    for (const line of left) {
      try {
        process.kill(Number(line.split(" ")[0]), "SIGKILL");
      } catch {
        // ended meanwhile
      }
    }
    expect(gone, `left running:\n${left.join("\n")}`).toBe(true);
  }, 60_000);
});
