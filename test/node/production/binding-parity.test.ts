/**
 * Every key the code's Env (Worker) and AppEnv (site) reads is declared for
 * production (a var or a binding in the rendered production config) or is a
 * secret provision sets, or is listed as local-only; and nothing production
 * declares is unread. The lists are the ones `npm run provision` uses.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { PLACEHOLDER_IDS, pagesProductionSection, workerProductionSection } from "../../../scripts/lib/provision/production-config";
import { LOCAL_ONLY_KEYS, modelsToServe, SECRETS } from "../../../scripts/lib/provision/resources";

const repo = resolve(import.meta.dirname, "../../..");

/** The property names of an exported interface, read from its source. */
function interfaceKeys(file: string, name: string): string[] {
  const text = readFileSync(join(repo, file), "utf8");
  const body = text.slice(text.indexOf(`export interface ${name}`)).split("\n}")[0]!;
  return [...body.matchAll(/^\s{2}([A-Z][A-Z0-9_]*)\??:/gm)].map((m) => m[1]!);
}

/** Vars and binding names a rendered section declares for one environment. */
function declared(section: string, env: string): Set<string> {
  const keys = new Set<string>();
  let current = "";
  for (const line of section.split("\n")) {
    const header = line.match(/^\[\[?([^\]]+)\]\]?$/);
    if (header) current = header[1]!;
    if (!current.startsWith(`env.${env}`)) continue;
    const variable = line.match(/^([A-Z][A-Z0-9_]*) = /);
    if (variable && current === `env.${env}.vars`) keys.add(variable[1]!);
    const binding = line.match(/^(?:binding|name) = "([A-Z][A-Z0-9_]*)"$/);
    if (binding) keys.add(binding[1]!);
  }
  return keys;
}

const ids = { ...PLACEHOLDER_IDS, models: modelsToServe(repo) };
const secretsFor = (target: "worker" | "pages") => SECRETS.filter((s) => s.targets.includes(target)).map((s) => s.name);

describe("binding parity: what the code reads is what production declares", () => {
  it("the Worker's Env", () => {
    const reads = interfaceKeys("workers/env.ts", "Env");
    const production = declared(workerProductionSection(ids), "production");
    const covered = new Set([...production, ...secretsFor("worker"), ...LOCAL_ONLY_KEYS.worker]);
    expect(reads.filter((key) => !covered.has(key))).toEqual([]);
    // Per-model vector bindings are read by name (vectorBindingFor), not as Env fields.
    const unread = [...production].filter((key) => !reads.includes(key) && !key.startsWith("VECTORIZE_"));
    expect(unread).toEqual([]);
    expect(production.has("VECTORIZE_BUILTIN_COLOUR_V1")).toBe(true);
  });

  for (const env of ["production", "preview"]) {
    it(`the site's AppEnv (${env})`, () => {
      const reads = interfaceKeys("app/env.ts", "AppEnv");
      const site = declared(pagesProductionSection(ids), env);
      const covered = new Set([...site, ...secretsFor("pages"), ...LOCAL_ONLY_KEYS.pages]);
      expect(reads.filter((key) => !covered.has(key))).toEqual([]);
      expect([...site].filter((key) => !reads.includes(key) && !key.startsWith("VECTORIZE_"))).toEqual([]);
    });
  }
});
