import { Hono } from "hono";
import type { Env } from "./env";

/** Entry point of the Art Snob Worker. Each handler is a thin adapter. */
const app = new Hono<{ Bindings: Env }>();

app.get("/health", (c) => c.json({ ok: true }));

export default {
  fetch: app.fetch,
  async scheduled(controller, _env, _ctx) {
    // The crawler (its own issue) starts due crawl runs here.
    console.log(`cron ${controller.cron}: no crawler configured yet`);
  },
} satisfies ExportedHandler<Env>;

/** Placeholder until the crawler issue gives it a job; wrangler.toml declares it. */
export class HostGate implements DurableObject {
  constructor(readonly ctx: DurableObjectState, readonly env: Env) {}
  async fetch(): Promise<Response> {
    return new Response("not implemented", { status: 501 });
  }
}
