/**
 * Deterministic synthetic catalogue rows for the scale fixture: work i always gets the same
 * title, artist, tags, sizes, prices, palette, cluster, map point and neighbours, whatever
 * the catalogue's size or the machine. Plain functions of the index, no shared state.
 */

/** A 32-bit mix of (i, salt): the fixture's only source of variety. */
export function mix(i: number, salt: number): number {
  let h = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A float in [0, 1) from (i, salt). */
export const unit = (i: number, salt: number) => mix(i, salt) / 4294967296;

const SUBJECTS = [
  "lighthouse", "harbour", "forest", "mountains", "beach", "city", "garden", "flowers", "birds", "horses", "portrait", "still-life",
  "boats", "river", "desert", "snow", "sunset", "night", "storm", "fields", "bridge", "cafe", "dancers", "cats", "trees", "waves",
  "clouds", "moon", "village", "market", "lake", "meadow", "rocks", "coast", "jungle", "street", "window", "kitchen", "music", "books",
];
const STYLES = [
  "abstract", "minimalist", "impressionist", "expressionist", "pop-art", "watercolour", "oil-painting", "ink", "charcoal", "collage",
  "geometric", "vintage", "botanical", "photography", "line-art", "cubist", "surreal", "naive", "modern", "classic",
];
const MOODS = ["calm", "bold", "moody", "bright", "dreamy", "playful", "serene", "dramatic", "warm", "cool"];
const COLOURS = ["red", "orange", "yellow", "green", "teal", "blue", "navy", "purple", "pink", "brown", "beige", "grey", "black", "white", "gold", "silver"];
const HEX: Record<string, string> = {
  red: "#c0392b", orange: "#e67e22", yellow: "#f1c40f", green: "#27ae60", teal: "#16a085", blue: "#2e86de", navy: "#1b2a4a", purple: "#8e44ad",
  pink: "#e84393", brown: "#8b5a2b", beige: "#d8c3a5", grey: "#8395a7", black: "#1e1e1e", white: "#f5f5f5", gold: "#c9a227", silver: "#bdc3c7",
};
const FIRST = ["Ada", "Ben", "Cy", "Dora", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea", "Milo", "Nina", "Otto", "Pia", "Quin", "Rosa", "Sami", "Tove"];
const LAST = ["Brush", "Canvas", "Ochre", "Umber", "Sienna", "Gesso", "Easel", "Palette", "Linen", "Vellum", "Sepia", "Indigo", "Madder", "Cobalt", "Verdigris"];

/** Tags: a few hundred in all (subjects x styles plus moods and colours), used unevenly as in a real shop. */
export function tagsOf(i: number): string[] {
  const skew = (salt: number, n: number) => Math.floor(Math.pow(unit(i, salt), 1.6) * n);
  const subject = SUBJECTS[skew(1, SUBJECTS.length)]!;
  const style = STYLES[skew(2, STYLES.length)]!;
  const mood = MOODS[mix(i, 3) % MOODS.length]!;
  const colour = COLOURS[mix(i, 4) % COLOURS.length]!;
  const series = `${subject}-series-${mix(i, 5) % 200}`;
  return [...new Set([subject, style, mood, colour, series])];
}

export interface SyntheticWork {
  id: number;
  slug: string;
  title: string;
  artistId: number;
  description: string;
  medium: string;
  tags: string[];
  orientation: "portrait" | "landscape" | "square";
  widthCm: number;
  heightCm: number;
  sizeClass: "small" | "medium" | "large";
  imageHash: string;
  paletteJson: string;
  dominantColour: string;
  priceMinor: number;
  currency: string;
  available: boolean;
  firstSeenAt: number;
}

const BASE_TIME = Date.UTC(2026, 0, 1);
const MEDIA = ["giclée print", "canvas print", "poster", "framed print", "original oil", "original watercolour"];

export function artistCount(works: number): number {
  return Math.max(3, Math.ceil(works / 50));
}

export function artistName(a: number): { slug: string; name: string } {
  const name = `${FIRST[a % FIRST.length]} ${LAST[Math.floor(a / FIRST.length) % LAST.length]}${a >= FIRST.length * LAST.length ? ` ${Math.floor(a / (FIRST.length * LAST.length)) + 1}` : ""}`;
  return { slug: `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${a + 1}`, name };
}

/** Work `id` (1-based) of a catalogue of `works`. */
export function work(id: number, works: number): SyntheticWork {
  const tags = tagsOf(id);
  const colour = tags[3]!;
  const orientationPick = mix(id, 6) % 3;
  const orientation = (["portrait", "landscape", "square"] as const)[orientationPick]!;
  const long = 30 + (mix(id, 7) % 120);
  const short = Math.round(long * (0.6 + unit(id, 8) * 0.3));
  const [widthCm, heightCm] = orientation === "portrait" ? [short, long] : orientation === "landscape" ? [long, short] : [long, long];
  const area = widthCm * heightCm;
  const second = COLOURS[(COLOURS.indexOf(colour) + 1 + (mix(id, 9) % 5)) % COLOURS.length]!;
  const palette = [
    { hex: HEX[colour], name: colour, share: 0.55 },
    { hex: HEX[second], name: second, share: 0.3 },
    { hex: "#f5f5f5", name: "white", share: 0.15 },
  ];
  const title = `${tags[2]![0]!.toUpperCase()}${tags[2]!.slice(1)} ${tags[0]!.replace(/-/g, " ")} ${id}`;
  return {
    id,
    slug: `${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`,
    title,
    artistId: (mix(id, 10) % artistCount(works)) + 1,
    description: `A ${tags[2]} ${tags[1]!.replace(/-/g, " ")} of ${tags[0]!.replace(/-/g, " ")} in ${colour} and ${second}.`,
    medium: MEDIA[mix(id, 11) % MEDIA.length]!,
    tags,
    orientation,
    widthCm,
    heightCm,
    sizeClass: area < 2000 ? "small" : area < 6000 ? "medium" : "large",
    imageHash: (mix(id, 12).toString(16).padStart(8, "0") + id.toString(16).padStart(8, "0")).repeat(4),
    paletteJson: JSON.stringify(palette),
    dominantColour: colour,
    priceMinor: 1500 + (mix(id, 13) % 40_000),
    currency: mix(id, 14) % 5 === 0 ? "EUR" : "USD",
    available: mix(id, 15) % 100 >= 3,
    firstSeenAt: BASE_TIME + id * 1000,
  };
}

export const CLUSTERS = 24;
export const REPRESENTATIVES = 8;

/** The vibe a work falls in, and its point on the map near the cluster's centre. */
export function mapPointOf(id: number): { cluster: number; x: number; y: number } {
  const cluster = mix(id, 20) % CLUSTERS;
  const [cx, cy] = clusterCentre(cluster);
  const r = Math.sqrt(unit(id, 21)) * 1.6;
  const angle = unit(id, 22) * 2 * Math.PI;
  return { cluster, x: cx + r * Math.cos(angle), y: cy + r * Math.sin(angle) };
}

export function clusterCentre(cluster: number): [number, number] {
  return [(cluster % 6) * 4 - 10, Math.floor(cluster / 6) * 4 - 6];
}

/** K neighbours of work `id`: nearby ids in the same cluster's numbering, scores falling with rank. */
export function neighboursOf(id: number, works: number, k: number): { id: number; score: number }[] {
  const out: { id: number; score: number }[] = [];
  const seen = new Set<number>([id]);
  for (let r = 0; out.length < k && r < k * 4; r++) {
    const n = ((id - 1 + 1 + (mix(id * 31 + r, 30) % Math.min(works - 1, 5000))) % works) + 1;
    if (seen.has(n)) continue;
    seen.add(n);
    out.push({ id: n, score: Number((0.95 - out.length * 0.01).toFixed(4)) });
  }
  return out;
}
