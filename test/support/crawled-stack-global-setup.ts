/**
 * Runs once before the browser tests: one local stack with both demo shops
 * crawled into it (the slow part, about two minutes), shared by the test files
 * that need a real collection. Each file runs its own pipeline steps on it.
 */
import type { TestProject } from "vitest/node";
import { AdminApi } from "../../offline/admin-api";
import { crawlDemoShops } from "../../scripts/lib/demo-crawl";
import { join } from "node:path";
import { readOrCreateDevSecrets } from "../../scripts/lib/dev-secrets";
import { projectRoot } from "../../scripts/lib/local-env";
import { DEFAULT_PORTS } from "../../scripts/lib/stack";
import { startTestStack } from "./stack";

export interface CrawledStack {
  urls: { shop: string; partner: string; worker: string; app: string; encoder?: string };
  adminToken: string;
  persistTo: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    crawledStack: CrawledStack;
  }
}

export default async function setup(project: TestProject) {
  // E2E_USE_DEV_STACK=1: reuse a running `npm run demo` (faster when working on the site).
  if (process.env.E2E_USE_DEV_STACK === "1") {
    const urls = Object.fromEntries(Object.entries(DEFAULT_PORTS).map(([name, port]) => [name, `http://127.0.0.1:${port}`])) as CrawledStack["urls"];
    project.provide("crawledStack", { urls, adminToken: readOrCreateDevSecrets().ADMIN_TOKEN, persistTo: join(projectRoot, ".wrangler", "state") });
    return;
  }
  const stack = await startTestStack();
  try {
    const admin = new AdminApi(stack.urls.worker, stack.adminToken);
    await crawlDemoShops(admin, stack.urls.shop, stack.urls.partner, { quiet: true });
  } catch (error) {
    await stack.cleanup();
    throw error;
  }
  project.provide("crawledStack", { urls: stack.urls, adminToken: stack.adminToken, persistTo: stack.persistTo });
  return async () => {
    await stack.cleanup();
  };
}
