/**
 * The server side of an SMTP session as the client's dialogue (session.ts) sees
 * it: what the server advertises after EHLO, what it knows about a session, the
 * hooks that decide each reply (where the MTA layer plugs in its policies, S25),
 * and the table of servers listening by host and port.
 */
import type { Network } from "../net";
import type { Message } from "./message";
import type { Reply } from "./reply";
import type { Certificate } from "./starttls";

/** What the server advertises after EHLO (RFC 5321 §4.1.1.1, RFC 1870, RFC 2920, RFC 3207, RFC 4954). */
export interface Extensions {
  size?: number;
  pipelining?: boolean;
  eightBitMime?: boolean;
  dsn?: boolean;
  starttls?: boolean;
  auth?: readonly string[];
  /** The certificate the server presents in the TLS handshake (starttls.ts); learned after STARTTLS, not from EHLO. */
  certificate?: Certificate;
}

/** What the server knows about one session; hooks may keep their own state in `policy`. */
export interface ServerSession {
  readonly id: number;
  readonly server: string;
  readonly client: string;
  readonly clientAddr: string;
  heloName: string;
  mailFrom: string | null;
  /** Recipients accepted so far in this transaction. */
  rcpts: string[];
  /** Free slot for the policy layer (e.g. AUTH identity, relay permission). */
  policy: Record<string, unknown>;
}

/**
 * The server side: each hook runs when its command arrives and returns the reply.
 * `endOfData` runs when the last byte of the body has arrived; a 2xx reply means
 * the server has taken responsibility for the message (RFC 5321 §4.1.1.4, §6.1).
 */
export interface ServerHooks {
  readonly host: string;
  extensions(s: ServerSession): Extensions;
  connect(s: ServerSession): Reply;
  ehlo(s: ServerSession): Reply;
  mail(s: ServerSession, from: string, size: number): Reply;
  rcpt(s: ServerSession, to: string): Reply;
  data(s: ServerSession): Reply;
  endOfData(s: ServerSession, message: Message): Reply;
  /** The session ended (QUIT or failure); release per-session resources. */
  close?(s: ServerSession): void;
  /**
   * Optional work the server does before it answers a stage — a DNSBL lookup before
   * the greeting, a content scan before the end-of-data reply — taking simulated
   * time; the session waits until `ready` is called. `message` is given at "dot".
   * Returns false when there is nothing to do (and `ready` is not called); true when
   * there is, and `ready` then runs from a later kernel event, never within this call.
   */
  prepare?(s: ServerSession, stage: "connect" | "dot", ready: () => void, message?: Message): boolean;
  /** SMTP AUTH (RFC 4954 §4): 235 2.7.0 on success, 535 5.7.8 for bad credentials. Offered when `extensions().auth` lists mechanisms. */
  auth?(s: ServerSession, user: string, password: string): Reply;
}

/** SMTP servers by (host, port): what a connecting client finds listening. */
export class SmtpListeners {
  private readonly servers = new Map<string, ServerHooks>();
  private sessions = 0;
  constructor(private readonly net: Network) {}

  /** Session ids are per simulation, so two runs in one process trace the same ids. */
  newSessionId(): number {
    return ++this.sessions;
  }

  listen(host: string, port: number, hooks: ServerHooks): void {
    this.servers.set(`${host}:${port}`, hooks);
    this.net.listen(host, port);
  }

  unlisten(host: string, port: number): void {
    this.servers.delete(`${host}:${port}`);
    this.net.unlisten(host, port);
  }

  get(host: string, port: number): ServerHooks | undefined {
    return this.servers.get(`${host}:${port}`);
  }
}
