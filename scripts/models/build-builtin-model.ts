/**
 * Regenerates the committed built-in model: `npx tsx scripts/models/build-builtin-model.ts [outDir]`.
 * Deterministic: running it again produces byte-identical files.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { buildBuiltinModel, BUILTIN_MODEL_ID } from "../../offline/models/builtin-colour";
import { writeModelFolder } from "../../offline/models/model-folder";

const outDir = resolve(process.argv[2] ?? join("models", BUILTIN_MODEL_ID));
const files = buildBuiltinModel();
await writeModelFolder(outDir, files);
for (const name of [files.manifest.imageEncoder.file, files.manifest.textEncoder.file, "manifest.json"]) {
  const data = await readFile(join(outDir, name));
  console.log(`${name}  ${data.length} bytes  sha256 ${createHash("sha256").update(data).digest("hex")}`);
}
console.log(`wrote ${files.manifest.id} (${files.manifest.dimensions} dims) to ${outDir}`);
