/**
 * Runs in Node before the Worker tests: starts the demo shop (and its partner
 * shop) on free ports, so the crawler inside workerd can reach them over HTTP
 * exactly as it reaches a real shop. A second, small shop injects faults
 * (test/workers/crawl/crawl-faulty-shop.test.ts), and the main shop's
 * /__demo/dns-query is the crawler's DNS-over-HTTPS resolver in tests.
 *
 * The worker test files run side by side, and a shop's version and request log are state:
 * each file that sets them crawls a shop of its own (crawl-demo-shop the main one,
 * crawl-batch-limits `limitsUrl`), so no file sees another's switch or requests.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { projectRoot } from "../../scripts/lib/local-env";
import { sleep, startProcess, type ManagedProcess } from "../../scripts/lib/processes";
import type { StartDemoShopOptions } from "../../workers/demo-shop/server";

export interface DemoShopUrls {
  url: string;
  partnerUrl: string;
  /** The first 40 works, with faults injected (seed 7, rate 0.38: every kind of fault once). */
  faultyUrl: string;
  /** DNS-over-HTTPS test resolver (names set through PUT /__demo/dns). */
  dohUrl: string;
  /** A second full demo shop, crawled only by test/workers/limits/crawl-batch-limits.test.ts. */
  limitsUrl: string;
  limitsPartnerUrl: string;
}

export const FAULTY_SHOP = { works: 40, faults: { seed: 7, rate: 0.38 } } as const;

/**
 * The main shop, which test/workers/crawl/crawl-demo-shop.test.ts crawls three times: its first
 * 160 works in `npm test` (every broken case, every page syntax, and a version 2 that reprices,
 * removes and adds some), the whole shop under `npm run test:crawl-full` (ART_SNOB_FULL_CRAWL=1).
 * The shared browser stack crawls the whole shop in `npm test` too.
 */
export const MAIN_SHOP_WORKS = process.env.ART_SNOB_FULL_CRAWL === "1" ? undefined : 160;

declare module "vitest" {
  export interface ProvidedContext {
    demoShop: DemoShopUrls;
  }
}

export default async function setup(project: TestProject) {
  const logs = mkdtempSync(join(tmpdir(), "art-snob-demo-shops-"));
  const started: ManagedProcess[] = [];
  const stop = async () => {
    await Promise.all(started.map((p) => p.stop()));
    rmSync(logs, { recursive: true, force: true });
  };
  try {
    // Each shop in a process of its own (test/support/demo-shop-process.ts), started together.
    const [shop, faulty, limits] = await Promise.all([
      shopProcess("shop", { slowMs: 1500, warm: true, works: MAIN_SHOP_WORKS }, logs, started),
      shopProcess("faulty", { slowMs: 1500, works: FAULTY_SHOP.works, faults: { ...FAULTY_SHOP.faults } }, logs, started),
      shopProcess("limits", { slowMs: 1500 }, logs, started),
    ]);
    project.provide("demoShop", {
      url: shop.url, partnerUrl: shop.partnerUrl, faultyUrl: faulty.url, dohUrl: `${shop.url}/__demo/dns-query`,
      limitsUrl: limits.url, limitsPartnerUrl: limits.partnerUrl,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}

const READY = /DEMO_SHOP_READY (\{.*\})/;

async function shopProcess(name: string, options: StartDemoShopOptions, logs: string, started: ManagedProcess[]): Promise<{ url: string; partnerUrl: string }> {
  const proc = startProcess({
    name: `demo shop (${name})`,
    command: join(projectRoot, "node_modules", ".bin", "tsx"),
    args: ["test/support/demo-shop-process.ts", JSON.stringify(options)],
    cwd: projectRoot,
    env: process.env,
    logFile: join(logs, `${name}.log`),
  });
  started.push(proc);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ready = READY.exec(proc.tail());
    if (ready) return JSON.parse(ready[1]!) as { url: string; partnerUrl: string };
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited (code ${proc.child.exitCode}) before it served:\n${proc.tail()}`);
    if (Date.now() > deadline) throw new Error(`${proc.name} did not serve within 60 s:\n${proc.tail()}`);
    await sleep(100);
  }
}
