/** "oil-painting" -> "oil painting": a stored tag slug as words, for headings and descriptions. */
export function tagWords(tag: string): string {
  return tag.replace(/-/g, " ");
}
