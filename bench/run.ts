/**
 * `npm run bench [-- <name>...] [--quick] [--full] [--write|--no-write]`
 *
 * Runs every benchmark in bench/benchmarks/ (or the named ones), prints a table (row, measured,
 * baseline, ratio, target, verdict) and merges the results into docs/benchmarks.md together with
 * a description of the machine. `--quick` uses small sizes and, unless `--write` is given, leaves
 * the document alone (quick figures are for trying changes, not for the record).
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { describeMachine } from "./lib/machine.ts";
import { consoleTable, judge, writeDoc, type BenchmarkResult } from "./lib/report.ts";
import type { BenchContext, BenchModule } from "./lib/types.ts";

const benchDir = resolve(import.meta.dirname, "benchmarks");
const docPath = resolve(import.meta.dirname, "..", "docs", "benchmarks.md");

async function loadBenchmarks(): Promise<BenchModule[]> {
  const files = readdirSync(benchDir).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
  const modules: BenchModule[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(benchDir, file)).href)) as Partial<BenchModule>;
    if (typeof mod.name !== "string" || typeof mod.run !== "function") {
      throw new Error(`bench/benchmarks/${file} must export a string \`name\` and a function \`run(ctx)\``);
    }
    modules.push({ name: mod.name, run: mod.run, title: mod.title, order: mod.order, description: mod.description });
  }
  return modules.sort((a, b) => (a.order ?? 1000) - (b.order ?? 1000) || a.name.localeCompare(b.name));
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      quick: { type: "boolean", default: false },
      full: { type: "boolean", default: false },
      write: { type: "boolean" },
      "no-write": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const all = await loadBenchmarks();
  if (values.help) {
    console.log(`usage: npm run bench [-- <${all.map((b) => b.name).join("|")}>...] [--quick] [--full] [--write|--no-write]`);
    return 0;
  }
  const unknown = positionals.filter((p) => !all.some((b) => b.name === p));
  if (unknown.length) {
    console.error(`bench: unknown benchmark ${unknown.map((u) => `'${u}'`).join(", ")}: use ${all.map((b) => b.name).join(", ")}`);
    return 2;
  }
  const chosen = positionals.length ? all.filter((b) => positionals.includes(b.name)) : all;
  const mode: BenchmarkResult["mode"] = values.quick ? "quick" : values.full ? "full" : "standard";
  const write = values["no-write"] ? false : (values.write ?? !values.quick);
  const machine = describeMachine();
  console.log(`bench: ${chosen.map((b) => b.name).join(", ")} (${mode} sizes) on ${machine.cpu}, ${machine.cores} cores, ${machine.memory}, load ${machine.load}`);

  const results: BenchmarkResult[] = [];
  const suiteStarted = Date.now();
  for (const bench of chosen) {
    const started = Date.now();
    const loadStart = loadavg()[0]!;
    const tmp = mkdtempSync(join(tmpdir(), `bench-${bench.name}-`));
    const ctx: BenchContext = {
      quick: values.quick ?? false,
      full: values.full ?? false,
      tmpDir: tmp,
      step: (message) => console.log(`[${bench.name} +${((Date.now() - started) / 1000).toFixed(0)}s] ${message}`),
    };
    console.log(`\n== ${bench.name}${bench.title ? `: ${bench.title}` : ""}`);
    const base = { name: bench.name, title: bench.title ?? bench.name, order: bench.order ?? 1000, description: bench.description, runAt: new Date().toISOString().replace(/\.\d+Z$/, "Z"), mode, machine };
    try {
      const rows = (await bench.run(ctx)).map(judge);
      const missesWithoutReason = rows.filter((r) => r.verdict === "MISS" && !r.note);
      for (const r of missesWithoutReason) console.warn(`bench: ${bench.name}: row '${r.label}' misses its target but gives no reason`);
      results.push({ ...base, durationS: (Date.now() - started) / 1000, load: { start: loadStart, end: loadavg()[0]! }, rows });
    } catch (error) {
      console.error(`bench: ${bench.name} failed: ${(error as Error).stack ?? String(error)}`);
      results.push({ ...base, durationS: (Date.now() - started) / 1000, load: { start: loadStart, end: loadavg()[0]! }, rows: [], error: (error as Error).message.split("\n")[0] ?? String(error) });
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    console.log(`[${bench.name}] done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }

  console.log(`\nResults (${mode} sizes, ${((Date.now() - suiteStarted) / 60000).toFixed(1)} min):\n`);
  console.log(consoleTable(results, false));
  const details = results.some((r) => r.rows.some((row) => row.detail));
  if (details) console.log(`\nDetails:\n\n${consoleTable(results.map((r) => ({ ...r, rows: r.rows.filter((row) => row.detail) })), true)}`);
  if (write) {
    writeDoc(docPath, machine, results);
    console.log(`\nwrote ${basename(resolve(docPath, ".."))}/${basename(docPath)}`);
  } else {
    console.log("\n(docs/benchmarks.md left alone: --quick runs write it only with --write)");
  }
  return results.some((r) => r.error) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
