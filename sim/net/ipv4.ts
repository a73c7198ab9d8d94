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

/**
 * The value of a dotted quad, or -1 (-2 for an octet over 255). Read character by
 * character rather than with a regular expression: servers parse their client's
 * address at every relay check, and this allocates nothing.
 */
function dotted(text: string): number {
  let v = 0, octet = 0, digits = 0, dots = 0, over = false;
  let i = 0, end = text.length;
  while (i < end && text.charCodeAt(i) <= 32) i++; // surrounding white space is allowed, as trim() would
  while (end > i && text.charCodeAt(end - 1) <= 32) end--;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits > 3) return -1;
      octet = octet * 10 + (c - 48);
    } else if (c === 46 && digits > 0 && dots < 3) {
      if (octet > 255) over = true;
      v = v * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else return -1;
  }
  if (dots !== 3 || digits === 0) return -1;
  return over || octet > 255 ? -2 : v * 256 + octet;
}

/** "192.0.2.1" -> 0xC0000201. Throws AddressError on anything else. */
export function parseIPv4(text: string): number {
  const v = dotted(text);
  if (v === -1) throw new AddressError(text, "an IPv4 address like 192.0.2.1");
  if (v === -2) throw new AddressError(text, "an IPv4 address (octets 0..255)");
  return v;
}

/** True when `text` is a dotted-quad IPv4 address. */
export function isIPv4(text: string): boolean {
  return dotted(text) >= 0;
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
