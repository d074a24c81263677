/**
 * Runs in Node before the Worker tests: starts the demo shop (and its partner
 * shop) on free ports, so the crawler inside workerd can reach them over HTTP
 * exactly as it reaches a real shop. A second, small shop injects faults
 * (test/workers/crawl/crawl-faulty-shop.test.ts), and the main shop's
 * /__demo/dns-query is the crawler's DNS-over-HTTPS resolver in tests.
 *
 * The worker test files run side by side, and a shop's version and request log are state:
 * each file that sets them crawls a shop of its own (crawl-demo-shop the main one,
 * crawl-batch-limits `limitsShop`), so no file sees another's switch or requests.
 */
import type { TestProject } from "vitest/node";
import { startDemoShop } from "../../workers/demo-shop/server";

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

declare module "vitest" {
  export interface ProvidedContext {
    demoShop: DemoShopUrls;
  }
}

export default async function setup(project: TestProject) {
  const shop = await startDemoShop({ slowMs: 1500, warm: true });
  const faulty = await startDemoShop({ slowMs: 1500, works: FAULTY_SHOP.works, faults: { ...FAULTY_SHOP.faults } });
  const limits = await startDemoShop({ slowMs: 1500 });
  project.provide("demoShop", {
    url: shop.url, partnerUrl: shop.partnerUrl, faultyUrl: faulty.url, dohUrl: `${shop.url}/__demo/dns-query`,
    limitsUrl: limits.url, limitsPartnerUrl: limits.partnerUrl,
  });
  return async () => {
    await Promise.all([shop.close(), faulty.close(), limits.close()]);
  };
}
