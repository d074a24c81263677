/** Child processes that are started as a group and always stopped as one. */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { dirname } from "node:path";

/** How a process ended: its exit code, or the signal that ended it. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** Recent output, for error messages when the process dies early. */
  tail(): string;
  /** Resolves when the process has exited, however that happened. */
  exited: Promise<ProcessExit>;
  /** Whether stop() was called (by its owner or stopAllProcesses): an exit after it was asked for. */
  readonly stopRequested: boolean;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** Also copy output to this process's stdout with a "[name]" prefix. */
  echo?: boolean;
}

/** Every process started and not yet stopped, so a signal at any moment can stop them all. */
const running = new Set<ManagedProcess>();

export async function stopAllProcesses(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()));
}

// Last resort when the parent exits without stopping its children (synchronous: no awaiting here).
process.once("exit", () => {
  for (const proc of running) signalGroup(proc.child, "SIGKILL");
});

export function startProcess(options: StartOptions): ManagedProcess {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: "a" });
  // detached: its own process group, so stopping it also stops what it spawned (workerd, chromium).
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const recent: string[] = [];
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    const text = chunk.toString("utf8");
    recent.push(text);
    if (recent.length > 200) recent.shift();
    if (options.echo) {
      for (const line of text.split(/\r?\n/)) if (line.trim()) process.stdout.write(`[${options.name}] ${line}\n`);
    }
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<ProcessExit>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  // The log is closed once the output ends, whether or not stop() was called (a crashed process's too).
  let logEnded = false;
  const endLog = () => {
    if (logEnded) return;
    logEnded = true;
    log.end();
  };
  child.once("close", endLog);

  let stopRequested = false;
  const managed: ManagedProcess = {
    name: options.name,
    child,
    logFile: options.logFile,
    tail: () => recent.join("").split("\n").slice(-40).join("\n"),
    exited,
    get stopRequested() {
      return stopRequested;
    },
    async stop() {
      stopRequested = true;
      running.delete(managed);
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalGroup(child, "SIGTERM");
      const killed = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
      if (!killed) {
        signalGroup(child, "SIGKILL");
        await exited;
      }
      endLog();
    },
  };
  running.add(managed);
  return managed;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = LISTEN_PORTS.from + Math.floor(Math.random() * (LISTEN_PORTS.to - LISTEN_PORTS.from));
    if (handedOut.has(port)) continue;
    if (await isPortFree(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port found between ${LISTEN_PORTS.from} and ${LISTEN_PORTS.to}`);
}

/**
 * Ports for our servers come from below Linux's ephemeral range (32768-60999). A port the kernel
 * hands out for "port 0" is from that range, which outgoing connections also draw on: between
 * choosing such a port and a server listening on it (seconds, while migrations run), a client's
 * connection took it and the server failed with EADDRINUSE.
 */
const LISTEN_PORTS = portBand(20_000, 32_768);

/**
 * Test files run two or more at a time, each in its own process, and several start servers:
 * each vitest worker (VITEST_POOL_ID) picks from a band of its own, so two processes never
 * check and take the same port in the same few seconds. Other processes use the first band.
 */
function portBand(from: number, to: number, bands = 4): { from: number; to: number } {
  const band = Number(process.env.VITEST_POOL_ID ?? 0) % bands;
  const width = Math.floor((to - from) / bands);
  return { from: from + band * width, to: from + (band + 1) * width };
}
/** Not handed out twice by one process, even when two callers check the same port at once. */
const handedOut = new Set<number>();

/** Polls a URL until it answers 2xx, failing early if the process behind it exits. */
export async function waitForHttp(url: string, proc: ManagedProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) {
      throw new Error(`${proc.name} exited (code ${proc.child.exitCode}) before it was ready. Its log (${proc.logFile}) ends with:\n${proc.tail()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(300);
  }
  throw new Error(`${proc.name} did not answer ${url} within ${Math.round(timeoutMs / 1000)} s. Its log (${proc.logFile}) ends with:\n${proc.tail()}`);
}

/**
 * Fails with one line naming the first fixed port that something else already holds,
 * and how to choose others (0 means "any free port" and is never checked).
 */
export async function assertPortsFree(ports: [name: string, port: number][]): Promise<void> {
  for (const [name, port] of ports) {
    if (port === 0) continue;
    if (!(await isPortFree(port))) {
      throw new PortInUseError(
        `port ${port} (${name}) is already in use, perhaps by another \`npm run dev\` or \`npm run demo\`: stop that, or choose other ports with --port N (site on N, encoder N+1, demo shops N+2 and N+3)`,
      );
    }
  }
}

export class PortInUseError extends Error {}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** The first of `count` consecutive ports that were all free a moment ago (for a stack whose ports follow one base). */
export async function freePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = LISTEN_PORTS.from + Math.floor(Math.random() * (LISTEN_PORTS.to - LISTEN_PORTS.from - count));
    let free = true;
    for (let i = 0; i < count && free; i++) free = await isPortFree(base + i);
    if (free) return base;
  }
  throw new Error(`no ${count} consecutive free ports found`);
}
