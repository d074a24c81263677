/**
 * Which model the demo embeds with: CLIP ViT-B/32 when it is here or can be
 * fetched (pinned URLs and checksums, progress bar, cached in models/), else the
 * built-in colour model that ships with the repository, said in one line.
 * `--model builtin|clip-vit-b32` chooses instead of "auto".
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { FetchOptions } from "../../offline/models/fetch";

export const DEMO_MODELS = ["auto", "builtin", "clip-vit-b32"] as const;
export type DemoModelChoice = (typeof DEMO_MODELS)[number];

const BUILTIN_ID = "builtin-colour-v1";
const CLIP_ID = "clip-vit-b32";

export interface DemoModel {
  id: string;
  modelDir: string;
}

export interface ChooseModelDeps {
  modelsDir: string;
  fetchModel: (id: string, modelsDir: string, options: FetchOptions) => Promise<string>;
  onProgress?: FetchOptions["onProgress"];
  log: (line: string) => void;
}

export function parseModelChoice(value: string | undefined): DemoModelChoice {
  const choice = value ?? "auto";
  if (!(DEMO_MODELS as readonly string[]).includes(choice)) {
    throw new Error(`--model must be one of ${DEMO_MODELS.join(", ")} (got "${choice}")`);
  }
  return choice as DemoModelChoice;
}

export async function chooseDemoModel(choice: DemoModelChoice, deps: ChooseModelDeps): Promise<DemoModel> {
  const builtin = { id: BUILTIN_ID, modelDir: join(deps.modelsDir, BUILTIN_ID) };
  if (choice === "builtin") return builtin;
  const clipDir = join(deps.modelsDir, CLIP_ID);
  if (existsSync(join(clipDir, "manifest.json"))) return { id: CLIP_ID, modelDir: clipDir };
  try {
    const modelDir = await deps.fetchModel(CLIP_ID, deps.modelsDir, { onProgress: deps.onProgress });
    return { id: CLIP_ID, modelDir };
  } catch (error) {
    const reason = (error as Error).message.split(/[;\n]/)[0];
    if (choice === CLIP_ID) throw new Error(`CLIP ViT-B/32 could not be fetched: ${reason}`);
    deps.log(`CLIP ViT-B/32 could not be fetched (${reason}); using the built-in colour model. \`npm run demo -- --model clip-vit-b32\` tries again.`);
    return builtin;
  }
}
