/**
 * Runs in Node before the Worker tests: starts the demo shop (and its partner
 * shop) on free ports, so the crawler inside workerd can reach them over HTTP
 * exactly as it reaches a real shop. A second, small shop injects faults
 * (test/workers/crawl/crawl-faulty-shop.test.ts), and the main shop's
 * /__demo/dns-query is the crawler's DNS-over-HTTPS resolver in tests.
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
  project.provide("demoShop", { url: shop.url, partnerUrl: shop.partnerUrl, faultyUrl: faulty.url, dohUrl: `${shop.url}/__demo/dns-query` });
  return async () => {
    await Promise.all([shop.close(), faulty.close()]);
  };
}
