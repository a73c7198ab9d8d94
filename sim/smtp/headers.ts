/**
 * The message header (RFC 5322 §2.2, §3.6): an *ordered* list of fields.
 *
 * Order matters: trace fields (Received:, Return-Path:) are *prepended* by each
 * MTA that handles the message (RFC 5321 §4.4), so reading the header top-down
 * walks the route backwards (tutorial S9). The fields mxsim knows (tutorial S10):
 *
 *  - originator/destination: From, Sender, Reply-To, To, Cc (what the MUA wrote;
 *    delivery ignores them, see envelope.ts);
 *  - identification: Message-Id, In-Reply-To, References (threads);
 *  - Subject, Date;
 *  - trace: Received (one per hop), Return-Path (the envelope sender, added at final
 *    delivery), Delivered-To (added by the delivering MTA, qmail/Postfix);
 *  - Resent-From/To/Date/Message-Id (RFC 5322 §3.6.6: re-introduction by a user);
 *  - Precedence: bulk/list/junk (not standard, honoured by vacation programs and
 *    MTAs as a hint; RFC 3834 §3.1.8 for auto-responders).
 *
 * A field's bytes on the wire are `Name: value CRLF` (RFC 5322 §2.2); long values are
 * folded by inserting CRLF before white space, which adds bytes but not meaning.
 */

export interface HeaderField {
  readonly name: string;
  readonly value: string;
}

export type Header = readonly HeaderField[];

/** A code unit outside ASCII. */
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Bytes of a string in UTF-8 (what an 8BITMIME transport carries), counted from
 * the UTF-16 code units without encoding: this runs for every header field of
 * every message at every hop. Almost all of them are ASCII, one byte a code unit,
 * which a regular expression confirms in native code about 3× faster than the
 * loop below reads them.
 */
export function byteLength(s: string): number {
  if (!NON_ASCII.test(s)) return s.length;
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair: 2 code units, 4 bytes.
      n += 2;
      i++;
    } else n += 2;
  }
  return n;
}

/** Wire bytes of one field, CRLF included. */
export function fieldBytes(f: HeaderField): number {
  return byteLength(f.name) + 2 + byteLength(f.value) + 2;
}

/**
 * A header remembers its size once measured. A header is immutable and shared by
 * every copy of its message (one per recipient batch, per attempt), and a relayed
 * message's header is the previous hop's with one field on top, so each size is
 * computed once, and a prepended header's from its tail's ({@link prepend}). The
 * size rides on the array itself under a symbol key (invisible to iteration, JSON
 * and structured clone), which costs a tenth of a WeakMap entry.
 */
const SIZE: unique symbol = Symbol("header bytes");
type Measured = Header & { [SIZE]?: number };

/** Wire bytes of the whole header plus the empty line that ends it. */
export function headerBytes(h: Header): number {
  const m = h as Measured;
  let n = m[SIZE];
  if (n === undefined) {
    n = fieldsBytes(h);
    m[SIZE] = n;
  }
  return n;
}

/** {@link headerBytes} without remembering: for headers made only to be measured (a MIME part's). */
export function fieldsBytes(h: Header): number {
  let n = 2;
  for (const f of h) n += fieldBytes(f);
  return n;
}

/** The header as wire text (each field on its own line, then the empty line). */
export function formatHeader(h: Header): string {
  return h.map((f) => `${f.name}: ${f.value}\r\n`).join("") + "\r\n";
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** The first field with this name (names are case-insensitive, RFC 5322 §1.2.2). */
export function getField(h: Header, name: string): string | undefined {
  return h.find((f) => same(f.name, name))?.value;
}

/** All values of fields with this name, top to bottom. */
export function getFields(h: Header, name: string): string[] {
  return h.filter((f) => same(f.name, name)).map((f) => f.value);
}

/** A new header with `fields` put on top (how trace fields are added, RFC 5321 §4.4). */
export function prepend(h: Header, ...fields: HeaderField[]): Header {
  const out: HeaderField[] = new Array<HeaderField>(fields.length + h.length);
  for (let i = 0; i < fields.length; i++) out[i] = fields[i];
  for (let i = 0; i < h.length; i++) out[fields.length + i] = h[i];
  const tail = (h as Measured)[SIZE];
  if (tail !== undefined) {
    let n = tail;
    for (const f of fields) n += fieldBytes(f);
    (out as Measured)[SIZE] = n;
  }
  return out;
}

/** {@link prepend} of one field whose wire bytes the caller already knows (without reading its value). */
export function prependSized(h: Header, field: HeaderField, bytes: number): Header {
  const out: HeaderField[] = new Array<HeaderField>(h.length + 1);
  out[0] = field;
  for (let i = 0; i < h.length; i++) out[i + 1] = h[i];
  (out as Measured)[SIZE] = headerBytes(h) + bytes;
  return out;
}

/**
 * The hop count of a message: how many fields carry one of `names`. Every MTA
 * counts some trace fields and refuses a message with too many, to stop mail loops:
 * Postfix counts Received (hopcount_limit 50), sendmail Received, X400-Received, Via
 * and Mail-From (MaxHopCount 25), qmail lines starting "Received" and "Delivered"
 * (MAXHOPS 100), Exim Received (received_headers_max 30). RFC 5321 §6.3 asks for at
 * least 100. The profile says which names to count (sim/mta/profiles.ts).
 */
export function hopCount(h: Header, names: readonly string[]): number {
  let n = 0;
  for (const f of h) {
    const name = f.name;
    for (const x of names) {
      // Exact spelling first: trace fields are written by MTAs in their canonical case.
      if (name.length === x.length && (name === x || same(name, x))) {
        n++;
        break;
      }
    }
  }
  return n;
}
