/**
 * Reads a body into memory, refusing it as soon as it grows past `maxBytes`
 * (a declared Content-Length over the cap is refused before reading). Used
 * wherever outside bytes arrive: crawled pages and images, uploads, pushes.
 */
export async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  declaredLength: string | null,
  maxBytes: number,
  tooLarge: (bytes: number | null) => Error,
): Promise<Uint8Array> {
  const declared = Number(declaredLength ?? "");
  if (declaredLength && Number.isFinite(declared) && declared > maxBytes) {
    await body?.cancel();
    throw tooLarge(declared);
  }
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(null);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
