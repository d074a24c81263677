import { formatPrice } from "../utils/format";

export interface WallTotalParts {
  totals: { currency: string; amountMinor: number; works: number }[];
  unpriced: number;
}

/** A wall's total: one sum per currency ("$120 + €80"), never converted or mixed. */
export function WallTotalText({ totals, unpriced }: WallTotalParts) {
  if (totals.length === 0) return <span className="wall-total">{unpriced > 0 ? "No prices known" : "Nothing on this wall yet"}</span>;
  return (
    <span className="wall-total" data-wall-total={totals.map((t) => `${t.currency}:${t.amountMinor}`).join(",")}>
      {totals.map((t) => formatPrice(t.amountMinor, t.currency)).join(" + ")}
      {unpriced > 0 ? ` (plus ${unpriced === 1 ? "1 work" : `${unpriced} works`} without a price)` : null}
    </span>
  );
}
