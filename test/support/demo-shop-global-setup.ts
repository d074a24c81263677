/**
 * Runs in Node before the Worker tests: starts the demo shop (and its partner
 * shop) on free ports, so the crawler inside workerd can reach them over HTTP
 * exactly as it reaches a real shop.
 */
import type { TestProject } from "vitest/node";
import { startDemoShop } from "../../workers/demo-shop/server";

export interface DemoShopUrls {
  url: string;
  partnerUrl: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    demoShop: DemoShopUrls;
  }
}

export default async function setup(project: TestProject) {
  const shop = await startDemoShop({ slowMs: 1500, warm: true });
  project.provide("demoShop", { url: shop.url, partnerUrl: shop.partnerUrl });
  return async () => {
    await shop.close();
  };
}
