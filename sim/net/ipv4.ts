/**
 * IPv4 addresses and CIDR prefixes, as 32-bit unsigned integers.
 *
 * A firewall rule such as `src: 202.250.31.0/24` matches an address when the
 * address and the rule's network agree on the first 24 bits (RFC 4632 §3.1:
 * "prefix/length" notation). Addresses are parsed once, when a host or a rule is
 * made, so matching a packet against a rule is two integer operations.
 */

/** A parse failure; the message quotes the text and says what was expected. */
export class AddressError extends Error {
  constructor(text: string, expected: string) {
    super(`cannot read ${JSON.stringify(text)} as ${expected}`);
    this.name = "AddressError";
  }
}

const DOTTED = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** "192.0.2.1" -> 0xC0000201. Throws AddressError on anything else. */
export function parseIPv4(text: string): number {
  const m = DOTTED.exec(text.trim());
  if (m === null) throw new AddressError(text, "an IPv4 address like 192.0.2.1");
  let v = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) throw new AddressError(text, "an IPv4 address (octets 0..255)");
    v = v * 256 + octet;
  }
  return v;
}

/** True when `text` is a dotted-quad IPv4 address. */
export function isIPv4(text: string): boolean {
  const m = DOTTED.exec(text.trim());
  return m !== null && m.slice(1).every((o) => Number(o) <= 255);
}

export interface Cidr {
  /** Network address with the host bits cleared. */
  readonly net: number;
  /** Prefix length, 0..32. */
  readonly len: number;
}

/** "10.0.0.0/8" or a bare address (a /32). Host bits set in the network part are cleared. */
export function parseCidr(text: string): Cidr {
  const slash = text.indexOf("/");
  const addr = parseIPv4(slash < 0 ? text : text.slice(0, slash));
  const lenText = slash < 0 ? "32" : text.slice(slash + 1).trim();
  if (!/^\d{1,2}$/.test(lenText) || Number(lenText) > 32) {
    throw new AddressError(text, "a CIDR prefix like 10.0.0.0/8 (length 0..32)");
  }
  const len = Number(lenText);
  return { net: maskTo(addr, len), len };
}

function maskTo(addr: number, len: number): number {
  if (len === 0) return 0;
  // Unsigned arithmetic: (addr >>> shift) * 2^shift keeps the top `len` bits.
  const shift = 32 - len;
  return Math.floor(addr / 2 ** shift) * 2 ** shift;
}

/** Whether the address lies in the prefix. */
export function cidrContains(cidr: Cidr, addr: number): boolean {
  return maskTo(addr, cidr.len) === cidr.net;
}
