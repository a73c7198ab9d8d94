/**
 * The contract of an SMTP session (session.ts runs it): what the client asks for
 * (SessionRequest), what it learns (SessionResult), the RFC 5321 §4.5.3.2
 * timeouts it waits out, and the size of the dialogue's lines, which the session
 * charges to the path as it goes (each line counted, not written out: sessions are
 * many).
 */
import type { Kernel, TraceBus } from "../engine";
import type { Network } from "../net";
import type { Message } from "./message";
import type { Reply } from "./reply";
import type { TlsLevel } from "./starttls";
import type { SmtpListeners } from "./server";

/** Client-side timeouts, seconds (RFC 5321 §4.5.3.2). */
export interface SmtpTimeouts {
  connect: number;
  greeting: number;
  ehlo: number;
  mail: number;
  rcpt: number;
  dataInit: number;
  dataBlock: number;
  dataTermination: number;
}

/** RFC 5321 §4.5.3.2 minimums; `connect` is the BSD TCP connection timeout. */
export const RFC5321_TIMEOUTS: SmtpTimeouts = {
  connect: 75, greeting: 300, ehlo: 300, mail: 300, rcpt: 300, dataInit: 120, dataBlock: 180, dataTermination: 600,
};

export interface SessionRequest {
  /** Client host name. */
  client: string;
  /** Server host name (the address the MX lookup gave, resolved to its host). */
  server: string;
  port?: number;
  helo: string;
  /** The message; its envelope's recipients are the ones this session delivers. */
  message: Message;
  /** Use PIPELINING when the server offers it. */
  pipelining?: boolean;
  timeouts?: SmtpTimeouts;
  /** Credentials for SMTP AUTH (RFC 4954), used when the server offers AUTH (a submitting MUA, S26). */
  auth?: { readonly user: string; readonly password: string };
  /** STARTTLS security level (starttls.ts); default none. */
  tls?: TlsLevel;
}

export type SessionStage = "connect" | "greeting" | "ehlo" | "tls" | "auth" | "mail" | "rcpt" | "data" | "body" | "done";

export interface SessionResult {
  /** Where the session ended. "done" = the end-of-data reply was received. */
  stage: SessionStage;
  /** The reply that ended the session early (server's or a local one), if any. */
  failure: Reply | null;
  /** One reply per envelope recipient, in order (undefined when never asked). */
  rcpt: (Reply | undefined)[];
  /** The end-of-data reply. Recipients with a 2xx RCPT reply are delivered when it is 2xx. */
  data: Reply | null;
  roundTrips: number;
  /** Bytes of commands and replies plus the body. */
  bytes: number;
  start: number;
  end: number;
}

/** Bytes of a command or reply line with CRLF (for the round-trip cost). */
export const line = (s: string): number => s.length + 2;
/** Bytes of `verb` + `arg` + CRLF, counted without building the line (sessions are many). */
export const commandLength = (verb: string, arg: string): number => verb.length + arg.length + 2;
/** Characters of a non-negative integer written in decimal (SIZE=n), without writing it. */
export const decimalDigits = (n: number): number => {
  if (!(Number.isInteger(n) && n >= 0)) return String(n).length;
  let d = 1;
  for (let x = n; x >= 10; x = Math.floor(x / 10)) d++;
  return d;
};
/** Bytes of a reply line `code enhanced text` + CRLF. */
export const replyLength = (r: Reply): number => 4 + (r.enhanced === null ? 0 : r.enhanced.length + 1) + r.text.length + 2;

export interface SessionEnv {
  kernel: Kernel;
  net: Network;
  bus: TraceBus;
  listeners: SmtpListeners;
}
