/** The machine a run happened on, as the report describes it. */
import { existsSync, readFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem } from "node:os";
import { createRequire } from "node:module";

export interface MachineInfo {
  cpu: string;
  cores: number;
  memory: string;
  os: string;
  node: string;
  onnxruntime: string;
  /** Load average when the run started: others may share the machine. */
  load: string;
  date: string;
}

export function describeMachine(): MachineInfo {
  const list = cpus();
  const model = list[0]?.model.trim() || "unknown CPU";
  const flags = cpuFlags();
  const simd = ["avx2", "avx512f", "amx_tile"].filter((f) => flags.has(f)).map((f) => f.replace("_tile", "").toUpperCase());
  return {
    cpu: `${model}${simd.length ? ` (${simd.join(", ")})` : ""}`,
    cores: list.length,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${osName()} (Linux ${release()})`,
    node: process.version,
    onnxruntime: packageVersion("onnxruntime-node"),
    load: loadavg().map((l) => l.toFixed(2)).join(" / "),
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
  };
}

function cpuFlags(): Set<string> {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8").split("\n").find((l) => l.startsWith("flags"));
    return new Set(line?.split(":")[1]?.trim().split(/\s+/) ?? []);
  } catch {
    return new Set();
  }
}

function osName(): string {
  if (existsSync("/etc/os-release")) {
    const match = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync("/etc/os-release", "utf8"));
    if (match?.[1]) return match[1];
  }
  return process.platform;
}

function packageVersion(name: string): string {
  try {
    return (createRequire(import.meta.url)(`${name}/package.json`) as { version: string }).version;
  } catch {
    return "not installed";
  }
}
