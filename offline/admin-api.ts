/** The deployment's admin API as the pipeline sees it; every failure becomes one clear line. */
import { PipelineError } from "./errors";

/** How long one call keeps retrying a busy or unreachable-for-a-moment admin API before giving up. */
export const DEFAULT_RETRY_FOR_MS = 60_000;
const TRANSIENT_STATUS = new Set([429, 502, 503, 504]);
/** Network failures of a connection that was there a moment ago (a reused keep-alive socket the server closed, a reset). */
const TRANSIENT_NETWORK = /^(?:ECONNRESET|EPIPE|ETIMEDOUT|ECONNABORTED|EAI_AGAIN|UND_ERR_SOCKET|UND_ERR_CLOSED|UND_ERR_CONNECT_TIMEOUT)$|other side closed|socket hang up|TimeoutError|terminated/i;

export interface AdminApiOptions {
  /** Give up on a call after retrying transient failures for this long. */
  retryForMs?: number;
  /** One visible line per retry (default: stderr). */
  onRetry?: (line: string) => void;
}

export class AdminApi {
  private readonly retryForMs: number;
  private readonly onRetry: (line: string) => void;

  constructor(readonly baseUrl: string, private readonly token: string, options: AdminApiOptions = {}) {
    this.retryForMs = options.retryForMs ?? DEFAULT_RETRY_FOR_MS;
    this.onRetry = options.onRetry ?? ((line) => process.stderr.write(`${line}\n`));
  }

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

  /**
   * One call, retried with back-off while the failure is transient: a dropped or reset
   * connection, or an answer that says "try again" (429, 502, 503, 504, honouring
   * Retry-After). Every admin call is idempotent, so a retry is safe. Refusal of the
   * token and other 4xx/5xx fail at once with one clear line.
   */
  private async send(method: string, path: string, body?: { type: string; data: string | Uint8Array<ArrayBuffer> }): Promise<Response> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      let res: Response;
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
        // Only a connection that dropped or stalled is worth another try; nothing listening, a
        // bad address or a refused port is a setup problem: say so at once.
        const waitMs = this.backoffMs(attempt);
        if (TRANSIENT_NETWORK.test(cause) && Date.now() - started + waitMs <= this.retryForMs) {
          this.onRetry(`admin API: ${method} ${path} lost its connection (${cause}); retrying in ${(waitMs / 1000).toFixed(1)} s`);
          await sleep(waitMs);
          continue;
        }
        const retried = attempt > 1 ? ` after retrying for ${Math.round((Date.now() - started) / 1000)} s` : "";
        throw new PipelineError(`cannot reach the admin API at ${this.baseUrl} (${cause})${retried}: start the stack with \`npm run dev\` or set ADMIN_API_URL`);
      }
      if (TRANSIENT_STATUS.has(res.status)) {
        const waitMs = Math.max(this.backoffMs(attempt), retryAfterMs(res.headers.get("Retry-After")));
        await res.body?.cancel();
        if (Date.now() - started + waitMs <= this.retryForMs) {
          this.onRetry(`admin API busy: ${method} ${path} answered HTTP ${res.status}; retrying in ${(waitMs / 1000).toFixed(1)} s (attempt ${attempt + 1})`);
          await sleep(waitMs);
          continue;
        }
        throw new PipelineError(`${method} ${path} failed: the admin API at ${this.baseUrl} stayed busy (HTTP ${res.status}) for ${Math.round((Date.now() - started) / 1000)} s`);
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

  /** 250 ms, 500 ms, 1 s, 2 s, then 4 s a try. */
  private backoffMs(attempt: number): number {
    return Math.min(4000, 250 * 2 ** (attempt - 1));
  }
}

function retryAfterMs(header: string | null): number {
  const seconds = header === null ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 60) * 1000 : 0;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
