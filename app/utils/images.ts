/** URL of an artwork image; `width` asks for a WebP thumbnail (320 or 640 px wide). */
export function imageUrl(hash: string, width?: 320 | 640): string {
  return width ? `/images/${hash}?w=${width}` : `/images/${hash}`;
}

/** Alt text from data we know: never empty for a real artwork. */
export function altText(title: string, artist: string | null): string {
  return artist ? `${title} by ${artist}` : title;
}
