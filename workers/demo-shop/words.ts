/** Word pools the catalogue generator draws from. Plain data; changing it changes every page. */
import type { Style } from "./types.ts";

export const SUBJECTS: Readonly<Record<Style, readonly string[]>> = {
  "colour-field": ["Field", "Silence", "Threshold", "Meditation", "Veil", "Horizon", "Chapel", "Glow"],
  stripes: ["Bands", "Lines", "Rhythm", "Cadence", "Pulse", "Tide", "Signal", "Weave"],
  geometric: ["Circles", "Triangles", "Grid", "Composition", "Orbit", "Modules", "Balance", "Tiles"],
  landscape: ["Hills", "Valley", "Meadow", "Dunes", "Fields", "Moor", "Prairie", "Summit"],
  botanical: ["Tulips", "Fern", "Poppies", "Lilies", "Orchard", "Wildflowers", "Stems", "Blossom"],
  seascape: ["Harbour", "Lighthouse", "Shore", "Sea", "Storm", "Bay", "Regatta", "Coast"],
};

export const STYLE_LABELS: Readonly<Record<Style, string>> = {
  "colour-field": "Colour field",
  stripes: "Stripes",
  geometric: "Geometric",
  landscape: "Landscape",
  botanical: "Botanical",
  seascape: "Seascape",
};

export const MOODS = ["calm", "bold", "moody", "serene", "vibrant", "warm", "cool", "playful", "quiet", "dramatic"] as const;

export const MEDIA: Readonly<Record<Style, readonly string[]>> = {
  "colour-field": ["Acrylic on canvas", "Oil on canvas", "Giclée print on cotton rag"],
  stripes: ["Acrylic on canvas", "Screen print", "Giclée print on cotton rag"],
  geometric: ["Screen print", "Gouache on paper", "Digital print on aluminium"],
  landscape: ["Oil on canvas", "Watercolour on paper", "Giclée print on cotton rag"],
  botanical: ["Watercolour on paper", "Gouache on paper", "Linocut print"],
  seascape: ["Oil on canvas", "Watercolour on paper", "Giclée print on cotton rag"],
};

export const FIRST_NAMES = [
  "Ada", "Bruno", "Clara", "Dmitri", "Elif", "Felix", "Greta", "Hugo", "Ines", "Jonas",
  "Kaito", "Lena", "Mateo", "Nora", "Oskar", "Priya", "Quentin", "Rosa", "Soren", "Tove",
  "Umar", "Vera", "Wren", "Ximena", "Yusuf", "Zora",
] as const;

export const LAST_NAMES = [
  "Albers", "Brandt", "Castellano", "Dubois", "Eriksen", "Fontaine", "Goldberg", "Halloran",
  "Ivanova", "Jansen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov",
  "Quinlan", "Rasmussen", "Silva", "Tanaka", "Ueda", "Varga", "Whitfield", "Yilmaz", "Zeller",
] as const;

/** A sentence per style, so descriptions read like a shop wrote them. */
export const STYLE_SENTENCES: Readonly<Record<Style, string>> = {
  "colour-field": "Broad, softly edged blocks of colour invite slow looking.",
  stripes: "Measured stripes set up a rhythm that carries across the whole surface.",
  geometric: "Crisp shapes are balanced on a clean ground.",
  landscape: "A wide horizon, rolling hills and a low sun open up the room.",
  botanical: "Slender stems, leaves and blooms are drawn with a gardener's eye.",
  seascape: "Sea and sky meet at a clear horizon, with a lighthouse keeping watch.",
};
