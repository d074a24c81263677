/**
 * The encoder as its container runs it: the real entry (offline/encoder/main.ts) configured
 * by the environment only, listening on every interface, with a shared secret that every
 * request but GET /health must carry.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..", "..", "..");
const TOKEN = "test-encoder-token-0123456789abcdef";

function startEncoder(env: Record<string, string>): { child: ChildProcess; url: Promise<string>; output: () => string } {
  const child = spawn(process.execPath, ["--import", "tsx", "offline/encoder/main.ts"], {
    cwd: root,
    env: { ...process.env, MODEL_DIR: join(root, "models", "builtin-colour-v1"), ENCODER_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = / at (http:\/\/\S+?)(,|\s|$)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    child.once("exit", (code) => reject(new Error(`encoder exited with ${code}: ${output}`)));
  });
  return { child, url, output: () => output };
}

describe("the encoder with ENCODER_TOKEN, as in its container", () => {
  let encoder: ReturnType<typeof startEncoder>;
  let base: string;

  beforeAll(async () => {
    encoder = startEncoder({ ENCODER_HOST: "0.0.0.0", ENCODER_TOKEN: TOKEN });
    base = await encoder.url;
  }, 60_000);
  afterAll(() => void encoder?.child.kill("SIGTERM"));

  const text = (headers: Record<string, string> = {}) =>
    fetch(`${base.replace("0.0.0.0", "127.0.0.1")}/v1/text`, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify({ texts: ["navy"] }) });

  it("listens on every interface and says a token is required", () => {
    expect(base).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
    expect(encoder.output()).toContain("token required");
  });

  it("answers /health without the token (the platform's probe)", async () => {
    const res = await fetch(`${base.replace("0.0.0.0", "127.0.0.1")}/health`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
  });

  it("refuses a request without the token, or with another one", async () => {
    const attempts: Array<Record<string, string>> = [{}, { Authorization: "Bearer wrong-token-wrong-token-wrong" }, { Authorization: TOKEN }];
    for (const headers of attempts) {
      const res = await text(headers);
      expect(res.status).toBe(401);
      expect(res.headers.get("WWW-Authenticate")).toContain("Bearer");
      expect(((await res.json()) as { error: string }).error).toBe("unauthorized");
    }
  });

  it("encodes for the bearer of the token", async () => {
    const res = await text({ Authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { vectors: number[][] }).vectors[0]).toHaveLength(16);
  });

  it("refuses to start with a guessable token", async () => {
    const weak = startEncoder({ ENCODER_TOKEN: "short" });
    await expect(weak.url).rejects.toThrow(/ENCODER_TOKEN must be at least 24 characters/);
  }, 60_000);
});
