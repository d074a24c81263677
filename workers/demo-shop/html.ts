/**
 * A minimal safe-by-default HTML template tag: every interpolated value is escaped unless it
 * is already SafeHtml (the output of another `html` call or an explicit `raw`).
 */

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

/** Trusted markup only (constants and already-escaped output). */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === null || value === undefined || value === false) return "";
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? "");
  });
  return new SafeHtml(out);
}

/**
 * JSON for an inline <script>: escapes "<" (so "</script>" cannot end the element) and the two
 * line separators that are legal in JSON but not in older JavaScript.
 */
export function jsonForScript(value: unknown, indent?: number): SafeHtml {
  return raw(
    JSON.stringify(value, null, indent)
      .replace(/</g, "\\u003c")
      .replace(/\u2028/g, "\\u2028")
      .replace(/\u2029/g, "\\u2029"),
  );
}

/** XML text/attribute escaping for sitemaps. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => (ch === "'" ? "&apos;" : (ESCAPES[ch] ?? ch)));
}
