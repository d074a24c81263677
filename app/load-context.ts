import type { AppEnv } from "./env";

// Loaders and actions read bindings from context.cloudflare.env.
declare module "@remix-run/cloudflare" {
  interface AppLoadContext {
    cloudflare: {
      env: AppEnv;
      ctx: { waitUntil(promise: Promise<unknown>): void };
    };
  }
}

export {};
