/**
 * The query encoder's production home: a Worker in front of a Cloudflare Container that
 * runs offline/encoder (Node, onnxruntime) from offline/encoder/Dockerfile. The site calls
 * this Worker's URL (ENCODER_URL) with ENCODER_TOKEN; the token is checked here too, so
 * stray traffic never wakes a container. One named instance serves every search: the
 * encoder batches texts itself, and a second instance would only add cold starts.
 * Deployed on its own (workers/encoder/wrangler.toml) because building the image needs
 * Docker, which the crawler Worker's deploy and dry-run builds must not.
 */
import { DurableObject } from "cloudflare:workers";

export interface EncoderWorkerEnv {
  ENCODER: DurableObjectNamespace<QueryEncoderContainer>;
  ENCODER_TOKEN: string;
}

/** The port the encoder listens on inside the container (ENCODER_PORT in the Dockerfile). */
const CONTAINER_PORT = 8080;
/** Loading a model takes seconds: connections are retried this long after a start. */
const START_WAIT_MS = 60_000;
/** An idle container is stopped after this long (and started again by the next search). */
const IDLE_MS = 15 * 60_000;

export class QueryEncoderContainer extends DurableObject<EncoderWorkerEnv> {
  override async fetch(request: Request): Promise<Response> {
    const container = this.ctx.container;
    if (!container) return problem(503, "no_container", "This Durable Object has no container: deploy with workers/encoder/wrangler.toml.");
    if (!container.running) {
      container.start({
        enableInternet: false,
        env: { ENCODER_TOKEN: this.env.ENCODER_TOKEN, ENCODER_HOST: "0.0.0.0", ENCODER_PORT: String(CONTAINER_PORT) },
      });
      // monitor() settles when the container stops; nothing waits on it but errors are not left unhandled.
      container.monitor().catch((error: unknown) => console.error("query encoder container stopped", error));
    }
    await container.setInactivityTimeout(IDLE_MS);
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
    const port = container.getTcpPort(CONTAINER_PORT);
    const deadline = Date.now() + START_WAIT_MS;
    for (;;) {
      try {
        return await port.fetch(new Request(request.url, { method: request.method, headers: request.headers, body }));
      } catch (error) {
        // Refused while the encoder is still loading its model: wait and try again.
        if (Date.now() > deadline) return problem(503, "encoder_starting", `The query encoder did not accept connections within ${START_WAIT_MS / 1000} s.`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }
}

export default {
  async fetch(request: Request, env: EncoderWorkerEnv): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname !== "/health" && !(await bearerMatches(request, env.ENCODER_TOKEN))) {
      return problem(401, "unauthorized", "This query encoder needs Authorization: Bearer <ENCODER_TOKEN>.");
    }
    return env.ENCODER.get(env.ENCODER.idFromName("query-encoder")).fetch(request);
  },
} satisfies ExportedHandler<EncoderWorkerEnv>;

async function bearerMatches(request: Request, token: string | undefined): Promise<boolean> {
  if (!token) return false;
  const given = /^Bearer (.+)$/.exec(request.headers.get("Authorization") ?? "")?.[1] ?? "";
  // Digests have equal lengths; the loop never stops early on a differing byte.
  const [a, b] = await Promise.all([given, token].map(async (s) => new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(s)))));
  let diff = 0;
  for (let i = 0; i < a!.length; i++) diff |= a![i]! ^ b![i]!;
  return diff === 0;
}

function problem(status: number, error: string, message: string): Response {
  return Response.json({ error, message }, { status });
}
