import ipaddr from 'ipaddr.js';

export interface AddressPolicy {
  /** Let 127.0.0.0/8 and ::1 (and their IPv4-mapped forms) through: tests and local development. */
  allowLoopback: boolean;
}

/** Why ipaddr.js puts an address outside the public internet, in words for a delivery's lastError. */
const RANGE_NAMES: Record<string, string> = {
  private: 'a private',
  loopback: 'a loopback',
  linkLocal: 'a link-local',
  uniqueLocal: 'a unique-local',
  carrierGradeNat: 'a carrier-grade NAT',
  multicast: 'a multicast',
  unspecified: 'an unspecified',
  broadcast: 'a broadcast',
};

/**
 * Why an outgoing request must not go to `address`, or null when it may. Only ordinary public
 * unicast passes: private, loopback, link-local, unique-local, CGNAT, multicast, unspecified,
 * broadcast and reserved ranges are refused, as are IPv6 forms that embed an IPv4 address
 * (IPv4-mapped, NAT64, 6to4, Teredo): those are judged by the IPv4 address inside, or refused.
 */
export function refusedAddress(address: string, policy: AddressPolicy): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  if (range === 'unicast') return null;
  if (range === 'loopback' && policy.allowLoopback) return null;
  return `${address} is ${RANGE_NAMES[range] ?? `a reserved (${range})`} address`;
}
