/**
 * The stack's child processes: an exit nobody asked for is told apart from a stop, so `npm run
 * demo` can say which of its processes died and why instead of meeting refused connections.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { startProcess } from "../../../scripts/lib/processes";

const dir = mkdtempSync(join(tmpdir(), "art-snob-processes-"));
afterAll(async () => {
  // The logs open asynchronously: removing the folder first made their open fail (ENOENT) after the tests.
  await vi.waitFor(() => expect(["crashes", "serves"].every((name) => existsSync(join(dir, `${name}.log`)))).toBe(true));
  rmSync(dir, { recursive: true, force: true });
});

const node = (name: string, code: string) =>
  startProcess({ name, command: process.execPath, args: ["-e", code], cwd: dir, env: process.env, logFile: join(dir, `${name}.log`) });

describe("startProcess", () => {
  it("reports an exit nobody asked for with its code, its output kept for the message", async () => {
    const proc = node("crashes", `console.error("✘ [ERROR] something broke"); process.exit(3);`);
    expect(await proc.exited).toEqual({ code: 3, signal: null });
    expect(proc.stopRequested).toBe(false);
    expect(proc.tail()).toContain("something broke");
  });

  it("marks an exit that stop() asked for, so it is not mistaken for a crash", async () => {
    const proc = node("serves", `setInterval(() => {}, 1000);`);
    const stopped = proc.stop();
    expect(proc.stopRequested).toBe(true);
    await stopped;
    expect((await proc.exited).signal).toBe("SIGTERM");
  });
});
