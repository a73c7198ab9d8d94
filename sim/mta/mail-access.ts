/**
 * POP and IMAP on a mailbox server (tutorial S16, S33): how users' mail programs
 * fetch what final delivery put into the mailboxes (mailbox.ts).
 *
 *  - **POP3** (RFC 1939): USER, PASS, STAT, then RETR and DELE for each message,
 *    QUIT. The client downloads and the server deletes: the mailbox is empty after
 *    every poll, and a poll of an empty mailbox costs only the login.
 *  - **IMAP4** (RFC 3501): LOGIN, SELECT, FETCH of the new messages, LOGOUT. Mail
 *    stays on the server; SELECT opens the whole mailbox, so every poll costs work
 *    in proportion to everything kept there, not just to what is new.
 *
 * The server has one CPU, served first come first served: a request's work starts
 * when the CPU is free. Work is a model of the server's cost, not a measurement:
 * `session` seconds per login, `perMessage` per message listed or fetched,
 * `perByte` per byte read from disk, and (IMAP) `perKeptMessage` per message in
 * the mailbox at SELECT. With these, the load a server carries is
 *
 *     polls/s × (session + kept × perKeptMessage) + messages/s × perMessage + bytes/s × perByte
 *
 * — so the number of users a server holds is set by how often their clients poll
 * (S33: "the real number of users depends on how often clients poll"), and close
 * to saturation the FIFO queue makes every poll slow at once.
 *
 * Each exchange costs a round trip on the network (path latency both ways, as in
 * smtp/session.ts); downloaded bytes are one flow sharing the links max-min.
 */
import type { Kernel, TraceBus } from "../engine";
import type { Network } from "../net";
import type { MailboxStore } from "./mailbox";

declare module "../engine/trace" {
  interface TraceEventMap {
    /** A POP or IMAP poll finished: messages and bytes fetched, server work, and how long it took the client. */
    "mailbox.poll": { protocol: string; client: string; user: string; messages: number; bytes: number; kept: number; work: number; elapsed: number };
  }
}

export type AccessProtocol = "pop3" | "imap4";

export interface AccessCosts {
  readonly session: number;
  readonly perMessage: number;
  readonly perByte: number;
  readonly perKeptMessage: number;
}

/** Model defaults (assumed, not measured): IMAP's login and SELECT cost more than POP's. */
export const ACCESS_COSTS: Readonly<Record<AccessProtocol, AccessCosts>> = {
  pop3: { session: 0.004, perMessage: 0.001, perByte: 1e-8, perKeptMessage: 0 },
  imap4: { session: 0.008, perMessage: 0.001, perByte: 1e-8, perKeptMessage: 0.0002 },
};

export const ACCESS_PORTS: Readonly<Record<AccessProtocol, number>> = { pop3: 110, imap4: 143 };

export interface PollResult {
  ok: boolean;
  messages: number;
  bytes: number;
  /** Server CPU seconds this poll cost. */
  work: number;
  elapsed: number;
}

/** The POP/IMAP server of a mailbox host. */
export class MailAccessServer {
  /** CPU seconds of work done, and sessions served, per protocol. */
  readonly work: Record<AccessProtocol, number> = { pop3: 0, imap4: 0 };
  readonly sessions: Record<AccessProtocol, number> = { pop3: 0, imap4: 0 };
  private cpuFreeAt = 0;
  /** IMAP: messages each user's client has seen. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly env: { kernel: Kernel; net: Network; bus: TraceBus },
    readonly host: string,
    readonly store: MailboxStore,
    readonly costs: Readonly<Record<AccessProtocol, AccessCosts>> = ACCESS_COSTS,
    /** A successful login from an address (POP-before-SMTP opens relaying for it). */
    private readonly onLogin?: (addr: string, now: number) => void,
  ) {
    env.net.listen(host, ACCESS_PORTS.pop3);
    env.net.listen(host, ACCESS_PORTS.imap4);
  }

  /** Run `work` CPU seconds on the server's one CPU (FIFO), then `then`. */
  private cpu(protocol: AccessProtocol, work: number, then: () => void): void {
    const k = this.env.kernel;
    const start = Math.max(k.now, this.cpuFreeAt);
    this.cpuFreeAt = start + work;
    this.work[protocol] += work;
    k.at(this.cpuFreeAt, then);
  }

  /** Fraction of `elapsed` seconds the CPU was busy. */
  utilisation(elapsed: number): number {
    return elapsed > 0 ? (this.work.pop3 + this.work.imap4) / elapsed : 0;
  }

  /** One poll by `user`'s client on `client`; `done` hears what it fetched. */
  poll(client: string, user: string, protocol: AccessProtocol, done?: (r: PollResult) => void): void {
    const { kernel, net, bus } = this.env;
    const t0 = kernel.now;
    const c = this.costs[protocol];
    const fail = (): void => done?.({ ok: false, messages: 0, bytes: 0, work: 0, elapsed: kernel.now - t0 });
    net.connect(client, this.host, ACCESS_PORTS[protocol], (o) => {
      if (!o.ok) return fail();
      const rtt = o.rtt;
      this.sessions[protocol]++;
      const box = this.store.mailbox(user) ?? { messages: 0, bytes: 0 };
      // POP: the whole maildrop is new; IMAP: what arrived since the last poll, out of all that is kept.
      const kept = box.messages;
      const seen = protocol === "imap4" ? Math.min(this.seen.get(user) ?? 0, kept) : 0;
      const fresh = kept - seen;
      const freshBytes = kept > 0 ? Math.round((box.bytes * fresh) / kept) : 0;
      const work = c.session + kept * c.perKeptMessage + fresh * c.perMessage + freshBytes * c.perByte;
      // Greeting, login (USER+PASS or LOGIN), STAT or SELECT: three exchanges before the server's work is known.
      kernel.schedule(3 * rtt, () =>
        this.cpu(protocol, work, () => {
          this.onLogin?.(net.host(client).addrs[0] ?? "", kernel.now);
          // One exchange per RETR (POP) or one FETCH (IMAP), the bytes as a flow, then DELE/LOGOUT.
          const exchanges = protocol === "pop3" ? fresh + 1 : 2;
          const finish = (ok: boolean): void => {
            if (ok) {
              if (protocol === "pop3") this.store.take(user, fresh, freshBytes);
              else this.seen.set(user, kept);
            }
            const r: PollResult = { ok, messages: fresh, bytes: freshBytes, work, elapsed: kernel.now - t0 };
            if (bus.on) bus.emit({ t: kernel.now, type: "mailbox.poll", host: this.host, protocol, client, user, messages: fresh, bytes: freshBytes, kept, work, elapsed: r.elapsed });
            done?.(r);
          };
          kernel.schedule(exchanges * rtt, () => (freshBytes > 0 ? net.transfer(this.host, client, freshBytes, (t) => finish(t.ok)) : finish(true)));
        }),
      );
    });
  }
}
