/**
 * Physical sizes from shop strings ("30 × 40 cm", "12\" x 16\"", "W 50 cm x H 70 cm",
 * "60 by 90 cm", "Width: 50cm, Height: 70cm") into centimetres, and orientation from sizes or
 * image pixels. Without labels the first number is the width, as shops list "W x H".
 */

export type Orientation = "portrait" | "landscape" | "square";
export type LengthUnit = "cm" | "mm" | "m" | "in" | "ft";

export interface Dimensions {
  widthCm: number;
  heightCm: number;
  depthCm?: number;
}

const CM_PER: Readonly<Record<LengthUnit, number>> = { cm: 1, mm: 0.1, m: 100, in: 2.54, ft: 30.48 };
// Larger than a house wall is a parsing accident.
const MAX_CM = 10_000;

/** Centimetres rounded to 0.1, the precision a buyer cares about. */
export function toCm(value: number, unit: LengthUnit): number {
  return Math.round(value * CM_PER[unit] * 10) / 10;
}

/** Unit words and symbols as printed, and schema.org / UN/CEFACT unit codes. */
export function lengthUnit(label: string | null | undefined): LengthUnit | null {
  if (typeof label !== "string") return null;
  const u = label.trim().toLowerCase().replace(/\.$/, "");
  if (["cm", "cms", "centimetre", "centimetres", "centimeter", "centimeters", "cmt"].includes(u)) return "cm";
  if (["mm", "millimetre", "millimetres", "millimeter", "millimeters", "mmt"].includes(u)) return "mm";
  if (["m", "metre", "metres", "meter", "meters", "mtr"].includes(u)) return "m";
  if (["in", "inch", "inches", "inh", '"', "″", "''", "”"].includes(u)) return "in";
  if (["ft", "foot", "feet", "fot", "'", "′"].includes(u)) return "ft";
  return null;
}

type Axis = "w" | "h" | "d";

function axisOf(word: string): Axis | null {
  const w = word.toLowerCase();
  if (["w", "width", "wide", "b", "breite", "l", "largeur", "larghezza", "ancho"].includes(w)) return "w";
  if (["h", "height", "high", "tall", "hoehe", "höhe", "hauteur", "altezza", "alto"].includes(w)) return "h";
  if (["d", "depth", "deep", "t", "tiefe", "profondeur"].includes(w)) return "d";
  return null;
}

type Token =
  | { kind: "num"; value: number }
  | { kind: "unit"; unit: LengthUnit }
  | { kind: "times" }
  | { kind: "axis"; axis: Axis }
  | { kind: "skip" }
  | { kind: "other" };

// Numbers (with decimal comma or point), words, inch/foot marks, multiplication signs, the rest.
const TOKEN = /\d+(?:[.,]\d+)?|[\p{L}]+|''|["″”'′×✕✖*]|\S/gu;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const [raw] of text.matchAll(TOKEN)) {
    const unit = lengthUnit(raw);
    const axis = unit === null ? axisOf(raw) : null;
    if (/^\d/.test(raw)) {
      // "1,200" (three digits after a comma) is a thousands group, "29,7" a decimal comma.
      const value = /,\d{3}$/.test(raw) ? Number(raw.replace(",", "")) : Number(raw.replace(",", "."));
      tokens.push({ kind: "num", value });
    } else if (raw === "×" || raw === "✕" || raw === "✖" || raw === "*" || /^(x|by)$/i.test(raw)) {
      tokens.push({ kind: "times" });
    } else if (axis) {
      tokens.push({ kind: "axis", axis });
    } else if (unit) {
      tokens.push({ kind: "unit", unit });
    } else if (raw === ":" || raw === "=" || raw === "(" || raw === ")" || raw === ".") {
      tokens.push({ kind: "skip" });
    } else {
      tokens.push({ kind: "other" });
    }
  }
  return tokens;
}

/** Splits what shops glue together ("30x40cm", "8x10in") so each part is its own token. */
function separateGlued(text: string): string {
  return text.replace(/(\d)([xX×])(?=\s*\d)/g, "$1 $2 ").replace(/(\d)([\p{L}])/gu, "$1 $2");
}

interface Measure {
  value: number;
  unit: LengthUnit | null;
  axis: Axis | null;
}

/** Reads `[axis] num [unit] [axis]` at tokens[i]; returns the measure and the next index. */
function readMeasure(tokens: Token[], start: number): { measure: Measure; next: number } | null {
  let i = start;
  let axis: Axis | null = null;
  const t0 = tokens[i];
  if (t0?.kind === "axis") {
    axis = t0.axis;
    i += 1;
    while (tokens[i]?.kind === "skip") i += 1;
  }
  const num = tokens[i];
  if (num?.kind !== "num") return null;
  i += 1;
  let unit: LengthUnit | null = null;
  const u = tokens[i];
  if (u?.kind === "unit") {
    unit = u.unit;
    i += 1;
  }
  // A trailing axis label: "50 cm (W)", "50w".
  let j = i;
  while (tokens[j]?.kind === "skip") j += 1;
  const after = tokens[j];
  if (axis === null && after?.kind === "axis") {
    axis = after.axis;
    i = j + 1;
    while (tokens[i]?.kind === "skip") i += 1;
  }
  return { measure: { value: num.value, unit, axis }, next: i };
}

/** "a x b [x c]" sequences. */
function readProduct(tokens: Token[], start: number): { measures: Measure[]; next: number } | null {
  const first = readMeasure(tokens, start);
  if (!first) return null;
  const measures = [first.measure];
  let i = first.next;
  while (measures.length < 3 && tokens[i]?.kind === "times") {
    const m = readMeasure(tokens, i + 1);
    if (!m) break;
    measures.push(m.measure);
    i = m.next;
  }
  if (measures.length < 2) return null;
  const trailing = tokens[i];
  if (trailing?.kind === "unit") {
    for (const m of measures) m.unit ??= trailing.unit;
    i += 1;
  }
  return { measures, next: i };
}

function toDimensions(measures: Measure[], defaultUnit: LengthUnit | null): Dimensions | null {
  // A unit given once ("30 x 40 cm", "12\" x 16\"") applies to numbers without one.
  const known = measures.find((m) => m.unit !== null)?.unit ?? defaultUnit;
  if (!known) return null;
  const byAxis: Partial<Record<Axis, number>> = {};
  const unlabelled: number[] = [];
  for (const m of measures) {
    const cm = toCm(m.value, m.unit ?? known);
    if (!(cm > 0) || cm > MAX_CM) return null;
    if (m.axis && byAxis[m.axis] === undefined) byAxis[m.axis] = cm;
    else unlabelled.push(cm);
  }
  for (const axis of ["w", "h", "d"] as const) {
    if (byAxis[axis] === undefined && unlabelled.length > 0) byAxis[axis] = unlabelled.shift();
  }
  const { w, h, d } = byAxis;
  if (w === undefined || h === undefined) return null;
  return d === undefined ? { widthCm: w, heightCm: h } : { widthCm: w, heightCm: h, depthCm: d };
}

const PAPER_SIZES: Readonly<Record<string, [number, number]>> = {
  a0: [84.1, 118.9], a1: [59.4, 84.1], a2: [42, 59.4], a3: [29.7, 42], a4: [21, 29.7], a5: [14.8, 21],
};

/**
 * Width and height in cm from a size string, or null. `defaultUnit` applies to strings with no
 * unit at all ("30x40"); without it such strings are ambiguous and give null.
 */
export function parseDimensions(text: string, defaultUnit: LengthUnit | null = null): Dimensions | null {
  if (typeof text !== "string" || text.length > 500) return null;
  const tokens = tokenize(separateGlued(text));
  for (let i = 0; i < tokens.length; i++) {
    const found = readProduct(tokens, i);
    if (found) {
      const dims = toDimensions(found.measures, defaultUnit);
      if (dims) return dims;
    }
  }
  // "Width: 50 cm, Height: 70 cm": labelled measures without a multiplication sign.
  const labelled: Measure[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]?.kind !== "axis") continue;
    const m = readMeasure(tokens, i);
    if (m) labelled.push(m.measure);
  }
  if (labelled.some((m) => m.axis === "w") && labelled.some((m) => m.axis === "h")) {
    const dims = toDimensions(labelled, defaultUnit);
    if (dims) return dims;
  }
  const paper = /\b(A[0-5])\b/i.exec(text)?.[1]?.toLowerCase();
  const sheet = paper ? PAPER_SIZES[paper] : undefined;
  return sheet ? { widthCm: sheet[0], heightCm: sheet[1] } : null;
}

/** Length in cm from a value and unit label ("30", "cm"), or from a string like "30 cm". */
export function parseLength(value: unknown, unitLabel?: string | null): number | null {
  let num: number | null = null;
  let unit = lengthUnit(unitLabel ?? null);
  if (typeof value === "number") num = value;
  else if (typeof value === "string") {
    const m = /^\s*(\d+(?:[.,]\d+)?)\s*([\p{L}"″'′”]*)\.?\s*$/u.exec(value);
    if (!m || !m[1]) return null;
    num = Number(m[1].replace(",", "."));
    unit = lengthUnit(m[2] || null) ?? unit;
  }
  if (num === null || !Number.isFinite(num) || unit === null) return null;
  const cm = toCm(num, unit);
  return cm > 0 && cm <= MAX_CM ? cm : null;
}

/** Relative difference below which width and height count as equal (framing, rounding). */
export const SQUARE_TOLERANCE = 0.03;

/** Orientation of a width/height pair in any unit (cm or pixels). */
export function orientationOf(width: number, height: number, tolerance = SQUARE_TOLERANCE): Orientation | null {
  if (!(width > 0) || !(height > 0)) return null;
  if (Math.abs(width - height) / Math.max(width, height) <= tolerance) return "square";
  return width > height ? "landscape" : "portrait";
}

/** Label for a size when the shop gives none: "30 × 40 cm". */
export function sizeLabel(widthCm: number, heightCm: number): string {
  return `${widthCm} × ${heightCm} cm`;
}
