/**
 * How the sitemap's URLs are split into files: pure arithmetic on section sizes, apart from
 * the reads (sitemap.server.ts) so that benchmarks and tests outside the Worker can use it.
 */
/** The protocol's limit on the URLs of one sitemap file. */
export const MAX_URLS_PER_SITEMAP = 50_000;

/**
 * URLs in each file we serve. The protocol allows 50,000, but a file that size takes
 * 0.4 s to build (at 100k works and more) and weighs about 4 MB; files of 1,000 are the same small unit of work
 * at any catalogue size (decision 0024). An index lists up to 50,000 files, so this
 * holds 50 million URLs.
 */
export const URLS_PER_SITEMAP_FILE = 1_000;

/** The protocol's limit on the files one sitemap index lists. */
export const MAX_SITEMAPS_PER_INDEX = 50_000;

/**
 * A slice of one section (static pages, artworks, artists, tags) of the whole URL list: for
 * artworks, artists and tags the ids in (offset, offset + limit], for the static pages the
 * entries from position offset.
 */
export interface SectionSlice {
  section: number;
  offset: number;
  limit: number;
}

/**
 * Splits sections of the given sizes, in order, into files of at most `perFile`
 * URLs. Always at least one (possibly empty) file.
 */
export function planSitemap(sectionSizes: readonly number[], perFile = URLS_PER_SITEMAP_FILE): SectionSlice[][] {
  const files: SectionSlice[][] = [[]];
  let room = perFile;
  sectionSizes.forEach((size, section) => {
    let offset = 0;
    while (offset < size) {
      if (room === 0) {
        files.push([]);
        room = perFile;
      }
      const limit = Math.min(room, size - offset);
      files.at(-1)!.push({ section, offset, limit });
      offset += limit;
      room -= limit;
    }
  });
  return files;
}
