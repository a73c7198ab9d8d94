/**
 * A parser for BIND master files (RFC 1035 §5, with BIND's $TTL of RFC 2308 §4).
 *
 * The format is line-oriented: `owner ttl class type rdata`, where
 *  - an owner in column 1 is a name (`@` is the origin, a name without a final dot is
 *    relative to the current `$ORIGIN`); a line that starts with blanks reuses the
 *    previous owner;
 *  - TTL and class may come in either order and may be left out (TTL then comes from
 *    `$TTL`, else the last explicit TTL, as RFC 1035 §5.1 says, else a default);
 *  - `( … )` lets one record continue over several lines, `;` starts a comment,
 *    `"…"` quotes a character-string (with `\"`, `\\` and `\DDD` escapes).
 *
 * The parser is strict: anything it cannot read is a {@link ZoneError} that names the
 * zone, the line and the column, and says what is wrong and what was expected. It
 * never throws anything else, whatever the text (a fast-check property checks that).
 * It also refuses what a name server would refuse at load time: data outside the
 * zone, an SOA away from the apex, and a CNAME beside other data (RFC 1034 §3.6.2,
 * RFC 2181 §10.1).
 */
import { absolute, canonical, isSubdomain, join, nameProblem } from "./name";
import { RDATA, type FieldReader, type RdataCodec } from "./rdata";
import { RR_TYPES, type Rr, type RrType, type Zone } from "./zone";

export class ZoneError extends Error {
  constructor(
    readonly zone: string,
    readonly line: number,
    readonly column: number,
    readonly problem: string,
  ) {
    super(`${absolute(zone)}:${line}:${column}: ${problem}`);
    this.name = "ZoneError";
  }
}

export interface ParseOptions {
  /** The zone's apex, as named in the server's configuration. */
  origin: string;
  /** TTL for records before any $TTL or explicit TTL (seconds). Default 3600. */
  defaultTtl?: number;
}

interface Token {
  text: string;
  line: number;
  col: number;
  quoted: boolean;
  escaped: boolean;
}

interface LogicalLine {
  tokens: Token[];
  /** The line began with a blank: the owner is the previous one. */
  blankOwner: boolean;
  line: number;
}

const MAX_TTL = 2 ** 31 - 1; // RFC 2181 §8
const DURATION = /^(?:[0-9]+[wdhmsWDHMS]?)+$/;
const UNIT: Readonly<Record<string, number>> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 };
const utf8 = new TextEncoder();

/** Parse master-file text into a zone. Throws only {@link ZoneError}. */
export function parseZone(text: string, options: ParseOptions): Zone {
  const origin = canonical(options.origin);
  const fail = (line: number, col: number, problem: string): never => {
    throw new ZoneError(origin, line, col, problem);
  };
  const lines = lex(text, fail);
  const records: Rr[] = [];
  const positions: Token[] = [];
  let currentOrigin = origin;
  let dollarTtl: number | undefined;
  let lastTtl: number | undefined;
  let lastOwner: string | undefined;

  const readName = (tok: Token, what: string): string => {
    if (tok.quoted || tok.escaped) fail(tok.line, tok.col, `${JSON.stringify(tok.text)} cannot be ${what} (expected a plain domain name)`);
    let name: string;
    if (tok.text === "@") name = currentOrigin;
    else if (tok.text.endsWith(".")) name = canonical(tok.text);
    else name = join(tok.text.toLowerCase(), currentOrigin);
    if (tok.text === ".") name = "";
    const problem = nameProblem(name);
    if (problem !== undefined) fail(tok.line, tok.col, `bad ${what} ${JSON.stringify(tok.text)}: ${problem}`);
    return name;
  };
  const readDuration = (tok: Token, what: string): number => {
    if (tok.quoted || !DURATION.test(tok.text)) fail(tok.line, tok.col, `${JSON.stringify(tok.text)} is not ${what} (expected seconds or 1h30m-style units)`);
    let total = 0;
    for (const m of tok.text.matchAll(/([0-9]+)([a-zA-Z]?)/g)) total += Number(m[1]) * (m[2] === "" ? 1 : UNIT[m[2].toLowerCase()]);
    if (total > MAX_TTL) fail(tok.line, tok.col, `${what} ${tok.text} is too large (at most ${MAX_TTL} seconds, RFC 2181 §8)`);
    return total;
  };

  for (const ll of lines) {
    const toks = ll.tokens;
    const first = toks[0];
    if (!ll.blankOwner && first.text.startsWith("$") && !first.quoted) {
      const directive = first.text.toUpperCase();
      const arg = toks[1];
      if (directive === "$ORIGIN" || directive === "$TTL") {
        if (arg === undefined) fail(first.line, first.col + first.text.length, `${directive} needs a value (expected ${directive === "$TTL" ? "a TTL" : "a domain name"})`);
        if (toks.length > 2) fail(toks[2].line, toks[2].col, `unexpected ${JSON.stringify(toks[2].text)} after ${directive} (expected the end of the line)`);
        if (directive === "$ORIGIN") currentOrigin = readName(arg, "$ORIGIN name");
        else dollarTtl = readDuration(arg, "a TTL");
      } else if (directive === "$INCLUDE" || directive === "$GENERATE") {
        fail(first.line, first.col, `${directive} is not supported in a simulation (expected the records written out)`);
      } else {
        fail(first.line, first.col, `unknown directive ${first.text} (expected $ORIGIN or $TTL)`);
      }
      continue;
    }

    let i = 0;
    let owner: string;
    if (ll.blankOwner) {
      if (lastOwner === undefined) fail(first.line, first.col, "no owner name (expected a name in column 1 before the first record)");
      owner = lastOwner as string;
    } else {
      owner = readName(first, "owner name");
      i = 1;
    }
    if (!isSubdomain(owner, origin)) {
      const at = ll.blankOwner ? first : toks[0];
      fail(at.line, at.col, `${absolute(owner)} is outside the zone (expected a name ending in ${absolute(origin)})`);
    }
    lastOwner = owner;

    let ttl: number | undefined;
    let sawClass = false;
    for (;;) {
      const tok = toks[i];
      if (tok === undefined) {
        const last = toks[toks.length - 1];
        fail(last.line, last.col + last.text.length, `record has no type (expected one of ${RR_TYPES.join(", ")})`);
      }
      if (!tok.quoted && /^[0-9]/.test(tok.text) && ttl === undefined) {
        ttl = readDuration(tok, "a TTL");
        i++;
      } else if (!tok.quoted && /^(IN|CH|HS|CS)$/i.test(tok.text) && !sawClass) {
        if (tok.text.toUpperCase() !== "IN") fail(tok.line, tok.col, `class ${tok.text} is not supported (expected IN)`);
        sawClass = true;
        i++;
      } else break;
    }
    const typeTok = toks[i++];
    const type = typeTok.text.toUpperCase() as RrType;
    if (typeTok.quoted || !RR_TYPES.includes(type)) {
      fail(typeTok.line, typeTok.col, `unknown record type ${JSON.stringify(typeTok.text)} (expected one of ${RR_TYPES.join(", ")})`);
    }
    if (ttl !== undefined) lastTtl = ttl;
    ttl ??= dollarTtl ?? lastTtl ?? options.defaultTtl ?? 3600;

    const reader = fieldReader(toks, i, typeTok, type, fail, readName, readDuration);
    const data = (RDATA[type] as RdataCodec<RrType>).parse(reader.reader);
    const extra = toks[reader.position()];
    if (extra !== undefined) fail(extra.line, extra.col, `unexpected ${JSON.stringify(extra.text)} after the ${type} data (expected the end of the record)`);
    records.push({ name: owner, type, class: "IN", ttl, data } as Rr);
    positions.push(ll.blankOwner ? typeTok : toks[0]);
  }

  checkZone(origin, records, positions, fail);
  return { origin, records };
}

/** Load-time consistency rules of a name server. */
function checkZone(origin: string, records: Rr[], positions: Token[], fail: (l: number, c: number, p: string) => never): void {
  const types = new Map<string, Set<RrType>>();
  let soaSeen = false;
  records.forEach((rr, k) => {
    const at = positions[k];
    if (rr.type === "SOA") {
      if (rr.name !== origin) fail(at.line, at.col, `SOA at ${absolute(rr.name)} (expected the SOA only at the apex ${absolute(origin)})`);
      if (soaSeen) fail(at.line, at.col, "a second SOA record (expected exactly one per zone)");
      soaSeen = true;
    }
    let set = types.get(rr.name);
    if (set === undefined) types.set(rr.name, (set = new Set()));
    if ((rr.type === "CNAME" && set.size > 0 && !(set.size === 1 && set.has("CNAME"))) || (rr.type !== "CNAME" && set.has("CNAME"))) {
      fail(at.line, at.col, `CNAME at ${absolute(rr.name)} beside other data (expected a CNAME to be the only record of its name, RFC 1034 §3.6.2)`);
    }
    if (rr.type === "CNAME" && set.has("CNAME")) fail(at.line, at.col, `second CNAME at ${absolute(rr.name)} (expected one CNAME per name, RFC 2181 §10.1)`);
    set.add(rr.type);
  });
}

function fieldReader(
  toks: Token[],
  start: number,
  typeTok: Token,
  type: RrType,
  fail: (l: number, c: number, p: string) => never,
  readName: (t: Token, what: string) => string,
  readDuration: (t: Token, what: string) => number,
): { reader: FieldReader; position: () => number } {
  let i = start;
  const next = (what: string): Token => {
    const tok = toks[i++];
    if (tok === undefined) {
      const last = toks[toks.length - 1];
      fail(last.line, last.col + last.text.length, `${type} record ends too early (expected ${what})`);
    }
    return tok;
  };
  const reader: FieldReader = {
    name: (what) => readName(next(what), what),
    duration: (what) => readDuration(next(what), what),
    uint(what, bits) {
      const tok = next(what);
      const max = bits === 16 ? 0xffff : 0xffffffff;
      if (tok.quoted || !/^[0-9]{1,10}$/.test(tok.text) || Number(tok.text) > max) fail(tok.line, tok.col, `${JSON.stringify(tok.text)} is not valid here (expected ${what})`);
      return Number(tok.text);
    },
    ipv4() {
      const tok = next("an IPv4 address");
      const m = /^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})$/.exec(tok.text);
      if (tok.quoted || m === null || m.slice(1).some((o) => Number(o) > 255)) {
        fail(tok.line, tok.col, `${JSON.stringify(tok.text)} is not an IPv4 address (expected four numbers 0-255 like 192.0.2.1)`);
      }
      return (m as RegExpExecArray).slice(1).map(Number).join(".");
    },
    ipv6() {
      const tok = next("an IPv6 address");
      if (tok.quoted || !isIpv6(tok.text)) fail(tok.line, tok.col, `${JSON.stringify(tok.text)} is not an IPv6 address (expected a form like 2001:db8::1)`);
      return tok.text.toLowerCase();
    },
    string() {
      const tok = next("a character-string");
      if (utf8.encode(tok.text).length > 255) fail(tok.line, tok.col, "character-string longer than 255 octets (expected to split it into several strings)");
      return tok.text;
    },
    more: () => i < toks.length,
  };
  void typeTok;
  return { reader, position: () => i };
}

function isIpv6(s: string): boolean {
  let text = s;
  let v4Groups = 0;
  const lastColon = text.lastIndexOf(":");
  if (lastColon >= 0 && text.slice(lastColon + 1).includes(".")) {
    if (!/^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})$/.test(text.slice(lastColon + 1))) return false;
    if (text.slice(lastColon + 1).split(".").some((o) => Number(o) > 255)) return false;
    text = `${text.slice(0, lastColon + 1)}0`;
    v4Groups = 1;
  }
  const halves = text.split("::");
  if (halves.length > 2) return false;
  const groups = halves.map((h) => (h === "" ? [] : h.split(":")));
  if (!groups.every((g) => g.every((x) => /^[0-9a-fA-F]{1,4}$/.test(x)))) return false;
  const n = groups.reduce((a, g) => a + g.length, 0) + v4Groups;
  return halves.length === 2 ? n <= 7 : n === 8;
}

/** Split text into logical lines of tokens, honouring comments, quotes and parentheses. */
function lex(text: string, fail: (l: number, c: number, p: string) => never): LogicalLine[] {
  const out: LogicalLine[] = [];
  let line = 1;
  let col = 1;
  let i = 0;
  let paren: { line: number; col: number } | null = null;
  let current: LogicalLine | null = null;
  let atLineStart = true;
  const n = text.length;
  const push = (tok: Token): void => {
    if (current === null) current = { tokens: [], blankOwner: false, line: tok.line };
    current.tokens.push(tok);
  };
  const endLine = (): void => {
    if (current !== null && current.tokens.length > 0) out.push(current);
    current = null;
  };
  while (i < n) {
    const ch = text[i];
    if (atLineStart && paren === null) {
      atLineStart = false;
      endLine();
      current = { tokens: [], blankOwner: ch === " " || ch === "\t", line };
    }
    if (ch === "\n") {
      i++;
      line++;
      col = 1;
      atLineStart = true;
      continue;
    }
    if (ch === " " || ch === "\t" || ch === "\r") {
      i++;
      col++;
      continue;
    }
    if (ch === ";") {
      while (i < n && text[i] !== "\n") i++;
      continue;
    }
    if (ch === "(") {
      if (paren !== null) fail(line, col, `nested "(" (expected ")" to close the "(" of line ${paren.line} first)`);
      paren = { line, col };
      i++;
      col++;
      continue;
    }
    if (ch === ")") {
      if (paren === null) fail(line, col, `")" without "(" (expected a "(" earlier in the record)`);
      paren = null;
      i++;
      col++;
      continue;
    }
    const startLine = line;
    const startCol = col;
    let value = "";
    let escaped = false;
    const escape = (): void => {
      // At text[i] === "\\".
      const d = /^[0-9]{3}/.exec(text.slice(i + 1, i + 4));
      if (d !== null) {
        const code = Number(d[0]);
        if (code > 255) fail(line, col, `escape \\${d[0]} is above 255 (expected \\DDD with DDD from 000 to 255)`);
        value += String.fromCharCode(code);
        i += 4;
        col += 4;
      } else if (i + 1 < n && text[i + 1] !== "\n") {
        value += text[i + 1];
        i += 2;
        col += 2;
      } else fail(line, col, `"\\" at the end of a line (expected an escaped character)`);
      escaped = true;
    };
    if (ch === '"') {
      i++;
      col++;
      for (;;) {
        if (i >= n || text[i] === "\n") fail(startLine, startCol, `unterminated quoted string (expected a closing '"' on the same line)`);
        const c = text[i];
        if (c === '"') break;
        if (c === "\\") escape();
        else {
          value += c;
          i++;
          col++;
        }
      }
      i++;
      col++;
      push({ text: value, line: startLine, col: startCol, quoted: true, escaped });
      continue;
    }
    while (i < n) {
      const c = text[i];
      if (c === " " || c === "\t" || c === "\r" || c === "\n" || c === ";" || c === "(" || c === ")" || c === '"') break;
      const code = c.charCodeAt(0);
      if (code < 0x20 || code === 0x7f) fail(line, col, `control character U+${code.toString(16).padStart(4, "0")} (expected printable text)`);
      if (c === "\\") escape();
      else {
        value += c;
        i++;
        col++;
      }
    }
    push({ text: value, line: startLine, col: startCol, quoted: false, escaped });
  }
  if (paren !== null) {
    const p: { line: number; col: number } = paren;
    fail(p.line, p.col, `"(" never closed (expected ")" before the end of the zone)`);
  }
  endLine();
  return out;
}
