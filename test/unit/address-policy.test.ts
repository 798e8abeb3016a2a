import { refusedAddress } from '../../src/modules/webhook';

const strict = { allowLoopback: false };
const loopbackAllowed = { allowLoopback: true };

/** [address, what it is, refused by default, refused with loopback allowed] */
const TABLE: [string, string, boolean, boolean][] = [
  ['93.184.215.14', 'public IPv4', false, false],
  ['8.8.8.8', 'public IPv4', false, false],
  ['2606:4700:4700::1111', 'public IPv6', false, false],
  ['10.0.0.1', 'private 10/8', true, true],
  ['172.16.5.4', 'private 172.16/12', true, true],
  ['172.31.255.255', 'private 172.16/12 (end)', true, true],
  ['172.32.0.1', 'public, just past 172.16/12', false, false],
  ['192.168.1.1', 'private 192.168/16', true, true],
  ['127.0.0.1', 'loopback', true, false],
  ['127.255.0.9', 'loopback 127/8', true, false],
  ['::1', 'IPv6 loopback', true, false],
  ['169.254.169.254', 'link-local (cloud metadata)', true, true],
  ['fe80::1', 'IPv6 link-local', true, true],
  ['fc00::1', 'unique-local', true, true],
  ['fd12:3456::1', 'unique-local', true, true],
  ['100.64.0.1', 'CGNAT', true, true],
  ['100.127.255.254', 'CGNAT (end)', true, true],
  ['224.0.0.1', 'multicast', true, true],
  ['ff02::1', 'IPv6 multicast', true, true],
  ['0.0.0.0', 'unspecified', true, true],
  ['::', 'IPv6 unspecified', true, true],
  ['255.255.255.255', 'broadcast', true, true],
  ['::ffff:127.0.0.1', 'IPv4-mapped loopback', true, false],
  ['::ffff:7f00:1', 'IPv4-mapped loopback, hex form', true, false],
  ['::ffff:10.1.2.3', 'IPv4-mapped private', true, true],
  ['::ffff:169.254.169.254', 'IPv4-mapped link-local', true, true],
  ['::ffff:8.8.8.8', 'IPv4-mapped public', false, false],
  ['64:ff9b::7f00:1', 'NAT64 of 127.0.0.1', true, true],
  ['2002:7f00:1::', '6to4 of 127.0.0.1', true, true],
  ['192.0.2.1', 'documentation (reserved)', true, true],
];

describe('refusedAddress', () => {
  test.each(TABLE)('%s (%s)', (address, _what, refused, refusedWithLoopback) => {
    expect(refusedAddress(address, strict) !== null).toBe(refused);
    expect(refusedAddress(address, loopbackAllowed) !== null).toBe(refusedWithLoopback);
  });

  test('names the address and its range', () => {
    expect(refusedAddress('127.0.0.1', strict)).toBe('127.0.0.1 is a loopback address');
    expect(refusedAddress('::ffff:10.1.2.3', strict)).toBe('::ffff:10.1.2.3 is a private address');
    expect(refusedAddress('100.64.0.1', strict)).toBe('100.64.0.1 is a carrier-grade NAT address');
    expect(refusedAddress('localhost', strict)).toBe('localhost is not an IP address');
  });
});
