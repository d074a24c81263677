/**
 * Errors shaped like the real Vectorize binding's, so code that inspects
 * `err.message` (for example for "(code = 40006)") behaves the same locally.
 *
 * The real service throws plain Errors whose message reads
 * `VECTOR_<OP>_ERROR (code = NNNNN): <detail>`. The codes and texts below are
 * the ones production has been seen returning:
 *   40006 invalid query vector, expected 768 dimensions, and got 0 dimensions
 *   40007 too many ids in payload; max id count is 20, got 34
 *   40008 id too long; max is 64 bytes, got 74 bytes
 *   40012 invalid vector for id="x", expected 768 dimensions, and got 1024 dimensions
 *   40025 with returnValues=true or returnMetadata=all, max top K is 50, but got 100
 *   40026 Failed to parse the request body as JSON: returnMetadata: expected value
 * Limits whose real code is not known get the same prefix without a code,
 * rather than an invented number.
 */

export type VectorizeOperation =
  | "VECTOR_INSERT_ERROR"
  | "VECTOR_UPSERT_ERROR"
  | "VECTOR_QUERY_ERROR"
  | "VECTOR_GET_ERROR"
  | "VECTOR_DELETE_ERROR"
  | "VECTOR_DESCRIBE_ERROR";

export class VectorizeError extends Error {
  readonly operation: VectorizeOperation;
  readonly code: number | undefined;

  constructor(operation: VectorizeOperation, detail: string, code?: number) {
    super(code === undefined ? `${operation}: ${detail}` : `${operation} (code = ${code}): ${detail}`);
    this.operation = operation;
    this.code = code;
  }
}

/** Configuration problems of the stand-in itself (not a service error). */
export class LocalVectorIndexConfigError extends Error {}

export const vectorizeErrors = {
  queryDimensions: (expected: number, got: number) =>
    new VectorizeError(
      "VECTOR_QUERY_ERROR",
      `invalid query vector, expected ${expected} dimensions, and got ${got} dimensions`,
      40006,
    ),
  vectorDimensions: (op: VectorizeOperation, id: string, expected: number, got: number) =>
    new VectorizeError(
      op,
      `invalid vector for id="${id}", expected ${expected} dimensions, and got ${got} dimensions`,
      40012,
    ),
  tooManyIds: (op: VectorizeOperation, max: number, got: number) =>
    new VectorizeError(op, `too many ids in payload; max id count is ${max}, got ${got}`, 40007),
  idTooLong: (op: VectorizeOperation, max: number, got: number) =>
    new VectorizeError(op, `id too long; max is ${max} bytes, got ${got} bytes`, 40008),
  topKWithValues: (max: number, got: number) =>
    new VectorizeError(
      "VECTOR_QUERY_ERROR",
      `with returnValues=true or returnMetadata=all, max top K is ${max}, but got ${got}`,
      40025,
    ),
  topK: (max: number, got: number) =>
    new VectorizeError("VECTOR_QUERY_ERROR", `max top K is ${max}, but got ${got}`),
  badRequestField: (field: string) =>
    new VectorizeError(
      "VECTOR_QUERY_ERROR",
      `Failed to parse the request body as JSON: ${field}: expected value`,
      40026,
    ),
  invalid: (op: VectorizeOperation, detail: string) => new VectorizeError(op, detail),
  indexNotFound: (op: VectorizeOperation, name: string) =>
    new VectorizeError(op, `vectorize index "${name}" not found`),
};
