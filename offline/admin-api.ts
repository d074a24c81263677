/** The deployment's admin API as the pipeline sees it; every failure becomes one clear line. */
import { PipelineError } from "./errors";

export class AdminApi {
  constructor(readonly baseUrl: string, private readonly token: string) {}

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.send(method, path, body === undefined ? undefined : { type: "application/json", data: JSON.stringify(body) });
    return (await res.json()) as T;
  }

  /** PUTs raw bytes (an image) and reads the JSON answer. */
  async putBytes<T>(path: string, bytes: Uint8Array, contentType: string): Promise<T> {
    // A copy on a plain ArrayBuffer: what fetch accepts as a body (a Buffer may share a pool).
    const res = await this.send("PUT", path, { type: contentType, data: new Uint8Array(bytes) });
    return (await res.json()) as T;
  }

  async bytes(path: string): Promise<Uint8Array> {
    const res = await this.send("GET", path);
    return new Uint8Array(await res.arrayBuffer());
  }

  private async send(method: string, path: string, body?: { type: string; data: string | Uint8Array<ArrayBuffer> }): Promise<Response> {
    let res: Response | undefined;
    // Every pipeline call is idempotent, so a dropped connection (a reused keep-alive
    // socket the server had closed) is simply retried a few times.
    for (let attempt = 1; !res; attempt++) {
      try {
        res = await fetch(new URL(path, this.baseUrl), {
          method,
          headers: { Authorization: `Bearer ${this.token}`, ...(body ? { "Content-Type": body.type } : {}) },
          body: body?.data,
          signal: AbortSignal.timeout(120_000),
        });
      } catch (error) {
        const inner = (error as { cause?: { code?: string; message?: string } }).cause;
        const cause = inner?.code ?? inner?.message ?? (error as Error).message;
        if (attempt < 4 && cause !== "ECONNREFUSED") {
          await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
          continue;
        }
        throw new PipelineError(`cannot reach the admin API at ${this.baseUrl} (${cause}): start the stack with \`npm run dev\` or set ADMIN_API_URL`);
      }
    }
    if (res.status === 401 || res.status === 403) throw new PipelineError(`the admin API at ${this.baseUrl} refused the token (HTTP ${res.status}): set ADMIN_TOKEN to the Worker's secret`);
    if (!res.ok) {
      const text = await res.text();
      let reason = text.slice(0, 300);
      try {
        reason = (JSON.parse(text) as { message?: string }).message ?? reason;
      } catch {
        // not JSON
      }
      throw new PipelineError(`${method} ${path} failed (HTTP ${res.status}): ${reason}`);
    }
    return res;
  }
}
