/**
 * Metadata filters, checked and compiled once per query into a predicate over
 * a vector's indexed values.
 *
 * Semantics (Vectorize docs, "Metadata filtering"):
 * - keys are property paths, "." nests; several keys are ANDed; no OR;
 * - a bare value means $eq; $eq/$ne take string|number|boolean|null,
 *   $in/$nin arrays of those, ranges ($lt $lte $gt $gte) a string or number,
 *   strings ordered lexicographically (by code point = UTF-8 byte order);
 * - one operator per key, except one lower bound with one upper bound;
 * - only properties with a metadata index can be filtered on.
 * Where the docs are silent, the stand-in chooses (see README):
 * - a key with no metadata index matches no vector, so a missing index shows
 *   up as empty results in development rather than as a silent pass;
 * - a vector without an indexed value for the key (absent, other type,
 *   written before the index existed) fails $eq/$in/ranges and passes
 *   $ne/$nin; `null` stands for "no value".
 */
import { vectorizeErrors } from "./errors";
import { MAX_FILTER_JSON_BYTES, MAX_FILTER_KEY_LENGTH, MAX_INDEXED_STRING_BYTES } from "./limits";
import { type IndexedValue, truncateUtf8, utf8Length } from "./metadata";
import type { MetadataIndex } from "./types";

export type IndexedRow = Readonly<Record<string, IndexedValue>>;
export type RowPredicate = (row: IndexedRow) => boolean;

type Scalar = string | number | boolean | null;
type ValuePredicate = (stored: IndexedValue | undefined) => boolean;

const LOWER = new Set(["$gt", "$gte"]);
const UPPER = new Set(["$lt", "$lte"]);
const OPERATORS = new Set(["$eq", "$ne", "$in", "$nin", ...LOWER, ...UPPER]);

const fail = (detail: string) => vectorizeErrors.invalid("VECTOR_QUERY_ERROR", `invalid filter: ${detail}`);

/** Returns null when there is no filter (every vector passes). */
export function compileFilter(
  filter: VectorizeVectorMetadataFilter | undefined,
  indexes: readonly MetadataIndex[],
): RowPredicate | null {
  if (filter === undefined) return null;
  if (filter === null || typeof filter !== "object" || Array.isArray(filter)) throw fail("must be an object");
  const entries = Object.entries(filter);
  if (entries.length === 0) throw fail("must be a non-empty object");
  const bytes = utf8Length(JSON.stringify(filter));
  if (bytes >= MAX_FILTER_JSON_BYTES) {
    throw fail(`compact JSON must be under ${MAX_FILTER_JSON_BYTES} bytes, got ${bytes}`);
  }
  const indexed = new Set(indexes.map((index) => index.propertyName));
  const clauses: [string, ValuePredicate][] = [];
  for (const [key, condition] of entries) {
    checkKey(key);
    clauses.push([key, compileCondition(key, condition)]);
  }
  // Checked after parsing, so an invalid filter is an error even when it names an unindexed key.
  if (clauses.some(([key]) => !indexed.has(key))) return () => false;
  return (row) => clauses.every(([key, test]) => test(row[key]));
}

function checkKey(key: string): void {
  if (key.length === 0) throw fail("keys cannot be empty");
  if (key.length > MAX_FILTER_KEY_LENGTH) throw fail(`key "${key.slice(0, 32)}..." is longer than ${MAX_FILTER_KEY_LENGTH} characters`);
  if (key.includes('"')) throw fail(`key "${key}" contains '"'`);
  if (key.startsWith("$")) throw fail(`key "${key}" starts with "$"`);
  if (key.split(".").some((part) => part.length === 0)) throw fail(`key "${key}" has an empty path segment`);
}

function compileCondition(key: string, condition: unknown): ValuePredicate {
  if (isScalar(condition)) return equals(normalize(condition));
  if (Array.isArray(condition) || typeof condition !== "object") {
    throw fail(`value of "${key}" must be a string, number, boolean, null or an operator object`);
  }
  const ops = Object.entries(condition as Record<string, unknown>);
  for (const [op] of ops) if (!OPERATORS.has(op)) throw fail(`unknown operator "${op}" on "${key}"`);
  const isRangePair = ops.length === 2 && ops.some(([op]) => LOWER.has(op)) && ops.some(([op]) => UPPER.has(op));
  if (ops.length !== 1 && !isRangePair) {
    throw fail(`"${key}" must have one operator, or one lower bound ($gt/$gte) with one upper bound ($lt/$lte)`);
  }
  const tests = ops.map(([op, operand]) => compileOperator(key, op, operand));
  return (stored) => tests.every((test) => test(stored));
}

function compileOperator(key: string, op: string, operand: unknown): ValuePredicate {
  switch (op) {
    case "$eq":
    case "$ne": {
      if (!isScalar(operand)) throw fail(`${op} on "${key}" takes a string, number, boolean or null`);
      const test = equals(normalize(operand));
      return op === "$eq" ? test : (stored) => !test(stored);
    }
    case "$in":
    case "$nin": {
      if (!Array.isArray(operand) || !operand.every(isScalar)) {
        throw fail(`${op} on "${key}" takes an array of strings, numbers, booleans or null`);
      }
      const tests = operand.map((value) => equals(normalize(value)));
      const some: ValuePredicate = (stored) => tests.some((test) => test(stored));
      return op === "$in" ? some : (stored) => !some(stored);
    }
    default: {
      if (typeof operand !== "string" && typeof operand !== "number") {
        throw fail(`${op} on "${key}" takes a string or a number`);
      }
      return range(op, normalize(operand) as string | number);
    }
  }
}

function isScalar(value: unknown): value is Scalar {
  return value === null || typeof value === "boolean" || typeof value === "string" ||
    (typeof value === "number" && Number.isFinite(value));
}

/** Stored strings are cut to 64 bytes, so the operand is cut the same way. */
function normalize(value: Scalar): Scalar {
  return typeof value === "string" ? truncateUtf8(value, MAX_INDEXED_STRING_BYTES) : value;
}

function equals(value: Scalar): ValuePredicate {
  return value === null ? (stored) => stored === undefined : (stored) => stored === value;
}

function range(op: string, bound: string | number): ValuePredicate {
  const accept =
    op === "$lt" ? (c: number) => c < 0 : op === "$lte" ? (c: number) => c <= 0 : op === "$gt" ? (c: number) => c > 0 : (c: number) => c >= 0;
  return (stored) => {
    if (typeof stored !== typeof bound) return false;
    const order = typeof bound === "number" ? (stored as number) - bound : compareCodePoints(stored as string, bound);
    return accept(order);
  };
}

/** Code-point order, which equals UTF-8 byte order (JS `<` compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (astral characters) sort above every BMP character in code-point order.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
