import { describe, expect, it } from "vitest";
import { parsePrice, toMinorUnits } from "../../../workers/crawler/price.ts";

type Case = [text: string, amount: number | null, currency: string | null];

describe("parsePrice: real-world formats", () => {
  const cases: Case[] = [
    // The examples and the demo shop's three formats.
    ["1.299,00 €", 1299, "EUR"],
    ["EUR 1.299,00", 1299, "EUR"],
    ["1 299,00 €", 1299, "EUR"],
    ["$1,299.00", 1299, "USD"],
    ["£85", 85, "GBP"],
    ["£1,250.50", 1250.5, "GBP"],
    // Codes before and after.
    ["USD 45", 45, "USD"],
    ["45 USD", 45, "USD"],
    ["45.00 GBP", 45, "GBP"],
    ["EUR45", 45, "EUR"],
    // Yen, rupees, francs, kronor, zloty and friends.
    ["¥12,000", 12000, "JPY"],
    ["￥3,980", 3980, "JPY"],
    ["CN¥ 899", 899, "CNY"],
    ["12,000円", 12000, "JPY"],
    ["Rs. 1,499", 1499, "INR"],
    ["Rs 2,500", 2500, "INR"],
    ["₹1,49,999", 149999, "INR"],
    ["CHF 1'200.50", 1200.5, "CHF"],
    ["CHF 1’200.50", 1200.5, "CHF"],
    ["Fr. 89.90", 89.9, "CHF"],
    ["129,99 zł", 129.99, "PLN"],
    ["1 990 Kč", 1990, "CZK"],
    ["₩45,000", 45000, "KRW"],
    ["R$ 1.234,56", 1234.56, "BRL"],
    ["1.299.000 ₫", 1299000, "VND"],
    ["₺450,00", 450, "TRY"],
    ["₪ 320", 320, "ILS"],
    ["฿1,590", 1590, "THB"],
    // Dollar prefixes.
    ["US$ 120", 120, "USD"],
    ["A$89.95", 89.95, "AUD"],
    ["AU$ 89.95", 89.95, "AUD"],
    ["C$ 45", 45, "CAD"],
    ["CA$99.00", 99, "CAD"],
    ["NZ$75", 75, "NZD"],
    ["HK$1,200", 1200, "HKD"],
    ["S$ 58", 58, "SGD"],
    // Decimal comma versus point.
    ["12.50", 12.5, null],
    ["12,50 €", 12.5, "EUR"],
    ["1,29", 1.29, null],
    ["12,5 €", 12.5, "EUR"],
    ["1,299", 1299, null],
    ["1.299", 1299, null],
    ["1,299,000", 1299000, null],
    ["1.299.000,50 €", 1299000.5, "EUR"],
    ["0.99", 0.99, null],
    ["$.99 is not a thing but $0.99 is", 0.99, "USD"],
    ["1 299,00 €", 1299, "EUR"],
    // Thin, narrow and no-break spaces, and entity remnants.
    ["1\u2009299,00\u00a0€", 1299, "EUR"],
    ["1\u202f299,00\u202f€", 1299, "EUR"],
    ["1&nbsp;299,00&nbsp;&euro;", 1299, "EUR"],
    ["&pound;85", 85, "GBP"],
    ["\u00a0$\u00a045.00\u00a0", 45, "USD"],
    // Wording around the price.
    ["From $49", 49, "USD"],
    ["from £120.00", 120, "GBP"],
    ["Price: €89", 89, "EUR"],
    ["Now only $29.99!", 29.99, "USD"],
    ["$45 (incl. 20% VAT)", 45, "USD"],
    ["499,-", 499, null],
    ["€ 12,–", 12, "EUR"],
    ["30 x 40 cm: $45", 45, "USD"],
    // Ranges and sale pairs: the lowest.
    ["$49 - $99", 49, "USD"],
    ["£50 – £120", 50, "GBP"],
    ["€10-20", 10, "EUR"],
    ["$1,299.00 – $2,499.00", 1299, "USD"],
    ["Was $120 Now $99", 99, "USD"],
    ["$99 (was $120)", 99, "USD"],
    // No price.
    ["Free", null, null],
    ["Sold out", null, null],
    ["Price on request", null, null],
    ["", null, null],
    ["   ", null, null],
    ["€", null, "EUR"],
    // Negative and absurd input.
    ["-$5.00", null, "USD"],
    ["$-5", null, "USD"],
    ["−12,00 €", null, "EUR"],
    ["99999999999999999 $", null, "USD"],
    ["<script>alert(1)</script>", 1, null],
  ];

  it.each(cases)("%j -> %s %s", (text, amount, currency) => {
    expect(parsePrice(text)).toEqual({ amount, currency });
  });

  it("covers at least 40 formats", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });
});

describe("parsePrice: hints", () => {
  it("uses the hinted currency when the text names none", () => {
    expect(parsePrice("45", { currency: "EUR" })).toEqual({ amount: 45, currency: "EUR" });
    expect(parsePrice("Sold out", { currency: "gbp" })).toEqual({ amount: null, currency: "GBP" });
  });

  it("lets the text win over the hint", () => {
    expect(parsePrice("£85", { currency: "EUR" })).toEqual({ amount: 85, currency: "GBP" });
  });

  it("resolves ambiguous symbols with the hint", () => {
    expect(parsePrice("$45", { currency: "CAD" })).toEqual({ amount: 45, currency: "CAD" });
    expect(parsePrice("$45", { currency: "EUR" })).toEqual({ amount: 45, currency: "USD" });
    expect(parsePrice("kr 499", { currency: "SEK" })).toEqual({ amount: 499, currency: "SEK" });
    expect(parsePrice("499 kr.", { currency: "DKK" })).toEqual({ amount: 499, currency: "DKK" });
    expect(parsePrice("¥899", { currency: "CNY" })).toEqual({ amount: 899, currency: "CNY" });
    expect(parsePrice("Rs. 999", { currency: "PKR" })).toEqual({ amount: 999, currency: "PKR" });
  });

  it("leaves 'kr' without a hint as an unknown currency", () => {
    expect(parsePrice("kr 499")).toEqual({ amount: 499, currency: null });
  });

  it("breaks the 1.299 / 1,299 tie with the decimal separator hint", () => {
    expect(parsePrice("1.299", { decimalSeparator: "." }).amount).toBe(1.299);
    expect(parsePrice("1.299", { decimalSeparator: "," }).amount).toBe(1299);
    expect(parsePrice("1,299", { decimalSeparator: "," }).amount).toBe(1.299);
    expect(parsePrice("1,299", { decimalSeparator: "." }).amount).toBe(1299);
    // Unambiguous strings ignore the hint.
    expect(parsePrice("12,50", { decimalSeparator: "." }).amount).toBe(12.5);
    expect(parsePrice("1,299.00", { decimalSeparator: "," }).amount).toBe(1299);
  });

  it("reads three decimals for three-decimal currencies", () => {
    expect(parsePrice("KWD 1.299")).toEqual({ amount: 1.299, currency: "KWD" });
    expect(parsePrice("BHD 12.500")).toEqual({ amount: 12.5, currency: "BHD" });
  });

  it("does not mistake words for currency codes", () => {
    expect(parsePrice("ALL sizes 45")).toEqual({ amount: 45, currency: null });
    expect(parsePrice("Prints 45")).toEqual({ amount: 45, currency: null });
    expect(parsePrice("TRY IT: 45")).toEqual({ amount: 45, currency: null });
    expect(parsePrice("TRY 450")).toEqual({ amount: 450, currency: "TRY" });
  });

  it("never throws on odd input", () => {
    for (const text of ["\u0000", "💶 12", "1e9", "NaN", "Infinity", "9".repeat(5000), "$".repeat(1000), "1,2,3,4"]) {
      expect(() => parsePrice(text)).not.toThrow();
    }
    expect(parsePrice(undefined as unknown as string)).toEqual({ amount: null, currency: null });
  });
});

describe("toMinorUnits", () => {
  it.each([
    [19.99, "USD", 1999],
    [1299, "EUR", 129900],
    [85, "GBP", 8500],
    [0.1 + 0.2, "USD", 30],
    [1.005, "USD", 101],
    [8.675, "EUR", 868],
    [12000, "JPY", 12000],
    [12000.4, "JPY", 12000],
    [45000, "KRW", 45000],
    [1.299, "KWD", 1299],
    [12.5, "BHD", 12500],
    [1.2345, "KWD", 1235],
    [3.5, "CLF", 35000],
    [45, "XXX", 4500],
    [45, "usd", 4500],
    [0, "USD", 0],
    [-2.5, "USD", -250],
    [1e-7, "USD", 0],
  ])("%s %s -> %s", (amount, currency, minor) => {
    expect(toMinorUnits(amount, currency)).toBe(minor);
  });

  it("has no float drift across every cent up to $10,000", () => {
    // One assertion over the whole sweep: 143k expect() calls took seconds
    // inside the workers pool and timed out when the type check ran beside it.
    const drifted: number[] = [];
    for (let cents = 0; cents <= 1_000_000; cents += 7) {
      if (toMinorUnits(Number((cents / 100).toFixed(2)), "USD") !== cents) drifted.push(cents);
    }
    expect(drifted).toEqual([]);
  });

  it("round-trips parsePrice for every demo-shop style price", () => {
    expect(toMinorUnits(parsePrice("1.299,00 €").amount ?? Number.NaN, "EUR")).toBe(129900);
    expect(toMinorUnits(parsePrice("$19.99").amount ?? Number.NaN, "USD")).toBe(1999);
    expect(toMinorUnits(parsePrice("£85").amount ?? Number.NaN, "GBP")).toBe(8500);
  });

  it("rejects non-finite amounts", () => {
    expect(() => toMinorUnits(Number.NaN, "USD")).toThrow(RangeError);
    expect(() => toMinorUnits(Number.POSITIVE_INFINITY, "USD")).toThrow(RangeError);
  });
});
