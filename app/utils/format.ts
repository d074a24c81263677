/** Money in minor units as the visitor reads it: "$80", "€1,250", "£45.50". */
export function formatPrice(minor: number | null | undefined, currency: string | null | undefined): string {
  if (minor === null || minor === undefined || !currency) return "Price on request";
  const whole = minor % 100 === 0;
  const format = currencyFormat(currency, whole);
  return format ? format.format(minor / 100) : `${(minor / 100).toFixed(whole ? 0 : 2)} ${currency}`;
}

/**
 * Formatters made once per currency and kind: making an Intl.NumberFormat costs far more than
 * using one (it was 4% of a rendered home page's CPU, one per card). null: a code Intl refuses.
 */
const formats = new Map<string, Intl.NumberFormat | null>();
function currencyFormat(currency: string, whole: boolean): Intl.NumberFormat | null {
  const key = `${currency}:${whole ? 0 : 2}`;
  let format = formats.get(key);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat("en", { style: "currency", currency, minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 });
    } catch {
      format = null;
    }
    // Currency codes come from stored offers and queries: a bounded set, but keep the map bounded anyway.
    if (formats.size < 500) formats.set(key, format);
  }
  return format;
}

export function formatCm(width: number | null, height: number | null): string | null {
  if (!width || !height) return null;
  const round = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
  return `${round(width)} × ${round(height)} cm`;
}
