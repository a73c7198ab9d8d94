/**
 * A message: envelope + header + body, and its size on the wire.
 *
 * Size is what costs bandwidth and spool space, so it is computed the way the bytes
 * really go out (RFC 5322 header, RFC 2045/2046 MIME body):
 *
 *  - header: every field `Name: value CRLF`, then an empty line (headers.ts);
 *  - a single-part body: its bytes as given;
 *  - a multipart body (RFC 2046 §5.1.1): per part `--boundary CRLF`, the part's
 *    header, an empty line, its content, CRLF; then `--boundary-- CRLF`;
 *  - binary content (an attachment) is base64-encoded (RFC 2045 §6.8): every 3 bytes
 *    become 4 characters, written in lines of at most 76 characters each ending in
 *    CRLF, so a file grows by about 4/3 × 78/76 ≈ 1.37 (tutorial S11: attachments are
 *    MIME-encoded, and bigger than the file);
 *  - a returned message inside a bounce (message/rfc822) is that message's own size.
 *
 * Messages are immutable values: an MTA that adds a Received: line makes a new one.
 */
import { type Envelope } from "./envelope";
import { byteLength, fieldsBytes, type Header, type HeaderField, headerBytes } from "./headers";

/** Text whose exact characters matter (a DSN's explanation), sent as 7bit/8bit. */
export interface TextPart {
  readonly kind: "text";
  readonly contentType: string;
  readonly text: string;
}

/** Content known only by its size (a user's 12 KB letter, a 300 KB JPEG). */
export interface OpaquePart {
  readonly kind: "opaque";
  readonly contentType: string;
  /** Raw (decoded) size in bytes. */
  readonly bytes: number;
  /** How it crosses the wire: as-is (7bit/8bit) or base64. */
  readonly transfer: "7bit" | "8bit" | "base64";
  readonly filename?: string;
}

/** A message inside a message: a returned original (message/rfc822) or only its header. */
export interface EmbeddedPart {
  readonly kind: "message";
  readonly contentType: "message/rfc822" | "text/rfc822-headers";
  readonly message: Message;
}

export interface MultipartBody {
  readonly kind: "multipart";
  /** e.g. "multipart/mixed", or "multipart/report; report-type=delivery-status". */
  readonly contentType: string;
  readonly boundary: string;
  readonly parts: readonly Part[];
}

/**
 * Parts written one after the other with no MIME framing: a non-MIME body such as
 * qmail's bounce (explanation text, then the returned message as it was).
 */
export interface ConcatBody {
  readonly kind: "concat";
  readonly contentType: string;
  readonly parts: readonly Part[];
}

export type Part = TextPart | OpaquePart | EmbeddedPart | MultipartBody | ConcatBody;

export interface Message {
  /** Simulator-wide message identity (the ledger key); not a header field. */
  readonly id: string;
  readonly envelope: Envelope;
  readonly header: Header;
  readonly body: Part;
}

/** Characters of base64 for `n` raw bytes, before line breaks (RFC 2045 §6.8). */
export function base64Chars(n: number): number {
  return 4 * Math.ceil(n / 3);
}

/** Bytes of `n` raw bytes base64-encoded in 76-character lines, each ended by CRLF. */
export function base64Bytes(n: number, lineLength = 76): number {
  const chars = base64Chars(n);
  return chars + 2 * Math.ceil(chars / lineLength);
}

/** The MIME part header a part carries inside a multipart (Content-Type, encoding, disposition). */
export function partHeader(p: Part): Header {
  const h: { name: string; value: string }[] = [{ name: "Content-Type", value: p.kind === "multipart" ? `${p.contentType}; boundary="${p.boundary}"` : p.contentType }];
  if (p.kind === "opaque") {
    h.push({ name: "Content-Transfer-Encoding", value: p.transfer });
    if (p.filename !== undefined) h.push({ name: "Content-Disposition", value: `attachment; filename="${p.filename}"` });
  }
  return h;
}

/** Bytes of a part's content (without its own MIME part header). */
export function contentBytes(p: Part): number {
  switch (p.kind) {
    case "text":
      return byteLength(p.text);
    case "opaque":
      return p.transfer === "base64" ? base64Bytes(p.bytes) : p.bytes;
    case "message":
      return p.contentType === "message/rfc822" ? messageBytes(p.message) : headerBytes(p.message.header);
    case "multipart": {
      const dash = byteLength(p.boundary) + 2; // "--" + boundary
      let n = 0;
      for (const part of p.parts) n += dash + 2 + fieldsBytes(partHeader(part)) + contentBytes(part) + 2;
      return n + dash + 2 + 2; // closing "--boundary--" CRLF
    }
    case "concat": {
      let n = 0;
      for (const part of p.parts) n += contentBytes(part);
      return n;
    }
  }
}

/** Size of the message as transmitted after DATA: header + empty line + body. */
export function messageBytes(m: Pick<Message, "header" | "body">): number {
  return headerBytes(m.header) + contentBytes(m.body);
}

/** The top-level header fields a MIME body needs (RFC 2045 §4, §5): added once, for the top part. */
export function mimeFields(body: Part): Header {
  if ((body.kind === "text" || body.kind === "concat") && body.contentType.startsWith("text/plain")) return NO_FIELDS;
  if (body.kind !== "opaque" || body.filename !== undefined) return [MIME_VERSION, ...partHeader(body)];
  // A single-part body's fields depend on its type and encoding only, and fields are
  // immutable: every message with the same kind of body shares them (traffic
  // generators compose a million such messages a day).
  let byTransfer = opaqueFields.get(body.contentType);
  if (byTransfer === undefined) {
    if (opaqueFields.size >= 256) opaqueFields.clear();
    opaqueFields.set(body.contentType, (byTransfer = new Map()));
  }
  let fields = byTransfer.get(body.transfer);
  if (fields === undefined) {
    fields = Object.freeze([MIME_VERSION, ...partHeader(body).map((f) => Object.freeze(f))]);
    byTransfer.set(body.transfer, fields);
  }
  return fields;
}

const NO_FIELDS: Header = Object.freeze([]);
const MIME_VERSION: HeaderField = Object.freeze({ name: "MIME-Version", value: "1.0" });
/** Fields of single-part bodies without a file name, by content type, then transfer encoding. */
const opaqueFields = new Map<string, Map<string, Header>>();
