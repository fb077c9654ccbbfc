import { describe, expect, it } from "vitest";
import {
  addressBucket,
  normalizeAddress,
  parseTrustProxy,
  resolveClientAddress,
} from "../src/rate-limit/client-address";

/** Who the client is: the socket's peer unless proxies the operator trusts say otherwise. */
describe("resolveClientAddress", () => {
  const none = parseTrustProxy(undefined);

  it("is the socket's address by default, whatever X-Forwarded-For says", () => {
    expect(resolveClientAddress("203.0.113.7", null, none)).toBe("203.0.113.7");
    expect(resolveClientAddress("203.0.113.7", "198.51.100.1", none)).toBe("203.0.113.7");
    expect(resolveClientAddress("::ffff:203.0.113.7", "1.1.1.1, 2.2.2.2", none)).toBe("203.0.113.7");
    expect(resolveClientAddress(undefined, "1.1.1.1", none)).toBe("unknown");
  });

  it("with TRUST_PROXY=<hops>, takes the address that many proxies in", () => {
    const one = parseTrustProxy("1");
    // A load balancer at 10.0.0.5 appended the client's address; anything left of it is the client's own word.
    expect(resolveClientAddress("10.0.0.5", "198.51.100.9", one)).toBe("198.51.100.9");
    expect(resolveClientAddress("10.0.0.5", "6.6.6.6, 198.51.100.9", one)).toBe("198.51.100.9");
    const two = parseTrustProxy("2");
    expect(resolveClientAddress("10.0.0.5", "6.6.6.6, 198.51.100.9, 10.0.0.9", two)).toBe("198.51.100.9");
    // Fewer entries than hops: the farthest one there is.
    expect(resolveClientAddress("10.0.0.5", "198.51.100.9", two)).toBe("198.51.100.9");
    // No header: the socket.
    expect(resolveClientAddress("10.0.0.5", null, one)).toBe("10.0.0.5");
  });

  it("with a list of proxies, walks X-Forwarded-For from the right while the sender is trusted", () => {
    const trust = parseTrustProxy("10.0.0.0/8, 192.0.2.1");
    expect(resolveClientAddress("10.1.2.3", "6.6.6.6, 198.51.100.9, 192.0.2.1", trust)).toBe("198.51.100.9");
    // A client connecting directly is not a proxy: its header is ignored.
    expect(resolveClientAddress("198.51.100.20", "1.2.3.4", trust)).toBe("198.51.100.20");
    // Everyone in the chain trusted: the farthest.
    expect(resolveClientAddress("10.1.2.3", "10.9.9.9", trust)).toBe("10.9.9.9");
    expect(resolveClientAddress("127.0.0.1", "198.51.100.9", parseTrustProxy("loopback"))).toBe(
      "198.51.100.9",
    );
    expect(resolveClientAddress("::1", "198.51.100.9", parseTrustProxy("loopback"))).toBe("198.51.100.9");
  });

  it("falls back to the proxy that passed on a malformed entry, and strips ports", () => {
    const one = parseTrustProxy("1");
    expect(resolveClientAddress("10.0.0.5", "not-an-ip", one)).toBe("10.0.0.5");
    expect(resolveClientAddress("10.0.0.5", "198.51.100.9:4711", one)).toBe("198.51.100.9");
    expect(resolveClientAddress("10.0.0.5", "[2001:db8::1]:443", one)).toBe("2001:db8::1");
  });

  it("refuses a TRUST_PROXY it cannot read, naming the entry", () => {
    expect(() => parseTrustProxy("true")).toThrow(/"true"/);
    expect(() => parseTrustProxy("10.0.0.0/33")).toThrow(/10\.0\.0\.0\/33/);
    expect(() => parseTrustProxy("10.0.0.1, nonsense")).toThrow(/nonsense/);
    expect(parseTrustProxy("false")).toEqual({ kind: "none" });
    expect(parseTrustProxy("0")).toEqual({ kind: "none" });
  });
});

describe("addressBucket and normalizeAddress", () => {
  it("counts IPv4 per address and IPv6 per /64", () => {
    expect(addressBucket("203.0.113.7")).toBe("203.0.113.7");
    expect(addressBucket("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8:1:2::99")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressBucket("::1")).toBe("0:0:0:0::/64");
    expect(addressBucket("unknown")).toBe("unknown");
  });

  it("spells one address one way", () => {
    expect(normalizeAddress("::FFFF:10.0.0.1")).toBe("10.0.0.1");
    expect(normalizeAddress("fe80::1%eth0")).toBe("fe80::1");
    expect(normalizeAddress(" 2001:DB8::1 ")).toBe("2001:db8::1");
    expect(normalizeAddress("example.com")).toBeNull();
    expect(normalizeAddress("")).toBeNull();
  });
});
