/**
 * How a vector is stored as text (query_vectors.vector): the bytes of a Float32Array in
 * little-endian order, base64-encoded. 512 floats take 2,732 characters. Plain Web APIs
 * only, so the Worker, the Pages app and the Node pipeline share this one codec.
 */

/** Float32 little-endian bytes of `values`, as base64. */
export function encodeVector(values: ArrayLike<number>): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  let binary = "";
  // Chunks keep String.fromCharCode's argument list short for large vectors.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The inverse of encodeVector; throws on text that is not base64 of whole float32 values. */
export function decodeVector(encoded: string): Float32Array {
  let binary: string;
  try {
    binary = atob(encoded);
  } catch {
    throw new Error("vector is not valid base64");
  }
  if (binary.length % 4 !== 0) throw new Error(`vector holds ${binary.length} bytes, not a whole number of float32 values`);
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) view.setUint8(i, binary.charCodeAt(i));
  const out = new Float32Array(binary.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
