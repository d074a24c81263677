/**
 * Where the pipeline reads and writes: the deployment's admin API (URL and
 * token from the environment, or the local dev stack's defaults), the model
 * folder, and the local work folder.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { PipelineError } from "./errors";

export interface PipelineConfig {
  apiUrl: string;
  token: string;
  modelDir: string;
  workDir: string;
}

const projectRoot = resolve(import.meta.dirname, "..");

export function resolveConfig(env: NodeJS.ProcessEnv = process.env, flags: Record<string, string> = {}): PipelineConfig {
  // The local stack answers for the Worker on the site's port (scripts/lib/stack.ts).
  const apiUrl = flags.api ?? env.ADMIN_API_URL ?? "http://127.0.0.1:8788";
  const token = flags.token ?? env.ADMIN_TOKEN ?? localDevToken();
  if (!token) throw new PipelineError("no admin token: set ADMIN_TOKEN (the Worker's secret) or run `npm run dev` once to create .dev.vars");
  const modelDir = resolveModelDir(env, flags);
  const workDir = resolve(flags["work-dir"] ?? env.OFFLINE_WORK_DIR ?? join(projectRoot, ".offline"));
  return { apiUrl, token, modelDir, workDir };
}

/** --model, else MODEL_DIR, else the default model folder: what the pipeline and the query encoder both load. */
export function resolveModelDir(env: NodeJS.ProcessEnv = process.env, flags: { model?: string } = {}): string {
  return resolve(flags.model ?? env.MODEL_DIR ?? defaultModelDir());
}

/** CLIP when it has been fetched, else the built-in colour model that ships with the repo. */
function defaultModelDir(): string {
  const clip = join(projectRoot, "models", "clip-vit-b32");
  return existsSync(join(clip, "manifest.json")) ? clip : join(projectRoot, "models", "builtin-colour-v1");
}

function localDevToken(): string | undefined {
  const file = join(projectRoot, ".dev.vars");
  if (!existsSync(file)) return undefined;
  return /^\s*ADMIN_TOKEN\s*=\s*"?([^"\n]+)"?/m.exec(readFileSync(file, "utf8"))?.[1];
}
