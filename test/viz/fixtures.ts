/** Trace events for the view-model tests: hand-written, in the simulator's exact shapes. */
import type { TraceEvent } from "../../sim/index";

/** A message from isp during the gateway outage: MX 10 gateway skipped, MX 20 mail2 takes it. */
export const toSecondMx: TraceEvent[] = [
  { t: 100, type: "mta.queued", host: "isp", message: "u0-7", queueId: "isp.7", from: "", rcpts: ["bob@example.gr.jp"], bytes: 15288 },
  { t: 100, type: "mta.route", host: "isp", message: "u0-7", rcpt: "bob@example.gr.jp", step: "mx", next: "example.gr.jp", why: "isp: no static route for example.gr.jp — look up its MX (RFC 5321 §5.1)" },
  { t: 100.05, type: "dns.query", host: "isp", from: "198.51.100.10", to: "198.51.100.53", server: "isp-named", qname: "example.gr.jp", qtype: "MX", id: 1, bytes: 31, role: "stub", msg: 9 },
  { t: 100.12, type: "mta.plan", host: "isp", message: "u0-7", dest: "example.gr.jp", candidates: ["10 gateway.example.gr.jp[202.250.31.150]", "20 mail2.example.net[198.51.100.25]"], notes: ["MX order: 10 gateway.example.gr.jp, 20 mail2.example.net"] },
  { t: 100.12, type: "smtp.connect", host: "isp", session: 5, server: "mail2", port: 25, mailFrom: "taro@example.net", rcpts: 1, bytes: 15288, message: "u0-7" },
  { t: 100.2, type: "smtp.reply", host: "isp", session: 5, server: "mail2", stage: "greeting", code: 220, enhanced: null, text: "mail2.example.net ESMTP" },
  { t: 100.25, type: "flow.start", host: "isp", flow: 3, src: "isp", dst: "mail2", bytes: 15288 },
  { t: 100.3, type: "flow.end", host: "isp", flow: 3, ok: true },
  { t: 100.31, type: "mta.queued", host: "mail2", message: "u0-7", queueId: "mail2.3", from: "isp", rcpts: ["bob@example.gr.jp"], bytes: 15445 },
  { t: 100.31, type: "smtp.reply", host: "isp", session: 5, server: "mail2", stage: "dot", code: 250, enhanced: "2.0.0", text: "Ok: queued as mail2.3" },
  { t: 100.33, type: "smtp.end", host: "isp", session: 5, server: "mail2", stage: "done", code: 250, roundTrips: 5 },
  { t: 100.33, type: "mta.delivered", host: "isp", message: "u0-7", rcpts: ["bob@example.gr.jp"], to: "mail2", code: 250 },
  { t: 100.4, type: "mta.deferred", host: "mail2", message: "u0-7", rcpts: ["bob@example.gr.jp"], code: 421, enhanced: "4.4.1", text: "connect to gateway[202.250.31.150]: Connection timed out", next: 1900 },
  { t: 2000, type: "mta.queued", host: "gateway", message: "u0-7", queueId: "gateway.9", from: "mail2", rcpts: ["bob@example.gr.jp"], bytes: 15600 },
  { t: 2000, type: "mta.route", host: "gateway", message: "u0-7", rcpt: "bob@example.gr.jp", step: "mailertable", next: "[dist-in.example.gr.jp]", why: "gateway: mailertable matches example.gr.jp → smtp:[dist-in.example.gr.jp] — a static route, no MX lookup" },
  { t: 2001, type: "mta.delivered", host: "gateway", message: "u0-7", rcpts: ["bob@example.gr.jp"], to: "mailbox:bob", code: 250 },
];
