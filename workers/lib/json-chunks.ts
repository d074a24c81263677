/**
 * Splits rows into chunks that each travel as one JSON parameter (read back in SQL with
 * json_each): at most `maxRows` rows and `maxBytes` of JSON text a chunk, so a bulk write
 * is a few statements of two bound values instead of a statement per row.
 */
export function jsonChunks<T>(rows: readonly T[], maxRows = 500, maxBytes = 64 * 1024, encoded: (row: T) => unknown = (row) => row): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 2;
  for (const row of rows) {
    const size = JSON.stringify(encoded(row)).length + 1;
    if (current.length > 0 && (current.length >= maxRows || bytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 2;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
