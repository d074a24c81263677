/**
 * `npm test [-- vitest arguments]`: the type checks and every test, at the same time.
 *
 * The two type checks (about 25 s of CPU) used to run before vitest started. They run beside it
 * now, at a lower CPU priority, so the test files that take longest start at once and the
 * checks use the moments the tests wait. The command fails when either fails; a failed type
 * check also stops the tests, since their run would not count.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { projectRoot } from "./lib/local-env";

const bin = (name: string) => join(projectRoot, "node_modules", ".bin", name);

/** Starts a command in its own process group (so it can be stopped with all it started), output shown. */
function start(command: string, args: string[]): ChildProcess {
  return spawn(command, args, { cwd: projectRoot, stdio: "inherit", detached: true });
}

function exitCode(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

function stop(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

// `nice` where the system has it (Linux, macOS): the checks yield the CPU to the tests.
const lowPriority = (command: string, args: string[]): [string, string[]] =>
  process.platform === "win32" ? [command, args] : ["nice", ["-n", "10", command, ...args]];

let checking: ChildProcess | null = null;
/** The two type checks, one after the other (as `npm run typecheck`); the first failure ends them. */
async function typecheck(): Promise<number> {
  for (const project of ["tsconfig.json", "tsconfig.node.json"]) {
    checking = start(...lowPriority(bin("tsc"), ["-p", project]));
    const code = await exitCode(checking);
    if (code !== 0) return code;
  }
  return 0;
}

const vitest = start(bin("vitest"), ["run", ...process.argv.slice(2)]);
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    interrupted = true;
    if (checking) stop(checking, signal);
    stop(vitest, signal);
  });
}

const typecheckDone = typecheck().then((code) => {
  if (code !== 0 && !interrupted) {
    console.error(`\nnpm test: the type check failed (exit ${code}); stopping the tests.`);
    stop(vitest, "SIGINT");
  }
  return code;
});
const [typecheckCode, vitestCode] = await Promise.all([typecheckDone, exitCode(vitest)]);
if (typecheckCode === 0 && vitestCode === 0) process.exit(0);
if (interrupted) {
  console.error("npm test: interrupted");
  process.exit(130);
}
console.error(`npm test: ${typecheckCode === 0 ? "type check passed" : "type check FAILED"}; tests ${vitestCode === 0 ? "passed" : `FAILED (exit ${vitestCode})`}`);
process.exit(1);
