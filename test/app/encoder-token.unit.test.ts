/** The site sends the encoder's shared secret as a bearer token when one is configured (production), and none otherwise. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { encodeText, wakeEncoder } from "../../app/server/search/encoder-client";

const model = { id: "builtin-colour-v1", dimensions: 2 };

function recordFetch(): Array<Headers> {
  const seen: Headers[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (_input, init) => {
    seen.push(new Headers(init?.headers));
    return Response.json({ model: model.id, dimensions: 2, vectors: [[0.6, 0.8]] });
  });
  return seen;
}

afterEach(() => {
  vi.restoreAllMocks();
  wakeEncoder();
});

describe("the encoder client's token", () => {
  it("is sent as Authorization: Bearer when ENCODER_TOKEN is set", async () => {
    const seen = recordFetch();
    const result = await encodeText({ ENCODER_URL: "https://encoder.test", ENCODER_TOKEN: "secret-token-0123456789abcdef" }, model, "navy");
    expect(result.ok).toBe(true);
    expect(seen[0]?.get("Authorization")).toBe("Bearer secret-token-0123456789abcdef");
  });

  it("is not sent when none is set (local dev)", async () => {
    const seen = recordFetch();
    await encodeText({ ENCODER_URL: "https://encoder.test" }, model, "navy");
    expect(seen[0]?.has("Authorization")).toBe(false);
  });
});
