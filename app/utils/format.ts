/** Money in minor units as the visitor reads it: "$80", "€1,250", "£45.50". */
export function formatPrice(minor: number | null | undefined, currency: string | null | undefined): string {
  if (minor === null || minor === undefined || !currency) return "Price on request";
  const whole = minor % 100 === 0;
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency, minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 }).format(minor / 100);
  } catch {
    return `${(minor / 100).toFixed(whole ? 0 : 2)} ${currency}`;
  }
}

export function formatCm(width: number | null, height: number | null): string | null {
  if (!width || !height) return null;
  const round = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
  return `${round(width)} × ${round(height)} cm`;
}
