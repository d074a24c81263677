/**
 * Measurements that need a clean process (peak memory, no JIT or heap left over from an earlier
 * step) run in a child: `node --import tsx <script> '<json args>'`. The child prints progress as
 * ordinary lines and its result as one `BENCH_RESULT {json}` line; peak RSS is added here from
 * the child's own getrusage, so every result carries it.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";

export const projectRoot = resolve(import.meta.dirname, "..", "..");
const RESULT_MARK = "BENCH_RESULT ";

export interface ChildOutcome {
  /** Peak resident set size of the child, in bytes (getrusage ru_maxrss). */
  maxRssBytes: number;
}

export function runChild<T>(script: string, args: unknown, options: { onLine?: (line: string) => void; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<T & ChildOutcome> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", resolve(projectRoot, script), JSON.stringify(args)], {
      cwd: projectRoot,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let result: (T & ChildOutcome) | undefined;
    const tail: string[] = [];
    const onText = (buffered: { text: string }) => (chunk: Buffer) => {
      buffered.text += chunk.toString("utf8");
      let newline: number;
      while ((newline = buffered.text.indexOf("\n")) >= 0) {
        const line = buffered.text.slice(0, newline).replace(/\r/g, "");
        buffered.text = buffered.text.slice(newline + 1);
        if (line.startsWith(RESULT_MARK)) {
          result = JSON.parse(line.slice(RESULT_MARK.length)) as T & ChildOutcome;
          continue;
        }
        tail.push(line);
        if (tail.length > 40) tail.shift();
        if (line.trim()) options.onLine?.(line);
      }
    };
    child.stdout.on("data", onText({ text: "" }));
    child.stderr.on("data", onText({ text: "" }));
    const timer = options.timeoutMs
      ? setTimeout(() => {
          child.kill("SIGKILL");
        }, options.timeoutMs)
      : undefined;
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (timer) clearTimeout(timer);
      if (code === 0 && result) resolvePromise(result);
      else reject(new Error(`${script} ${signal ? `was killed (${signal})` : `exited with code ${code}`}${result ? "" : " without a result"}:\n${tail.join("\n")}`));
    });
  });
}

/** In the child: its arguments. */
export function childArgs<T>(): T {
  const raw = process.argv[2];
  if (!raw) throw new Error("benchmark child started without its JSON arguments");
  return JSON.parse(raw) as T;
}

/** In the child: hands the result to the parent, with the peak RSS so far. */
export function sendResult(result: object): void {
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(`${RESULT_MARK}${JSON.stringify({ ...result, maxRssBytes })}\n`);
}
