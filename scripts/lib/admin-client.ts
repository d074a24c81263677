/** A small client for the Worker's admin API, used by `npm run demo` (and later the offline pipeline). */
export class AdminApiError extends Error {}

export class AdminClient {
  constructor(readonly baseUrl: string, private readonly token: string) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(new URL(path, this.baseUrl), {
        method,
        headers: { Authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new AdminApiError(`cannot reach the admin API at ${this.baseUrl}: ${(error as Error).message}. Is the Worker running (npm run dev)?`);
    }
    const text = await res.text();
    if (!res.ok) {
      const reason = safeJson(text)?.message ?? text.slice(0, 200);
      if (res.status === 401 || res.status === 403) throw new AdminApiError(`the admin API refused the token (HTTP ${res.status}): ${reason}. Check ADMIN_TOKEN.`);
      throw new AdminApiError(`${method} ${path} failed with HTTP ${res.status}: ${reason}`);
    }
    return safeJson(text) as T;
  }
}

function safeJson(text: string): { message?: string } | null {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
