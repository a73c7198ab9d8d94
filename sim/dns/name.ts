/**
 * Domain names, in the one canonical form every part of sim/dns uses.
 *
 * RFC 1034 §3.1: a domain name is a sequence of labels, compared case-insensitively
 * (ASCII only), each label at most 63 octets and the whole name at most 255 octets in
 * wire form. We keep names as text: lower case, no trailing dot, and the root as the
 * empty string "". dns-packet decodes names without the trailing dot and the root as
 * ".", so every name that comes off the wire goes through {@link canonical} first.
 */

/** Lower case, no trailing dot, root = "". */
export function canonical(name: string): string {
  if (name === "." || name === "") return "";
  const n = name.endsWith(".") ? name.slice(0, -1) : name;
  return n.toLowerCase();
}

/** The name as a person writes it fully qualified: "example.gr.jp.", root ".". */
export function absolute(name: string): string {
  return name === "" ? "." : `${name}.`;
}

/** The name as dns-packet wants it on the wire: root is ".". */
export function wireName(name: string): string {
  return name === "" ? "." : name;
}

/** Labels from the left: "a.b.c" -> ["a", "b", "c"]; root -> []. */
export function labels(name: string): string[] {
  return name === "" ? [] : name.split(".");
}

/** The name one label up; the root's parent is undefined. */
export function parentName(name: string): string | undefined {
  if (name === "") return undefined;
  const i = name.indexOf(".");
  return i < 0 ? "" : name.slice(i + 1);
}

/** True when `name` equals `ancestor` or lies below it (RFC 1034 "subdomain"). Both canonical. */
export function isSubdomain(name: string, ancestor: string): boolean {
  if (ancestor === "") return true;
  return name === ancestor || name.endsWith(`.${ancestor}`);
}

/** `name` joined under `origin` ("www" + "example.jp" -> "www.example.jp"). Both canonical. */
export function join(relative: string, origin: string): string {
  if (relative === "") return origin;
  return origin === "" ? relative : `${relative}.${origin}`;
}

/** `name` relative to `origin` if it lies below it, "@" for the origin itself; else absolute. */
export function relativeTo(name: string, origin: string): string {
  if (name === origin) return "@";
  if (origin === "") return name;
  if (name.endsWith(`.${origin}`)) return name.slice(0, -origin.length - 1);
  return absolute(name);
}

/**
 * Why a name is not a valid domain name, or undefined when it is (RFC 1035 §2.3.4:
 * labels 1..63 octets, the whole name at most 255 octets on the wire). `*` is allowed
 * only as the whole leftmost label (RFC 4592 §2.1.1).
 */
export function nameProblem(name: string): string | undefined {
  if (name === "") return undefined;
  const ls = name.split(".");
  let wire = 1;
  for (let i = 0; i < ls.length; i++) {
    const l = ls[i];
    if (l.length === 0) return "empty label (labels are separated by single dots)";
    if (l.length > 63) return `label "${l.slice(0, 20)}…" is ${l.length} octets (at most 63)`;
    if (l.includes("*") && (l !== "*" || i !== 0)) return `"*" only as the whole leftmost label (RFC 4592)`;
    for (let j = 0; j < l.length; j++) {
      const c = l.charCodeAt(j);
      if (c <= 32 || c >= 127 || c === 0x22 || c === 0x28 || c === 0x29 || c === 0x3b || c === 0x5c || c === 0x40) {
        return `character ${JSON.stringify(l[j])} in label "${l}" (letters, digits, "-", "_", "*")`;
      }
    }
    wire += l.length + 1;
  }
  if (wire > 255) return `name is ${wire} octets on the wire (at most 255)`;
  return undefined;
}

/** Reverse order of labels is the DNS tree order; used for sorted, deterministic listings. */
export function compareNames(a: string, b: string): number {
  const la = labels(a).reverse();
  const lb = labels(b).reverse();
  const n = Math.min(la.length, lb.length);
  for (let i = 0; i < n; i++) {
    if (la[i] !== lb[i]) return la[i] < lb[i] ? -1 : 1;
  }
  return la.length - lb.length;
}
