/**
 * The access db (sendmail cf/README "access_db", tutorial S25): parsing, lookup
 * precedence, and each action at each SMTP step with the reply sendmail gives.
 */
import { describe, expect, it } from "vitest";
import { addressLookupKeys, lookupAddress, lookupClient, parseAccess } from "../../sim/mta/policy/access-db";
import { defenceWorld } from "./clients";

const TUTORIAL = `
spammers.net REJECT
spammer@ube.com ERROR:5.7.1:551 Relay denied
spam@uce.uce.com DISCARD
example.gr.jp RELAY
localhost RELAY
127.0.0.1 RELAY
bogus_user@ REJECT
bogus.example.gr.jp ERROR:550 Bogus host
junk@other.example.gr.jp ERROR:550 Mailbox unavailable
Connect:192.0.2 REJECT
192.0.2.7 OK
To:partner.example RELAY
`;

describe("access db text", () => {
  it("reads the tutorial's entries with their actions and replies", () => {
    const { db, diagnostics } = parseAccess(TUTORIAL);
    expect(diagnostics).toEqual([]);
    expect(db.entries.get("spammers.net")?.action.kind).toBe("REJECT");
    const err = db.entries.get("spammer@ube.com")!.action;
    expect(err.kind === "ERROR" && [err.reply.code, err.reply.enhanced, err.reply.text]).toEqual([551, "5.7.1", "Relay denied"]);
    // No DSN code given: sendmail supplies the class's 5.0.0.
    const bogus = db.entries.get("bogus.example.gr.jp")!.action;
    expect(bogus.kind === "ERROR" && [bogus.reply.code, bogus.reply.enhanced]).toEqual([550, "5.0.0"]);
    expect(db.entries.get("Connect:192.0.2")?.tag).toBe("Connect");
  });

  it("reports bad lines with their line numbers", () => {
    const { diagnostics } = parseAccess("a.example REJECT\nb.example BOUNCE\nSpam:c.example REJECT\nd.example ERROR:5.7.1:450 later\ne.example");
    expect(diagnostics.map((d) => d.line)).toEqual([2, 3, 4, 5]);
    expect(diagnostics[0].message).toMatch(/unknown action "BOUNCE"/);
    expect(diagnostics[2].message).toMatch(/disagrees/);
  });

  it("looks an address up whole, then user@, then domain and parents (proto.m4 SearchList F, U, D)", () => {
    expect(addressLookupKeys("Spammer@Mail.UBE.com", true)).toEqual(["spammer@mail.ube.com", "spammer@", "mail.ube.com", "ube.com", "com"]);
    expect(addressLookupKeys("Spammer@Mail.UBE.com", false)).toEqual(["spammer@mail.ube.com", "mail.ube.com", "ube.com", "com"]);
    const { db } = parseAccess("ube.com REJECT\nok@mail.ube.com OK\nbogus_user@ REJECT\nother.example.gr.jp DISCARD");
    expect(lookupAddress(db, "From", "ok@mail.ube.com")?.entry.action.kind).toBe("OK"); // whole address beats the parent domain
    expect(lookupAddress(db, "From", "x@deep.mail.ube.com")?.lookedUp).toBe("ube.com");
    // user@ is found before the domain; without user@ lookups (a non-local domain) the domain decides.
    expect(lookupAddress(db, "To", "bogus_user@other.example.gr.jp")?.entry.action.kind).toBe("REJECT");
    expect(lookupAddress(db, "To", "bogus_user@other.example.gr.jp", false)?.entry.action.kind).toBe("DISCARD");
  });

  it("looks an IP up whole, then by shorter prefixes; tags restrict entries to their check", () => {
    const { db } = parseAccess(TUTORIAL);
    expect(lookupClient(db, "192.0.2.7")?.entry.action.kind).toBe("OK");
    expect(lookupClient(db, "192.0.2.8")?.lookedUp).toBe("Connect:192.0.2");
    expect(lookupClient(db, "198.51.100.1")).toBeNull();
    expect(lookupAddress(db, "From", "x@partner.example")).toBeNull(); // To: entry only
    expect(lookupAddress(db, "To", "x@partner.example")?.entry.action.kind).toBe("RELAY");
  });
});

describe("access db at each SMTP step", () => {
  /** `first`: entries ahead of the tutorial's (makemap keeps the first of a duplicate key). */
  const build = (blacklistRecipients = true, first = "") => {
    const { db } = parseAccess(first + TUTORIAL + "\n202.250.31.77 RELAY\n");
    const w = defenceWorld(
      {
        gateway: { addr: "202.250.31.150", hostname: "gateway.example.gr.jp", localDomains: ["example.gr.jp"], mailboxes: ["alice", "bob", "bogus_user", "victim"],
          access: { db, blacklistRecipients } },
        remote: { addr: "203.0.113.25", hostname: "mx.partner.example", localDomains: ["partner.example", "elsewhere.example"], mailboxes: "any" },
      },
      { spammer: "192.0.2.8", friend: "192.0.2.7", outsider: "198.51.100.9", inside: "202.250.31.77" },
      { a: { "partner.example": "203.0.113.25", "elsewhere.example": "203.0.113.25" } },
    );
    return w;
  };

  it("Connect REJECT: sendmail greets, then refuses MAIL with 550 5.7.1 Access denied", () => {
    const w = build();
    const p = w.post(0, "spammer", "gateway", "a@b.example", ["alice@example.gr.jp"]);
    w.kernel.run({ until: 600 });
    expect(p.o!.result.stage).toBe("mail");
    expect([p.o!.result.failure!.code, p.o!.result.failure!.enhanced, p.o!.result.failure!.text]).toEqual([550, "5.7.1", "Access denied"]);
    expect(w.ledger.fate(p.m.id, "alice@example.gr.jp")).toBe("exit:rejected");
    expect(w.of("mta.verdict").map((e) => e.why)).toEqual(["Connect:192.0.2 (line 11): REJECT"]);
  });

  it("Connect OK for one address inside a rejected prefix: the longer key wins", () => {
    const w = build();
    const p = w.post(0, "friend", "gateway", "a@b.example", ["alice@example.gr.jp"]);
    w.kernel.run({ until: 600 });
    expect(p.o!.accepted).toEqual(["alice@example.gr.jp"]);
    expect(w.ledger.fate(p.m.id, "alice@example.gr.jp")).toBe("exit:delivered");
  });

  it("Connect RELAY lets the client relay anywhere; a stranger is refused 550 5.7.1", () => {
    const w = build();
    const inside = w.post(0, "inside", "gateway", "me@example.gr.jp", ["x@elsewhere.example"]);
    const outside = w.post(0, "outsider", "gateway", "me@b.example", ["x@elsewhere.example"]);
    w.kernel.run({ until: 600 });
    expect(inside.o!.accepted).toEqual(["x@elsewhere.example"]);
    expect(w.ledger.fate(inside.m.id, "x@elsewhere.example")).toBe("exit:delivered");
    expect(outside.o!.result.rcpt[0]!.code).toBe(550);
    expect(outside.o!.result.rcpt[0]!.enhanced).toBe("5.7.1");
    expect(w.ledger.fate(outside.m.id, "x@elsewhere.example")).toBe("exit:rejected");
  });

  it("MAIL: ERROR:5.7.1:551 gives that reply, REJECT by parent domain 550 5.7.1, DISCARD accepts and drops", () => {
    const w = build();
    const err = w.post(0, "outsider", "gateway", "spammer@ube.com", ["alice@example.gr.jp"]);
    const rej = w.post(0, "outsider", "gateway", "bulk@mx1.spammers.net", ["alice@example.gr.jp"]);
    const dis = w.post(0, "outsider", "gateway", "spam@uce.uce.com", ["alice@example.gr.jp", "bob@example.gr.jp"]);
    w.kernel.run({ until: 600 });
    expect([err.o!.result.failure!.code, err.o!.result.failure!.enhanced, err.o!.result.failure!.text]).toEqual([551, "5.7.1", "Relay denied"]);
    expect([rej.o!.result.failure!.code, rej.o!.result.failure!.enhanced]).toEqual([550, "5.7.1"]);
    expect(dis.o!.accepted).toEqual(["alice@example.gr.jp", "bob@example.gr.jp"]); // the sender sees 250
    expect(w.ledger.fate(dis.m.id, "alice@example.gr.jp")).toBe("exit:discarded");
    expect(w.ledger.fate(dis.m.id, "bob@example.gr.jp")).toBe("exit:discarded");
    expect(w.mtas.gateway.mailboxes.totalMessages).toBe(0);
    expect(w.of("mta.discarded")[0].why).toMatch(/sender spam@uce.uce.com/);
    expect(w.ledger.balance().lost).toBe(0);
  });

  it("RCPT with blacklist_recipients: user@ and address entries refuse that recipient only", () => {
    const w = build();
    const p = w.post(0, "outsider", "gateway", "x@b.example", ["bogus_user@example.gr.jp", "alice@example.gr.jp", "junk@other.example.gr.jp"]);
    w.kernel.run({ until: 600 });
    const r = p.o!.result.rcpt;
    expect([r[0]!.code, r[0]!.enhanced, r[0]!.text]).toEqual([550, "5.7.1", "Access denied"]);
    expect(r[1]!.code).toBe(250);
    expect([r[2]!.code, r[2]!.text]).toEqual([550, "Mailbox unavailable"]);
    expect(w.ledger.fate(p.m.id, "alice@example.gr.jp")).toBe("exit:delivered");
    expect(w.ledger.fate(p.m.id, "bogus_user@example.gr.jp")).toBe("exit:rejected");
  });

  it("without blacklist_recipients, recipient REJECT entries are not consulted", () => {
    const w = build(false);
    const p = w.post(0, "outsider", "gateway", "x@b.example", ["bogus_user@example.gr.jp"]);
    w.kernel.run({ until: 600 });
    expect(p.o!.accepted).toEqual(["bogus_user@example.gr.jp"]);
  });

  it("To: RELAY opens relaying to that domain only; OK for a sender is not RELAY", () => {
    const w = build();
    const p = w.post(0, "outsider", "gateway", "x@b.example", ["x@partner.example", "x@elsewhere.example"]);
    w.kernel.run({ until: 600 });
    expect(p.o!.result.rcpt.map((r) => r!.code)).toEqual([250, 550]);
    expect(w.ledger.fate(p.m.id, "x@partner.example")).toBe("exit:delivered");
  });

  it("a recipient DISCARD discards the whole message", () => {
    const w = build(true, "victim@example.gr.jp DISCARD\n");
    const p = w.post(0, "outsider", "gateway", "x@b.example", ["alice@example.gr.jp", "victim@example.gr.jp"]);
    w.kernel.run({ until: 600 });
    expect(w.ledger.fate(p.m.id, "alice@example.gr.jp")).toBe("exit:discarded");
    expect(w.of("mta.discarded")[0].rcpts).toEqual(["alice@example.gr.jp", "victim@example.gr.jp"]);
  });

  it("Connect ERROR gives its own reply at MAIL; Connect DISCARD takes the message and drops it", () => {
    const w = build(true, "Connect:198.51.100.9 ERROR:4.7.1:450 come back later\nConnect:192.0.2.7 DISCARD\n");
    const later = w.post(0, "outsider", "gateway", "x@b.example", ["alice@example.gr.jp"]);
    const dropped = w.post(0, "friend", "gateway", "x@b.example", ["alice@example.gr.jp"]);
    w.kernel.run({ until: 600 });
    expect([later.o!.result.stage, later.o!.result.failure!.code, later.o!.result.failure!.enhanced, later.o!.result.failure!.text])
      .toEqual(["mail", 450, "4.7.1", "come back later"]);
    expect(dropped.o!.accepted).toEqual(["alice@example.gr.jp"]);
    expect(w.ledger.fate(dropped.m.id, "alice@example.gr.jp")).toBe("exit:discarded");
    expect(w.ledger.balance().lost).toBe(0);
  });
});
