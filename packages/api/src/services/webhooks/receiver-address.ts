import dns from "node:dns";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { apiEnv } from "../../env";

/**
 * Which receivers webhooks may reach (SSRF, docs/security.md). By default only public unicast
 * addresses: never loopback, private, link-local (cloud metadata at 169.254.169.254),
 * unique-local, multicast, unspecified, carrier-grade NAT, NAT64 or other special ranges.
 */
export interface ReceiverPolicy {
  /** Any address at all (tests, a developer's local receiver). */
  allowPrivate: boolean;
  /** Host names allowed whatever they resolve to (lower case). */
  hosts: ReadonlySet<string>;
  /** Address ranges allowed although not public. */
  ranges: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

export function parseReceiverPolicy(allowPrivate: boolean, allowedHosts: string): ReceiverPolicy {
  const hosts = new Set<string>();
  const ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const entry of allowedHosts.split(",").map((e) => e.trim().toLowerCase())) {
    if (!entry) continue;
    if (entry.includes("/") && ipaddr.isValidCIDR(entry)) ranges.push(ipaddr.parseCIDR(entry));
    else if (ipaddr.isValid(entry)) {
      const ip = ipaddr.parse(entry);
      ranges.push([ip, ip.kind() === "ipv4" ? 32 : 128]);
    } else hosts.add(entry.replace(/^\[|\]$/g, ""));
  }
  return { allowPrivate, hosts, ranges };
}

let envPolicy: ReceiverPolicy | undefined;
/** The policy of the environment (WEBHOOK_ALLOW_PRIVATE_URLS, WEBHOOK_ALLOWED_HOSTS). */
export function receiverPolicyFromEnv(): ReceiverPolicy {
  envPolicy ??= parseReceiverPolicy(
    apiEnv.WEBHOOK_ALLOW_PRIVATE_URLS === "true",
    apiEnv.WEBHOOK_ALLOWED_HOSTS,
  );
  return envPolicy;
}

/** The address as ipaddr parses it, an IPv4-mapped IPv6 address as the IPv4 one it is. */
function parseAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (!ipaddr.isValid(address)) return null;
  const ip = ipaddr.parse(address);
  return ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress()
    ? (ip as ipaddr.IPv6).toIPv4Address()
    : ip;
}

/** Why webhooks may not reach `address` under `policy`, or null when they may. */
export function refusedAddress(address: string, policy: ReceiverPolicy): string | null {
  if (policy.allowPrivate) return null;
  const ip = parseAddress(address);
  if (!ip) return `${address} is not an IP address`;
  for (const [range, bits] of policy.ranges) {
    if (range.kind() === ip.kind() && ip.match(range, bits)) return null;
  }
  const kind = ip.range();
  return kind === "unicast" ? null : `${address} is not a public address (${kind})`;
}

/** The URL's host as DNS and the policy know it: lower case, without IPv6 brackets. */
const hostOf = (url: URL) => url.hostname.toLowerCase().replace(/^\[|\]$/g, "");

/**
 * Checks a receiver URL before it is registered: every address its host resolves to must be
 * allowed. Answers the reason it is refused, or null. Delivery checks again as it connects
 * (guardedLookup), since DNS can answer differently later.
 */
export async function refusedReceiverUrl(raw: string, policy: ReceiverPolicy): Promise<string | null> {
  const url = new URL(raw);
  if (url.protocol !== "http:" && url.protocol !== "https:") return "Must be an http or https URL";
  const host = hostOf(url);
  if (policy.allowPrivate || policy.hosts.has(host)) return null;
  if (ipaddr.isValid(host)) return refusedAddress(host, policy);
  let addresses: dns.LookupAddress[];
  try {
    addresses = await dns.promises.lookup(host, { all: true, verbatim: true });
  } catch {
    return `The host ${host} cannot be resolved`;
  }
  if (addresses.length === 0) return `The host ${host} cannot be resolved`;
  for (const { address } of addresses) {
    const refused = refusedAddress(address, policy);
    if (refused) return `The host ${host} resolves to ${refused}`;
  }
  return null;
}

export class ReceiverRefused extends Error {
  readonly code = "EWEBHOOKREFUSED";
  constructor(message: string) {
    super(message);
    this.name = "ReceiverRefused";
  }
}

/**
 * A DNS lookup for the delivery's socket that refuses what the policy refuses, so the
 * connection goes to the very address that was checked (no second resolution a rebinding
 * DNS server could answer differently). Node asks with `all: true` when it tries several
 * addresses (autoSelectFamily), otherwise for one.
 */
export function guardedLookup(policy: ReceiverPolicy, host: string): LookupFunction {
  const trustedHost = policy.allowPrivate || policy.hosts.has(host);
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 0);
      const list = addresses as dns.LookupAddress[];
      for (const { address } of list) {
        const refused = trustedHost ? null : refusedAddress(address, policy);
        if (refused) return callback(new ReceiverRefused(`Refused: ${refused}`), "", 0);
      }
      if ((options as { all?: boolean }).all) {
        return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      }
      const first = list[0];
      if (!first) return callback(new ReceiverRefused(`The host ${hostname} cannot be resolved`), "", 0);
      callback(null, first.address, first.family);
    });
  };
}

/** Whether an IP-literal host is refused (sockets skip the lookup for literals). */
export function refusedLiteralHost(url: URL, policy: ReceiverPolicy): string | null {
  const host = hostOf(url);
  if (!ipaddr.isValid(host) || policy.hosts.has(host)) return null;
  return refusedAddress(host, policy);
}

export { hostOf as receiverHostOf };
