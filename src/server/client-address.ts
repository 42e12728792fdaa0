/**
 * Who a request comes from, for per-client limits (rate limit, WebSockets per address) and the
 * TRUST_PROXY / RATE_LIMIT_ALLOW settings that decide it.
 */
import { BlockList, isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { LruMap } from 'toad-cache';
import { z } from 'zod';

/**
 * The key a client is limited by: an IPv4 address as it is, an IPv6 address by its /64 (one
 * subscriber's whole allocation, which it can cycle through freely), an IPv4-mapped IPv6
 * address as the IPv4 address.
 */
export function clientKey(ip: string): string {
  if (!ip.includes(':')) return ip; // the common case pays one scan, no parse
  let key = v6Keys.get(ip);
  if (key === undefined) {
    key = v6Key(ip);
    v6Keys.set(ip, key);
  }
  return key;
}

/** Parsing an IPv6 address costs microseconds: each address is parsed once while it keeps coming. */
const v6Keys = new LruMap<string>(10_000);

function v6Key(ip: string): string {
  if (!ipaddr.IPv6.isValid(ip)) return ip;
  const v6 = ipaddr.IPv6.parse(ip);
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  const p = v6.parts;
  return `${p[0]!.toString(16)}:${p[1]!.toString(16)}:${p[2]!.toString(16)}:${p[3]!.toString(16)}::/64`;
}

/** An address or a CIDR range, IPv4 or IPv6. */
const AddressOrRange = z.string().refine((s) => ipaddr.isValid(s) || isCidr(s), 'an IP address or a CIDR range such as 10.0.0.0/8');

function isCidr(s: string): boolean {
  try {
    ipaddr.parseCIDR(s);
    return true;
  } catch {
    return false;
  }
}

const commaList = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');

/** A comma-separated list of addresses and CIDR ranges (RATE_LIMIT_ALLOW). */
export const AddressListSchema = z.string().transform(commaList).pipe(z.array(AddressOrRange));

/**
 * Fastify's `trustProxy`: `false` (the peer address is the client), `true` (the left-most
 * X-Forwarded-For entry, which any client can forge), a hop count, or the proxies' addresses
 * and CIDR ranges (X-Forwarded-For is believed only from them).
 */
export const TrustProxySchema = z
  .string()
  .transform((raw): boolean | number | string[] | string => {
    const text = raw.trim();
    if (text === 'false' || text === '0') return false;
    if (text === 'true') return true;
    if (/^[0-9]+$/.test(text)) return Number(text);
    return commaList(text);
  })
  .pipe(z.union([z.boolean(), z.number().int().positive().max(32), z.array(AddressOrRange).min(1)]));

/** Membership test for a list from AddressListSchema, without a parse per lookup. */
export function addressMatcher(list: readonly string[]): (ip: string) => boolean {
  if (list.length === 0) return () => false;
  const blocks = new BlockList();
  for (const entry of list) {
    if (entry.includes('/')) {
      const [range, bits] = ipaddr.parseCIDR(entry);
      blocks.addSubnet(range.toString(), bits, range.kind() === 'ipv6' ? 'ipv6' : 'ipv4');
    } else {
      blocks.addAddress(entry, isIP(entry) === 6 ? 'ipv6' : 'ipv4');
    }
  }
  return (ip) => {
    const family = isIP(ip);
    if (family === 0) return false;
    if (family === 6 && ipaddr.IPv6.parse(ip).isIPv4MappedAddress()) return blocks.check(ipaddr.IPv6.parse(ip).toIPv4Address().toString(), 'ipv4');
    return blocks.check(ip, family === 6 ? 'ipv6' : 'ipv4');
  };
}

export type TrustProxy = z.infer<typeof TrustProxySchema>;

/** The setting as Fastify's option (its types take a hop count as a function of the hop). */
export function fastifyTrustProxy(setting: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : setting;
}
