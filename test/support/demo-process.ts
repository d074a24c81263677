/**
 * `npm run demo` as a person runs it, for the end-to-end tests: the real
 * scripts/demo.ts in a terminal-like process group of its own, its output lines
 * timestamped, stopped with Ctrl-C (SIGINT to the whole group), and afterwards a
 * list of every process it started that is still alive. Each demo gets a marker in
 * its environment, which everything it starts (wrangler, workerd, the encoder, the
 * demo shop, the chromium of local Browser Rendering) inherits, so leftovers are
 * found by reading /proc, not by guessing names.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../scripts/lib/local-env";
import { diesWithParent } from "./parent-death";

export interface DemoLine {
  atMs: number;
  text: string;
}

export interface DemoProcess {
  lines: DemoLine[];
  /** Resolves with the first line matching `pattern`; rejects if the demo exits first or time runs out. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<DemoLine>;
  /** Ctrl-C: SIGINT to the demo's process group; resolves with its exit code and what it left running. */
  interrupt(timeoutMs?: number): Promise<{ code: number | null; leftovers: string[] }>;
  child: ChildProcess;
}

export function startDemo(args: string[], env: Record<string, string> = {}): DemoProcess {
  const marker = randomUUID();
  const started = Date.now();
  // Ctrl-C from the kernel too if the test process dies without stopping it (the demo then stops everything it started).
  const [command, commandArgs] = diesWithParent(process.execPath, ["--import", "tsx", "scripts/demo.ts", ...args], "INT");
  const child = spawn(command, commandArgs, {
    cwd: projectRoot,
    detached: true,
    env: { ...process.env, ...env, ARTSNOB_DEMO_MARKER: marker, FORCE_COLOR: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: DemoLine[] = [];
  const waiters = new Set<() => void>();
  let partial = "";
  const onData = (chunk: Buffer) => {
    partial += chunk.toString("utf8");
    const parts = partial.split(/\r?\n|\r/);
    partial = parts.pop() ?? "";
    for (const text of parts) if (text.trim()) lines.push({ atMs: Date.now() - started, text });
    for (const wake of waiters) wake();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.once("exit", () => {
    for (const wake of waiters) wake();
  });

  return {
    lines,
    child,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`demo printed no line matching ${pattern} within ${timeoutMs / 1000} s; it printed:\n${tail(lines)}`)), timeoutMs);
        const check = () => {
          const found = lines.find((line) => pattern.test(line.text));
          if (found) return finish(undefined, found);
          if (child.exitCode !== null) finish(new Error(`demo exited (code ${child.exitCode}) before printing ${pattern}:\n${tail(lines)}`));
        };
        const finish = (error?: Error, line?: DemoLine) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolve(line!);
        };
        waiters.add(check);
        check();
      });
    },
    async interrupt(timeoutMs = 30_000) {
      if (child.exitCode === null) process.kill(-child.pid!, "SIGINT");
      const code = await Promise.race([exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs))]);
      // Give the kernel a moment to reap what was killed, then look.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const leftovers = processesWithMarker(marker);
      for (const pid of leftovers.map((l) => Number(l.split(" ")[0]))) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // gone
        }
      }
      return { code, leftovers };
    },
  };
}

/** "pid command" of every live process whose environment carries the marker. */
export function processesWithMarker(marker: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const environ = readFileSync(join("/proc", name, "environ"), "latin1");
      if (!environ.includes(`ARTSNOB_DEMO_MARKER=${marker}`)) continue;
      const state = readFileSync(join("/proc", name, "stat"), "latin1");
      if (/^\d+ \(.*\) Z /.test(state)) continue; // a zombie is already dead
      found.push(`${name} ${readFileSync(join("/proc", name, "cmdline"), "latin1").replace(/\0/g, " ").slice(0, 160)}`);
    } catch {
      // ended while we looked, or not ours to read
    }
  }
  return found;
}

function tail(lines: DemoLine[]): string {
  return lines.slice(-60).map((l) => l.text).join("\n");
}
