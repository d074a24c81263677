/**
 * Runs in Node before the site's tests: starts the real query encoder (offline/encoder,
 * `npm run encoder`) with the committed built-in colour model on a free port, in its own
 * process, so search tests reach it from inside workerd exactly as the site reaches it in
 * production. Tests read the URL with inject("encoderUrl") and skip the encoder cases when
 * it is absent.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { diesWithParent } from "./parent-death";

declare module "vitest" {
  export interface ProvidedContext {
    encoderUrl: string;
  }
}

const ROOT = join(import.meta.dirname, "..", "..");
const START_TIMEOUT_MS = 60_000;

export default async function setup(project: TestProject) {
  // Stopped by the teardown below, or by the kernel if vitest dies before it runs.
  const [command, args] = diesWithParent(
    process.execPath,
    ["--import", "tsx", "offline/encoder/main.ts", "--port", "0", "--device", "cpu", "--model", join(ROOT, "models", "builtin-colour-v1")],
    "TERM",
  );
  const child = spawn(command, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`the query encoder did not start within ${START_TIMEOUT_MS / 1000} s:\n${output}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /query encoder: .* at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the query encoder exited (${code}) before it was ready:\n${output}`));
    });
  });
  // Keep draining its request log so the pipe never fills.
  child.stdout.resume();
  child.stderr.resume();
  project.provide("encoderUrl", url);
  return async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
}
