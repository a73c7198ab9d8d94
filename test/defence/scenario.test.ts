/**
 * The defence fields of a scenario: masquerading applied by a running MTA,
 * RFC 2142 role addresses, and positioned errors for bad configurations.
 */
import { describe, expect, it } from "vitest";
import { buildSimulation, loadScenario } from "../../sim";
import { getField } from "../../sim/smtp";

const site = (mailbox: string, extra = "") => `name: masquerade
duration: 1h
hosts:
  internet: { role: internet, addr: 192.0.2.1 }
  myhost:   { role: mailbox, addr: 202.250.31.160, mta: { profile: sendmail, hostname: myhost.example.gr.jp, domains: [myhost.example.gr.jp], mailboxes: [taro], ${mailbox} } }
  remote:   { role: mta, addr: 203.0.113.25, mta: { profile: postfix, hostname: example.com, domains: [example.com], mailboxes: [ken] } }
links:
  - { between: [internet, myhost], bandwidth: 10Mbps, latency: 10ms }
  - { between: [internet, remote], bandwidth: 10Mbps, latency: 10ms }
traffic:
  - { kind: users, from: myhost, senders: [taro@myhost.example.gr.jp, root@myhost.example.gr.jp], to: [ken@example.com], count: 6, size: 1KB }
  - { kind: users, from: remote, senders: [ken@example.com], to: [postmaster@myhost.example.gr.jp, abuse@myhost.example.gr.jp, nobody@myhost.example.gr.jp], count: 3, size: 1KB }
${extra}`;

function delivered(mailbox: string) {
  const s = loadScenario(site(mailbox), "m.yaml");
  const sim = buildSimulation(s);
  sim.kernel.run({ until: s.duration });
  // Only the copies of myhost's users' mail (not the DSN about nobody@ that ken also gets).
  return { sim, recent: sim.mtas.get("remote")!.mailboxes.recent.filter((m) => m.id.startsWith("u0-")) };
}

describe("masquerading by a running MTA (the tutorial's internal mailbox server)", () => {
  it("From: and, with masquerade_envelope, Return-Path become @example.gr.jp; EXPOSED_USER root stays", () => {
    const { recent, sim } = delivered("masquerade: { as: example.gr.jp, domains: [myhost.example.gr.jp], limited: true, envelope: true, exposedUsers: [root] }");
    expect(sim.ledger.balance().lost).toBe(0);
    expect(recent.length).toBe(6);
    for (const m of recent) {
      const from = getField(m.header, "From")!;
      const rp = getField(m.header, "Return-Path")!;
      if (from.startsWith("root@")) expect([from, rp]).toEqual(["root@myhost.example.gr.jp", "<root@myhost.example.gr.jp>"]);
      else expect([from, rp]).toEqual(["taro@example.gr.jp", "<taro@example.gr.jp>"]);
    }
  });

  it("without masquerade_envelope only the header changes", () => {
    const { recent } = delivered("masquerade: { as: example.gr.jp, domains: [myhost.example.gr.jp], limited: true }");
    const taro = recent.filter((m) => getField(m.header, "From") === "taro@example.gr.jp");
    expect(taro.length).toBeGreaterThan(0);
    expect(taro.every((m) => getField(m.header, "Return-Path") === "<taro@myhost.example.gr.jp>")).toBe(true);
  });
});

describe("role addresses (RFC 2142)", () => {
  it("postmaster@ and abuse@ are accepted where only taro has a mailbox; other unknown users are refused 5.1.1", () => {
    const s = loadScenario(site("access: \"Connect:203.0.113 REJECT\\nConnect:203.0.113.25 OK\""), "m.yaml");
    const sim = buildSimulation(s);
    const refused: string[] = [];
    sim.bus.subscribe((e) => void (e.type === "mta.refused" && e.host === "myhost" && refused.push(`${e.code} ${e.enhanced}`)));
    sim.kernel.run({ until: s.duration });
    const box = sim.mtas.get("myhost")!.mailboxes;
    expect((box.mailbox("postmaster")?.messages ?? 0) + (box.mailbox("abuse")?.messages ?? 0)).toBeGreaterThan(0);
    expect(refused.every((r) => r === "550 5.1.1")).toBe(true);
    expect(box.mailbox("nobody")).toBeUndefined();
  });
});

describe("positioned errors", () => {
  const errorsOf = (text: string): string[] => {
    try {
      loadScenario(text, "bad.yaml");
    } catch (e) {
      return (e as Error).message.split("\n");
    }
    return [];
  };

  it("an access db line that cannot be read is reported at its line inside the YAML block", () => {
    const text = `name: bad access
duration: 1h
hosts:
  gw:
    role: mta
    addr: 192.0.2.10
    mta:
      access: |
        spammers.net REJECT
        ube.com BOUNCE
`;
    // Line 10 of the file, column 17 (the action), as mailertable and zone errors are positioned.
    expect(errorsOf(text)).toEqual(['bad.yaml:10:17: hosts.gw.mta.access: access line 2: unknown action "BOUNCE" (expected OK, RELAY, REJECT, DISCARD or ERROR:d.s.n:code text)']);
  });

  it("an MTA fault must name an MTA host and say what it sets", () => {
    const errs = errorsOf(site("", "faults:\n  - { at: 1h, mta: internet, set: { openRelay: false } }\n  - { at: 1h, mta: myhost }\n"));
    expect(errs).toEqual([
      expect.stringMatching(/^bad\.yaml:\d+:\d+: faults\[0\]\.mta: "internet" runs no MTA \(expected one of myhost, remote\)$/),
      expect.stringMatching(/^bad\.yaml:\d+:\d+: faults\[1\]: an MTA fault without `set`/),
    ]);
  });
});
