/**
 * The query encoder's image and its Container config, checked without Docker (these
 * machines have none): every file the Dockerfile copies exists, every module the encoder
 * imports is copied, every package it imports is installed in the image at the version of
 * the project's lockfile, the entry command exists, and the encoder Worker's config names
 * the class its code exports with the binding and migration Containers need.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { REMOTE_MODELS } from "../../../offline/models/fetch";
import { SECRETS } from "../../../scripts/lib/provision/resources";

const repo = resolve(import.meta.dirname, "../../..");
const read = (path: string) => readFileSync(join(repo, path), "utf8");
const dockerfile = read("offline/encoder/Dockerfile");

/** COPY instructions as [sources, destination], relative to the build context (the repository root). */
const copies = [...dockerfile.matchAll(/^COPY\s+(.+)$/gm)].map((m) => {
  const parts = m[1]!.trim().split(/\s+/);
  return { sources: parts.slice(0, -1), destination: parts.at(-1)! };
});
const copied = (file: string) => copies.some((c) => c.sources.some((s) => (s.endsWith("/") ? file.startsWith(s) : file === s)));

async function encoderImports(): Promise<{ files: string[]; packages: string[] }> {
  const result = await build({ entryPoints: [join(repo, "offline/encoder/main.ts")], bundle: true, platform: "node", format: "esm", write: false, metafile: true, packages: "external", logLevel: "silent" });
  const inputs = Object.values(result.metafile.inputs);
  const packages = new Set(inputs.flatMap((i) => i.imports).filter((i) => i.external && !i.path.startsWith("node:")).map((i) => i.path.split("/").slice(0, i.path.startsWith("@") ? 2 : 1).join("/")));
  return { files: Object.keys(result.metafile.inputs).map((f) => relative(repo, resolve(process.cwd(), f))), packages: [...packages] };
}

describe("the query encoder's image (offline/encoder/Dockerfile)", () => {
  it("starts from Node 20 slim and copies only files that exist", () => {
    expect(dockerfile).toMatch(/^FROM node:20-slim$/m);
    expect(copies.length).toBeGreaterThan(0);
    for (const source of copies.flatMap((c) => c.sources)) expect(existsSync(join(repo, source)), `COPY ${source}`).toBe(true);
    // Never the whole repository: no dev tooling, tests or local state in the image.
    expect(copies.flatMap((c) => c.sources)).not.toContain(".");
  });

  it("copies every module the encoder imports", async () => {
    const { files } = await encoderImports();
    expect(files.length).toBeGreaterThan(5);
    expect(files.filter((f) => !copied(f))).toEqual([]);
  });

  it("installs every package the encoder imports, at the project's locked versions", async () => {
    const image = JSON.parse(read("offline/encoder/container/package.json")) as { dependencies: Record<string, string> };
    const imageLock = JSON.parse(read("offline/encoder/container/package-lock.json")) as { packages: Record<string, { version?: string }> };
    const projectLock = JSON.parse(read("package-lock.json")) as { packages: Record<string, { version?: string }> };
    const { packages } = await encoderImports();
    for (const name of [...packages, "tsx"]) {
      expect(image.dependencies[name], `${name} in the image's package.json`).toBeDefined();
    }
    for (const [name, version] of Object.entries(image.dependencies)) {
      expect(version, `${name}: the image's version is the project's`).toBe(projectLock.packages[`node_modules/${name}`]?.version);
      expect(imageLock.packages[`node_modules/${name}`]?.version, `${name} in the image's lockfile`).toBe(version);
    }
  });

  it("runs an entry that exists: checks the model's SHA-256 sums, then the encoder on every interface", () => {
    expect(dockerfile).toMatch(/^CMD \["\/app\/start\.sh"\]$/m);
    expect(copies.some((c) => c.sources.includes("offline/encoder/container/start.sh") && c.destination === "./start.sh")).toBe(true);
    expect(statSync(join(repo, "offline/encoder/container/start.sh")).mode & 0o111).not.toBe(0);
    const start = read("offline/encoder/container/start.sh");
    expect(start).toMatch(/sha256sum -c --quiet models\/SHA256SUMS/);
    const exec = /^exec node --import tsx (\S+)/m.exec(start);
    expect(exec?.[1]).toBe("offline/encoder/main.ts");
    expect(copied(exec![1]!)).toBe(true);
    expect(dockerfile).toMatch(/sha256sum models\/\$\{MODEL\}\/\* > models\/SHA256SUMS/);
    expect(dockerfile).toMatch(/ENCODER_HOST=0\.0\.0\.0/);
    expect(dockerfile).toMatch(/^USER node$/m);
  });

  it("fetches CLIP at build time only through the pinned-checksum fetch command", () => {
    expect(dockerfile).toMatch(/node --import tsx scripts\/models\/fetch-model\.ts "\$\{MODEL\}" models/);
    // Every model the build arg may name is fetched only with both checksums pinned.
    expect(Object.keys(REMOTE_MODELS)).toEqual(expect.arrayContaining(["clip-vit-b32", "clip-vit-b32-int8"]));
    for (const remote of Object.values(REMOTE_MODELS)) {
      for (const file of [remote.image, remote.text]) expect(file.sha256, file.url).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});

describe("the encoder's Container config (workers/encoder/wrangler.toml)", () => {
  const config = read("workers/encoder/wrangler.toml");
  const worker = read("workers/encoder/index.ts");

  it("declares the container, its Durable Object binding and migration for the class the Worker exports", () => {
    const className = /^class_name = "(\w+)"$/m.exec(config)?.[1];
    expect(className).toBe("QueryEncoderContainer");
    expect(worker).toContain(`export class ${className} extends DurableObject`);
    expect(config).toMatch(/^\[\[containers\]\]$/m);
    expect(config).toMatch(/^\[\[durable_objects\.bindings\]\]\nname = "ENCODER"\nclass_name = "QueryEncoderContainer"$/m);
    expect(config).toMatch(/new_sqlite_classes = \["QueryEncoderContainer"\]/);
    const image = /^image = "(.+)"$/m.exec(config)![1]!;
    const context = /^image_build_context = "(.+)"$/m.exec(config)![1]!;
    expect(resolve(repo, "workers/encoder", image)).toBe(join(repo, "offline/encoder/Dockerfile"));
    expect(resolve(repo, "workers/encoder", context)).toBe(repo);
    expect(/^main = "(.+)"$/m.exec(config)?.[1]).toBe("index.ts");
  });

  it("binds what the Worker reads: ENCODER, and ENCODER_TOKEN as a secret the site shares", () => {
    const body = worker.slice(worker.indexOf("export interface EncoderWorkerEnv")).split("\n}")[0]!;
    const reads = [...body.matchAll(/^\s{2}([A-Z][A-Z0-9_]*)\??:/gm)].map((m) => m[1]);
    expect(reads.sort()).toEqual(["ENCODER", "ENCODER_TOKEN"]);
    expect(config).toMatch(/wrangler secret put ENCODER_TOKEN --config workers\/encoder\/wrangler\.toml/);
    expect(SECRETS.find((s) => s.name === "ENCODER_TOKEN")?.targets).toContain("pages");
  });
});
