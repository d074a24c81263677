import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { MANIFEST_FILE, parseManifest, type ModelManifest } from "./manifest";

export interface ModelFiles {
  manifest: ModelManifest;
  image: Uint8Array;
  text: Uint8Array;
}

/** Writes to a temp name and renames into place, so a kill never leaves half a file. */
async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${path}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** Writes (validated) manifest.json; written last, its presence says the folder is complete. */
export async function writeManifest(dir: string, manifest: ModelManifest): Promise<void> {
  const valid = parseManifest(manifest, "being written");
  await writeFileAtomic(join(dir, MANIFEST_FILE), `${JSON.stringify(valid, null, 2)}\n`);
}

/** Writes a whole model folder: both ONNX files, then the manifest. */
export async function writeModelFolder(dir: string, files: ModelFiles): Promise<void> {
  parseManifest(files.manifest, "being written");
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, files.manifest.imageEncoder.file), files.image);
  await writeFileAtomic(join(dir, files.manifest.textEncoder.file), files.text);
  await writeManifest(dir, files.manifest);
}
