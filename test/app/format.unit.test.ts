import { describe, expect, it } from "vitest";
import { formatPrice } from "../../app/utils/format";

describe("formatPrice", () => {
  it("writes whole amounts without cents and others with two places, in the offer's currency", () => {
    expect(formatPrice(8000, "USD")).toBe("$80");
    expect(formatPrice(125000, "EUR")).toBe("€1,250");
    expect(formatPrice(4550, "GBP")).toBe("£45.50");
    // The kept formatters answer the same again, and each kind keeps its own.
    expect(formatPrice(8000, "USD")).toBe("$80");
    expect(formatPrice(8050, "USD")).toBe("$80.50");
  });

  it("says so when there is no price, and falls back to the code for one Intl does not accept", () => {
    expect(formatPrice(null, "USD")).toBe("Price on request");
    expect(formatPrice(1000, null)).toBe("Price on request");
    expect(formatPrice(1050, "NOT-A-CODE")).toBe("10.50 NOT-A-CODE");
    expect(formatPrice(1050, "NOT-A-CODE")).toBe("10.50 NOT-A-CODE");
  });
});
