/** The document title of the error pages (issue 12: the 404 and unknown-artwork pages had none). */
import { describe, expect, it } from "vitest";
import { meta } from "../../app/root";

type MetaArgs = Parameters<typeof meta>[0];
const routeError = (status: number) => ({ status, statusText: "", internal: false, data: "" });

describe("root meta", () => {
  it("titles the error pages, and the site otherwise", () => {
    expect(meta({ error: routeError(404) } as unknown as MetaArgs)).toEqual([{ title: "Not found — Art Snob" }]);
    expect(meta({ error: routeError(400) } as unknown as MetaArgs)).toEqual([{ title: "That request did not work — Art Snob" }]);
    expect(meta({ error: new Error("boom") } as unknown as MetaArgs)).toEqual([{ title: "Something went wrong — Art Snob" }]);
    expect(meta({ error: undefined } as unknown as MetaArgs)).toEqual([{ title: "Art Snob" }]);
  });
});
