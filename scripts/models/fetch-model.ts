/**
 * Downloads a pinned model: `npx tsx scripts/models/fetch-model.ts clip-vit-b32|clip-vit-b32-int8 [modelsDir]`.
 * The offline CLI's `model fetch` does the same; this exists for use before that is wired.
 * Failures print one line (no stack trace) and exit 1.
 */
import { formatProgress } from "../../offline/models/download";
import { ModelError } from "../../offline/models/errors";
import { fetchModel } from "../../offline/models/fetch";

const [id = "clip-vit-b32", modelsDir = "models"] = process.argv.slice(2);
const tty = process.stderr.isTTY;
try {
  const dir = await fetchModel(id, modelsDir, {
    onProgress: (p) => process.stderr.write(tty ? `\r${formatProgress(p)}\x1b[K` : `${formatProgress(p)}\n`),
  });
  if (tty) process.stderr.write("\n");
  console.log(`model ${id} ready in ${dir}; use it with MODEL_DIR=${dir}`);
} catch (error) {
  if (tty) process.stderr.write("\n");
  console.error(`error: ${error instanceof ModelError ? error.message : String((error as Error).message ?? error).split("\n")[0]}`);
  process.exit(1);
}
