/**
 * Helpers for defence tests: the MTA test world (test/mta/world.ts) plus client
 * hosts that are not MTAs (a spammer, a user's PC), joined to the same switch.
 */
import { compose, type Message } from "../../sim/smtp";
import { sendOnce, type ClientOutcome } from "../../sim/traffic/smtp-client";
import { world, type DnsTable, type HostSpec } from "../mta/world";

export function defenceWorld(hosts: Record<string, HostSpec>, clients: Record<string, string>, dns: DnsTable = { a: {} }) {
  const w = world(hosts, dns);
  for (const [name, addr] of Object.entries(clients)) {
    w.net.addHost(name, { addrs: [addr] });
    w.net.addLink(name, "switch", { bandwidth: 100e6, latency: 0.005 });
  }
  let n = 0;
  /** One SMTP session from `client` to `server` at time `at`; resolves with what the server took. */
  const post = (at: number, client: string, server: string, from: string, to: string[], opts: { port?: number; auth?: { user: string; password: string }; bytes?: number } = {}) => {
    const m: Message = compose({ id: `c${++n}`, from, to, at, host: `${client}.example`, subject: `post ${n}`,
      body: { kind: "opaque", contentType: "text/plain", bytes: opts.bytes ?? 1000, transfer: "8bit" } });
    const out: { o?: ClientOutcome; m: Message } = { m };
    w.kernel.at(at, () => sendOnce(w, { client, server, port: opts.port ?? 25, helo: `${client}.example`, message: m, auth: opts.auth }, (o) => (out.o = o)));
    return out;
  };
  return { ...w, post };
}
