/**
 * The search's kept vocabulary file (docs/decisions/0009-lexical-search.md): plain data, read by
 * lexical.ts. Two tables:
 *
 *  - TRANSLATIONS: colour and common art words of French, Spanish, German and Italian, to the
 *    English word the catalogue uses ("bleu" -> blue, "fleurs" -> flowers). Applied only to a
 *    word the catalogue itself does not know ("Rosa" the artist stays Rosa).
 *  - RELATED: a query word (singular, lower-case) -> the narrower words, synonyms and spelling
 *    variants that should also find a work ("flower" -> botanical, tulips, poppies, lilies...).
 *    Directed on purpose: "flowers" reaches tulips, "tulips" does not reach every flower.
 *
 * Chosen over WordNet by measurement (bench/search/wordnet_coverage.py, Debian's WordNet 3.0):
 * for the query list's 15 synonym words, WordNet's synonyms, hyponyms and hypernyms reach a
 * relevant catalogue word for 7 (none for mountains, beach, floral, nature, boats...), while
 * "flowers" alone expands to 868 words; its 28 MB would not fit a Worker either.
 */

/** Foreign word -> the English word searched instead (shown as "Showing results for …"). */
export const TRANSLATIONS: Readonly<Record<string, string>> = {
  // French
  bleu: "blue", bleue: "blue", rouge: "red", vert: "green", verte: "green", jaune: "yellow", noir: "black", noire: "black",
  blanc: "white", blanche: "white", gris: "grey", grise: "grey", marron: "brown", doré: "gold", dorée: "gold",
  fleur: "flowers", fleurs: "flowers", mer: "sea", océan: "ocean", montagne: "mountains", montagnes: "mountains",
  paysage: "landscape", abstrait: "abstract", abstraite: "abstract", plage: "beach", phare: "lighthouse", ciel: "sky",
  arbre: "trees", arbres: "trees", forêt: "forest", calme: "calm", tempête: "storm", bateau: "boat", bateaux: "boats",
  // Spanish
  azul: "blue", rojo: "red", roja: "red", verde: "green", amarillo: "yellow", amarilla: "yellow", negro: "black", negra: "black",
  blanco: "white", blanca: "white", morado: "purple", morada: "purple", marrón: "brown", dorado: "gold", naranja: "orange",
  flor: "flowers", flores: "flowers", mar: "sea", montaña: "mountains", montañas: "mountains", paisaje: "landscape",
  abstracto: "abstract", abstracta: "abstract", playa: "beach", faro: "lighthouse", cielo: "sky", bosque: "forest",
  tranquilo: "calm", tormenta: "storm", barco: "boat",
  // German
  blau: "blue", rot: "red", grün: "green", gruen: "green", gelb: "yellow", schwarz: "black", weiß: "white", weiss: "white",
  grau: "grey", braun: "brown", lila: "purple", blume: "flowers", blumen: "flowers", meer: "sea", berg: "mountains",
  berge: "mountains", gebirge: "mountains", landschaft: "landscape", abstrakt: "abstract", abstrakte: "abstract",
  strand: "beach", leuchtturm: "lighthouse", himmel: "sky", wald: "forest", ruhig: "calm", sturm: "storm", boot: "boat",
  // Italian
  blu: "blue", rosso: "red", rossa: "red", giallo: "yellow", gialla: "yellow", nero: "black", nera: "black", bianco: "white",
  bianca: "white", grigio: "grey", viola: "purple", marrone: "brown", arancione: "orange", fiore: "flowers", fiori: "flowers",
  mare: "sea", montagna: "mountains", paesaggio: "landscape", astratto: "abstract",
  astratta: "abstract", spiaggia: "beach", bosco: "forest", tempesta: "storm", barca: "boat",
};

const FLOWERS = ["flower", "flowers", "floral", "botanical", "bloom", "blooms", "blossom", "tulips", "poppies", "lilies", "wildflowers", "roses", "peonies", "daisies", "orchids"];
const PLANTS = ["botanical", "plant", "plants", "fern", "ferns", "leaves", "foliage", "stems", "greenery"];
const MOUNTAINS = ["mountain", "mountains", "hills", "summit", "peak", "peaks", "alpine"];
const SEA = ["sea", "ocean", "seascape", "marine", "coast", "shore", "waves", "harbour", "bay"];
const COAST = ["coast", "coastal", "shore", "beach", "seaside", "seascape", "bay", "harbour"];
const COUNTRYSIDE = ["landscape", "countryside", "meadow", "fields", "hills", "valley", "prairie", "moor"];
const ABSTRACT = ["abstract", "abstraction", "colour field", "stripes", "geometric"];
const GEOMETRIC = ["geometric", "geometry", "shapes", "circles", "triangles", "grid", "tiles"];
const MINIMAL = ["minimal", "minimalist", "colour field", "stripes", "lines"];
const CALM = ["calm", "serene", "quiet", "tranquil", "peaceful", "meditation", "silence"];
const VIBRANT = ["vibrant", "bold", "bright", "colourful", "playful"];
const MOODY = ["moody", "dark", "dramatic", "storm"];
const SUN = ["sunset", "sunrise", "sun", "glow", "horizon", "dusk", "dawn"];
const BOATS = ["boat", "boats", "ship", "ships", "sailing", "regatta", "harbour", "nautical"];
const FOREST = ["forest", "trees", "woodland", "woods", "orchard"];

/** Query word (singular, lower-case) -> words that also count as a match for it. */
export const RELATED: Readonly<Record<string, readonly string[]>> = {
  flower: FLOWERS, floral: FLOWERS, bloom: FLOWERS, blossom: FLOWERS, bouquet: FLOWERS, wildflower: FLOWERS,
  botanical: [...PLANTS, "floral", "flowers"], plant: PLANTS, leaf: PLANTS, leave: PLANTS, foliage: PLANTS, garden: [...FLOWERS, "orchard", "meadow"],
  tulip: ["tulips"], poppy: ["poppies"], lily: ["lilies"],
  mountain: MOUNTAINS, hill: ["hills", "mountain", "summit", "moor"], peak: MOUNTAINS, summit: MOUNTAINS, alpine: MOUNTAINS,
  ocean: SEA, sea: SEA, seascape: SEA, marine: SEA, wave: ["waves", "sea", "tide", "surf"], nautical: [...SEA, ...BOATS],
  beach: COAST, coast: COAST, coastal: COAST, shore: COAST, seaside: COAST,
  water: ["water", "sea", "lake", "river", "ocean"],
  boat: BOATS, ship: BOATS, sailing: BOATS, sailboat: BOATS, harbor: ["harbour", "harbor"],
  countryside: COUNTRYSIDE, rural: COUNTRYSIDE, pastoral: COUNTRYSIDE, nature: [...COUNTRYSIDE, "botanical"], scenery: COUNTRYSIDE,
  meadow: ["meadow", "fields", "prairie"], field: ["fields", "meadow"], desert: ["desert", "dunes", "sand"], dune: ["dunes"],
  forest: FOREST, tree: FOREST, wood: FOREST, woodland: FOREST,
  abstract: ABSTRACT, abstraction: ABSTRACT, geometric: GEOMETRIC, geometry: GEOMETRIC, shape: GEOMETRIC, circle: ["circles", "orbit"], triangle: ["triangles"],
  minimal: MINIMAL, minimalist: MINIMAL, minimalism: MINIMAL, stripe: ["stripes", "bands", "lines"], striped: ["stripes", "bands", "lines"], line: ["lines", "stripes"],
  calm: CALM, serene: CALM, tranquil: CALM, peaceful: CALM, relaxing: CALM, soothing: CALM, zen: CALM, restful: CALM, quiet: CALM,
  vibrant: VIBRANT, bright: VIBRANT, colourful: VIBRANT, colorful: VIBRANT, bold: ["bold", "vibrant", "dramatic"], cheerful: ["playful", "vibrant"],
  happy: ["playful", "vibrant"], fun: ["playful", "vibrant"], whimsical: ["playful"], playful: ["playful", "whimsical"],
  moody: MOODY, dark: MOODY, gloomy: MOODY, dramatic: ["dramatic", "storm", "bold"], stormy: ["storm", "dramatic"], storm: ["storm", "stormy"],
  warm: ["warm", "cosy", "cozy"], cosy: ["warm", "cosy"], cozy: ["warm", "cozy"], cool: ["cool"], cold: ["cool", "cold"],
  sunset: SUN, sunrise: SUN, dusk: SUN, dawn: SUN, sun: SUN, sky: ["sky", "horizon", "clouds"], horizon: ["horizon", "sky"],
  watercolor: ["watercolour", "watercolor"], watercolour: ["watercolour", "watercolor"], gouache: ["gouache"],
  print: ["print", "giclée", "linocut", "screen print"], poster: ["print", "poster"], linocut: ["linocut", "lino"],
  modern: ["modern", "contemporary", "abstract"], contemporary: ["contemporary", "modern", "abstract"],
  nursery: ["playful"], kid: ["playful"], child: ["playful"],
};

/** Simple English singular: "flowers" -> flower, "lilies" -> lily, "boxes" -> box; short words stay. */
export function singular(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith("ies") && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(?:ches|shes|sses|xes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us") && !word.endsWith("is")) return word.slice(0, -1);
  return word;
}

/** The words that also find a work for this query word (itself first), or just itself. */
export function relatedWords(word: string): string[] {
  const own = Object.hasOwn(RELATED, word) ? RELATED[word]! : Object.hasOwn(RELATED, singular(word)) ? RELATED[singular(word)]! : [];
  return [word, ...own.filter((w) => w !== word)];
}

/** The English word for a foreign one, or null. */
export function translationOf(word: string): string | null {
  return Object.hasOwn(TRANSLATIONS, word) ? TRANSLATIONS[word]! : null;
}
