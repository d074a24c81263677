import { describe, expect, it } from "vitest";
import { assertFetchable, BlockedUrlError, parseAllowedPrivateHosts } from "../../../workers/crawler/url-guard";

const none = new Set<string>();

describe("the crawler's URL guard", () => {
  it.each([
    ["http://127.0.0.1/", /loopback/],
    ["http://127.1/", /loopback/],
    ["http://2130706433/", /loopback/],
    ["http://0x7f000001/", /loopback/],
    ["http://localhost:8080/x", /private/],
    ["http://foo.localhost/", /private/],
    ["http://10.1.2.3/", /private/],
    ["http://172.16.0.1/", /private/],
    ["http://172.31.255.255/", /private/],
    ["http://192.168.1.1/", /private/],
    ["http://169.254.169.254/latest/meta-data/", /link-local|metadata/],
    ["http://metadata.google.internal/", /private/],
    ["http://100.64.0.1/", /carrier-grade/],
    ["http://0.0.0.0/", /unspecified/],
    ["http://[::1]/", /loopback/],
    ["http://[::ffff:127.0.0.1]/", /loopback/],
    ["http://[fd00::1]/", /unique-local/],
    ["http://[fe80::1]/", /link-local/],
    ["file:///etc/passwd", /scheme/],
    ["ftp://example.com/", /scheme/],
    ["javascript:alert(1)", /scheme/],
    ["http://user:pass@example.com/", /credentials/],
    ["not a url", /valid URL/],
  ])("refuses %s", (url, reason) => {
    expect(() => assertFetchable(url, none)).toThrow(BlockedUrlError);
    expect(() => assertFetchable(url, none)).toThrow(reason);
  });

  it.each(["https://shop.example/art/1", "http://93.184.216.34/", "http://172.32.0.1/", "http://[2606:4700::1111]/"])("allows public %s", (url) => {
    expect(assertFetchable(url, none).href).toBe(new URL(url).href);
  });

  it("allows only the exact host:port pairs a local config lists", () => {
    const allowed = parseAllowedPrivateHosts(" 127.0.0.1:8790 , localhost:8790");
    expect(assertFetchable("http://127.0.0.1:8790/robots.txt", allowed).port).toBe("8790");
    expect(assertFetchable("http://localhost:8790/", allowed).hostname).toBe("localhost");
    expect(() => assertFetchable("http://127.0.0.1:8791/", allowed)).toThrow(/loopback/);
    expect(() => assertFetchable("http://127.0.0.1/", allowed)).toThrow(/loopback/);
  });
});
