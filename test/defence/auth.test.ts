/**
 * SMTP AUTH (RFC 4954), Message Submission on port 587 (RFC 6409) and
 * POP-before-SMTP (S26), deployed from a scenario's `mta:` block.
 */
import { describe, expect, it } from "vitest";
import { buildSimulation, loadScenario } from "../../sim";
import { compose } from "../../sim/smtp";
import { sendOnce, type ClientOutcome } from "../../sim/traffic/smtp-client";

const scenarioText = (extra = "") => `name: submission
duration: 2h
hosts:
  internet: { role: internet, addr: 192.0.2.1 }
  lan:      { role: switch, addr: 10.0.0.1 }
  mail:     { role: mta, addr: 202.250.31.150, mta: { profile: sendmail, hostname: mail.example.gr.jp, domains: [example.gr.jp], mailboxes: [alice],
              relayClients: [202.250.31.0/24], auth: { users: { alice: secret } }, submission: { inside: [10.0.0.0/8] }, popBeforeSmtp: 10m } }
  remote:   { role: mta, addr: 203.0.113.25, mta: { profile: postfix, hostname: example.com, domains: [example.com], mailboxes: any } }
  pc-in:    { addr: 10.0.0.9 }
  pc-out:   { addr: 192.0.2.77 }
links:
  - { between: [internet, mail], bandwidth: 10Mbps, latency: 10ms }
  - { between: [internet, remote], bandwidth: 10Mbps, latency: 10ms }
  - { between: [internet, pc-out], bandwidth: 1Mbps, latency: 20ms }
  - { between: [lan, mail], bandwidth: 100Mbps, latency: 1ms }
  - { between: [lan, pc-in], bandwidth: 100Mbps, latency: 1ms }
${extra}`;

function world(extra = "") {
  const sim = buildSimulation(loadScenario(scenarioText(extra), "sub.yaml"));
  let n = 0;
  const post = (at: number, client: string, port: number, auth?: { user: string; password: string }, to = "ken@example.com") => {
    const m = compose({ id: `p${++n}`, from: "alice@example.gr.jp", to: [to], at, host: "example.gr.jp",
      body: { kind: "text", contentType: "text/plain", text: "hello" } });
    const out: { o?: ClientOutcome; id: string } = { id: m.id };
    sim.kernel.at(at, () => sendOnce({ ...sim, listeners: sim.smtp! }, { client, server: "mail", port, helo: client, message: m, auth }, (o) => (out.o = o)));
    return out;
  };
  return { sim, post, fate: (id: string) => sim.ledger.fate(id, "ken@example.com") };
}

const failure = (o: ClientOutcome | undefined) => [o!.result.stage, o!.result.failure?.code, o!.result.failure?.enhanced];

describe("Message Submission on 587", () => {
  it("from outside: refused at the greeting, credentials or not", () => {
    const w = world();
    const a = w.post(0, "pc-out", 587);
    const b = w.post(0, "pc-out", 587, { user: "alice", password: "secret" });
    w.sim.kernel.run({ until: 3600 });
    expect(failure(a.o)).toEqual(["greeting", 554, "5.7.1"]);
    expect(failure(b.o)).toEqual(["greeting", 554, "5.7.1"]);
    expect(w.fate(a.id)).toBe("exit:rejected");
  });

  it("from inside without AUTH: 530 5.7.0 Authentication required at MAIL", () => {
    const w = world();
    const a = w.post(0, "pc-in", 587);
    w.sim.kernel.run({ until: 3600 });
    expect(failure(a.o)).toEqual(["mail", 530, "5.7.0"]);
  });

  it("from inside with a wrong password: 535 5.7.8; with the right one: 235, relayed and delivered", () => {
    const w = world();
    const bad = w.post(0, "pc-in", 587, { user: "alice", password: "guess" });
    const good = w.post(0, "pc-in", 587, { user: "alice", password: "secret" });
    w.sim.kernel.run({ until: 3600 });
    expect(failure(bad.o)).toEqual(["auth", 535, "5.7.8"]);
    expect(good.o!.accepted).toEqual(["ken@example.com"]);
    expect(w.fate(good.id)).toBe("exit:delivered");
    expect(w.sim.ledger.balance().lost).toBe(0);
  });

  it("port 25 offers AUTH too: only the authenticated session relays, at the cost of one more round trip", () => {
    const w = world();
    const relay = w.post(0, "pc-in", 25);
    const local = w.post(50, "pc-in", 25, undefined, "alice@example.gr.jp");
    const authd = w.post(100, "pc-in", 25, { user: "alice", password: "secret" });
    w.sim.kernel.run({ until: 3600 });
    // pc-in is not in mynetworks (relayClients).
    expect(failure(relay.o)).toEqual(["rcpt", 550, "5.7.1"]);
    expect(local.o!.accepted).toEqual(["alice@example.gr.jp"]);
    expect(authd.o!.accepted).toEqual(["ken@example.com"]);
    expect(authd.o!.result.roundTrips).toBe(local.o!.result.roundTrips + 1); // AUTH PLAIN: one command, one reply
  });
});

describe("POP-before-SMTP", () => {
  it("a POP login opens relaying on port 25 for that address for 10 minutes", () => {
    const w = world();
    const table = w.sim.mtas.get("mail")!.popBeforeSmtp!;
    w.sim.kernel.at(0, () => table.open("192.0.2.77", 0));
    const before = w.post(0, "pc-in", 25); // another address: not opened
    const inside = w.post(60, "pc-out", 25);
    const late = w.post(601, "pc-out", 25);
    w.sim.kernel.run({ until: 3600 });
    expect(failure(before.o)).toEqual(["rcpt", 550, "5.7.1"]);
    expect(inside.o!.accepted).toEqual(["ken@example.com"]);
    expect(failure(late.o)).toEqual(["rcpt", 550, "5.7.1"]);
  });

  it("a real POP poll from the client opens the window (the poll workload on the mailbox server)", () => {
    const w = world("traffic:\n  - { kind: poll, mailbox: mail, client: pc-out, users: [alice], every: 2h }\n");
    const polls: number[] = [];
    w.sim.bus.subscribe((e) => void (e.type === "mailbox.poll" && polls.push(e.t)));
    const before = w.post(0, "pc-out", 25);
    while (polls.length === 0) w.sim.kernel.run({ until: w.sim.kernel.now + 60 });
    const tp = polls[0];
    const inside = w.post(tp + 60, "pc-out", 25);
    const late = w.post(tp + 660, "pc-out", 25);
    w.sim.kernel.run({ until: tp + 3600 });
    expect(failure(before.o)).toEqual(["rcpt", 550, "5.7.1"]);
    expect(inside.o!.accepted).toEqual(["ken@example.com"]);
    expect(failure(late.o)).toEqual(["rcpt", 550, "5.7.1"]);
  });
});

describe("users who submit over SMTP (users workload with submit:)", () => {
  const users = (submit: string) => `traffic:
  - { kind: users, from: mail, senders: [alice@example.gr.jp], to: [ken@example.com], count: 3, rate: 6/h, size: 2KB, submit: ${submit} }
`;
  it("with credentials from inside: every message relayed and delivered; without: refused 530, ledger rejected", () => {
    const ok = world(users("{ client: pc-in, port: 587, user: alice, password: secret }"));
    ok.sim.kernel.run({ until: 7200 });
    expect(ok.sim.ledger.balance()).toMatchObject({ entered: 3, lost: 0, settled: { delivered: 3 } });
    const no = world(users("{ client: pc-in, port: 587 }"));
    const refusals: string[] = [];
    no.sim.bus.subscribe((e) => void (e.type === "mta.refused" && refusals.push(`${e.stage} ${e.code} ${e.enhanced} ${e.policy}`)));
    no.sim.kernel.run({ until: 7200 });
    expect(no.sim.ledger.balance()).toMatchObject({ entered: 3, lost: 0, settled: { rejected: 3 } });
    expect(refusals).toEqual(Array(3).fill("mail 530 5.7.0 submission"));
  });

  it("a submit client that is not a host is a positioned scenario error", () => {
    expect(() => world(users("{ client: pc-nowhere, port: 587 }"))).toThrow(/sub\.yaml:\d+:\d+: traffic\[0\]\.submit\.client: unknown host "pc-nowhere"/);
  });
});
