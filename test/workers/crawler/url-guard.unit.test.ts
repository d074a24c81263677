import { describe, expect, it } from "vitest";
import { addressReason, assertFetchable, BlockedUrlError, isIpLiteral, parseAllowedPrivateHosts, parseIPv6 } from "../../../workers/crawler/url-guard";

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
    // Trailing root dots, embedded IPv4 in IPv6, metadata services, names that only mean something locally.
    ["http://localhost./", /private/],
    ["http://metadata.google.internal./computeMetadata/v1/", /private/],
    ["http://127.0.0.1./", /loopback/],
    ["http://[::ffff:169.254.169.254]/latest/meta-data/", /IPv4-mapped cloud metadata/],
    ["http://[::ffff:10.0.0.5]/", /IPv4-mapped private/],
    ["http://[::127.0.0.1]/", /IPv4-compatible loopback/],
    ["http://[64:ff9b::a9fe:a9fe]/", /NAT64 cloud metadata/],
    ["http://[2002:c0a8:0101::1]/", /6to4 private/],
    ["http://[fd00:ec2::254]/latest/meta-data/", /cloud metadata/],
    ["http://[fc00::1]/", /unique-local/],
    ["http://[fec0::1]/", /site-local/],
    ["http://[ff02::1]/", /multicast/],
    ["http://[::]/", /unspecified/],
    ["http://169.254.170.2/v2/credentials", /cloud metadata/],
    ["http://100.100.100.200/latest/meta-data/", /cloud metadata/],
    ["http://168.63.129.16/", /cloud metadata/],
    ["http://192.0.0.170/", /IETF/],
    ["http://198.18.0.1/", /benchmarking/],
    ["http://224.0.0.1/", /multicast/],
    ["http://printer.local/", /private/],
    ["http://nas.home.arpa/", /private/],
    ["http://db.internal/", /private/],
    ["http://intranet/", /single-label/],
    ["http://instance-data/latest/", /private/],
  ])("refuses %s", (url, reason) => {
    expect(() => assertFetchable(url, none)).toThrow(BlockedUrlError);
    expect(() => assertFetchable(url, none)).toThrow(reason);
  });

  it.each(["https://shop.example/art/1", "http://93.184.216.34/", "http://172.32.0.1/", "http://[2606:4700::1111]/"])("allows public %s", (url) => {
    expect(assertFetchable(url, none).href).toBe(new URL(url).href);
  });

  it("reads addresses from DNS answers in any textual form, refusing what is not an address", () => {
    expect(parseIPv6("0:0:0:0:0:ffff:7f00:1")).toEqual([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
    expect(parseIPv6("::ffff:127.0.0.1")).toEqual([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
    expect(parseIPv6("2606:4700::1111")).toEqual([0x2606, 0x4700, 0, 0, 0, 0, 0, 0x1111]);
    expect(parseIPv6("1::2::3")).toBeNull();
    expect(parseIPv6("fe80::1%eth0")).toBeNull();
    expect(addressReason("0:0:0:0:0:FFFF:0A00:0005")).toMatch(/IPv4-mapped private/);
    expect(addressReason("0000:0000:0000:0000:0000:0000:0000:0001")).toMatch(/loopback/);
    expect(addressReason("FD00:EC2::254")).toMatch(/cloud metadata/);
    expect(addressReason("example.com")).toMatch(/not an IP address/);
    expect(addressReason("300.1.1.1")).toMatch(/not an IP address/);
    expect(addressReason("93.184.216.34")).toBeNull();
    expect(addressReason("::ffff:93.184.216.34")).toBeNull();
    expect(addressReason("2606:4700:4700::1111")).toBeNull();
    expect(isIpLiteral("[::1]")).toBe(true);
    expect(isIpLiteral("10.0.0.5")).toBe(true);
    expect(isIpLiteral("shop.example")).toBe(false);
  });

  it("allows only the exact host:port pairs a local config lists", () => {
    const allowed = parseAllowedPrivateHosts(" 127.0.0.1:8790 , localhost:8790");
    expect(assertFetchable("http://127.0.0.1:8790/robots.txt", allowed).port).toBe("8790");
    expect(assertFetchable("http://localhost:8790/", allowed).hostname).toBe("localhost");
    expect(() => assertFetchable("http://127.0.0.1:8791/", allowed)).toThrow(/loopback/);
    expect(() => assertFetchable("http://127.0.0.1/", allowed)).toThrow(/loopback/);
  });
});
