import { BlockList, isIP } from "node:net";

/**
 * Which proxies in front of the app may say who the client is (TRUST_PROXY). By default none:
 * the client is the socket's peer and `X-Forwarded-For`, which anyone can send, is ignored.
 */
export type TrustedProxies =
  | { kind: "none" }
  /** This many proxies, each appending its peer to X-Forwarded-For (a load balancer: 1). */
  | { kind: "hops"; hops: number }
  /** Proxies known by address: X-Forwarded-For is read right to left while the sender is one. */
  | { kind: "addresses"; list: BlockList };

const NAMED_RANGES: Record<string, [string, number, "ipv4" | "ipv6"][]> = {
  loopback: [
    ["127.0.0.0", 8, "ipv4"],
    ["::1", 128, "ipv6"],
  ],
  private: [
    ["10.0.0.0", 8, "ipv4"],
    ["172.16.0.0", 12, "ipv4"],
    ["192.168.0.0", 16, "ipv4"],
    ["fc00::", 7, "ipv6"],
  ],
};

/**
 * TRUST_PROXY: unset, empty, "false" or "0" trusts no proxy; a whole number is the count of
 * proxies in front of the app; otherwise a comma-separated list of proxy addresses, CIDR
 * ranges and the names "loopback" and "private". Throws on anything else, naming the entry.
 */
export function parseTrustProxy(value: string | undefined): TrustedProxies {
  const text = value?.trim() ?? "";
  if (text === "" || text === "false" || text === "0") return { kind: "none" };
  if (/^\d+$/.test(text)) return { kind: "hops", hops: Number(text) };
  const list = new BlockList();
  for (const entry of text.split(",").map((e) => e.trim())) {
    const named = NAMED_RANGES[entry];
    if (named) {
      for (const [net, prefix, family] of named) list.addSubnet(net, prefix, family);
      continue;
    }
    const [address = "", prefix, ...rest] = entry.split("/");
    const family = isIP(address);
    const bits = prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix);
    const maxBits = family === 6 ? 128 : 32;
    if (family === 0 || rest.length || !Number.isInteger(bits) || bits < 0 || bits > maxBits) {
      throw new Error(
        `TRUST_PROXY: "${entry}" is not a number of proxies, an IP address, a CIDR range, "loopback" or "private"`,
      );
    }
    list.addSubnet(address, bits, family === 6 ? "ipv6" : "ipv4");
  }
  return { kind: "addresses", list };
}

/**
 * An address as sent by a socket or a proxy, in one spelling: IPv4-mapped IPv6 as IPv4, no
 * port, brackets or zone, lower case. Null when it is not an IP address.
 */
export function normalizeAddress(raw: string | undefined): string | null {
  if (!raw) return null;
  let address = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed?.[1]) address = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  address = address.replace(/%.*$/, "").toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped?.[1]) address = mapped[1];
  return isIP(address) ? address : null;
}

const isTrusted = (list: BlockList, address: string) =>
  list.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");

/**
 * The client's address: the socket's peer, or, behind trusted proxies only, the address they
 * report in X-Forwarded-For. "unknown" when the socket has no address (already closed).
 */
export function resolveClientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | null | undefined,
  trust: TrustedProxies,
): string {
  const peer = normalizeAddress(socketAddress) ?? "unknown";
  if (trust.kind === "none" || !forwardedFor) return peer;
  // Nearest last: each proxy appends the address it got the request from.
  const chain = [...forwardedFor.split(",").map((e) => normalizeAddress(e)), peer];
  let i = chain.length - 1;
  if (trust.kind === "hops") i = Math.max(0, chain.length - 1 - trust.hops);
  else while (i > 0 && chain[i] !== null && isTrusted(trust.list, chain[i] as string)) i--;
  // A malformed entry: fall back to the proxy that passed it on, the nearest one we can name.
  while (chain[i] === null && i < chain.length - 1) i++;
  return chain[i] ?? peer;
}

/**
 * What one client's requests are counted under: its IPv4 address, or its IPv6 /64 network,
 * since one subscriber usually holds a whole /64 and could otherwise rotate addresses at will.
 */
export function addressBucket(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = "", tail = ""] = address.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const groups = address.includes("::")
    ? [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill("0"), ...tailGroups]
    : headGroups;
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(":")}::/64`;
}
