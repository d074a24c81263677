/**
 * Rows of a float32 file (little-endian, row-major) as a row source, read on demand: the map
 * bench's stand-in for `offline map` reading embeddings from disk, so the input is not held.
 */
import { closeSync, openSync, readSync } from "node:fs";
import type { RowSource } from "../../offline/compute/matrix.ts";

export function fileRows(path: string, rows: number, cols: number): RowSource & { close(): void } {
  const fd = openSync(path, "r");
  const rowBytes = cols * 4;
  return {
    rows,
    cols,
    copyRows(list, into, at) {
      const bytes = new Uint8Array(into.buffer, into.byteOffset, into.byteLength);
      list.forEach((row, i) => {
        const read = readSync(fd, bytes, (at + i) * rowBytes, rowBytes, row * rowBytes);
        if (read !== rowBytes) throw new Error(`${path}: row ${row} is short (${read} of ${rowBytes} bytes)`);
      });
    },
    close: () => closeSync(fd),
  };
}
