import { describe, expect, it } from "vitest";
import { world } from "./world";

/**
 * A destination whose SMTP port is closed: every attempt fails at once (connection
 * refused). The sending MTA's attempt times must follow its profile's retry law,
 * computed here from the published formulas (mta-semantics.md §1.1, §1.3), with
 * each failure landing one DNS round (MX + A, 1 ms each) and one TCP round trip
 * (2 × 10 ms) after its attempt.
 */
const FAIL_AFTER = 0.002 + 0.02;

function run(profile: "postfix" | "qmail", until: number) {
  const w = world(
    { sender: { addr: "192.0.2.10", hostname: "sender.example.net", profile } },
    { mx: { "example.org": [[10, "dead.example.org"]] }, a: { "dead.example.org": "198.51.100.9" } },
  );
  w.net.addHost("dead", { addrs: ["198.51.100.9"] });
  w.net.addLink("dead", "switch", { bandwidth: 100e6, latency: 0.005 });
  w.send(0, "sender", "a@example.net", ["b@example.org"]);
  w.kernel.run({ until });
  const attempts = w.of("mta.route").filter((e) => e.message === "msg1").map((e) => e.t);
  return { w, attempts };
}

describe("retry laws in the queue manager", () => {
  it("postfix: next = scan grid at/after f + clamp(age, 300, 4000); bounce with 4.4.7 at the first failure aged ≥ 5 d", () => {
    const { w, attempts } = run("postfix", 6 * 86400);
    const expected = [0];
    let bounceAt = NaN;
    for (;;) {
      const f = expected[expected.length - 1] + FAIL_AFTER;
      if (f >= 5 * 86400) {
        bounceAt = f;
        break;
      }
      const delay = Math.min(Math.max(f, 300), 4000);
      expected.push(Math.ceil((f + delay) / 300) * 300);
    }
    expect(attempts.length).toBe(expected.length);
    attempts.forEach((t, i) => expect(t).toBeCloseTo(expected[i], 6));
    const b = w.of("mta.bounced").find((e) => e.message === "msg1");
    expect(b?.enhanced).toBe("4.4.7");
    expect(b?.text).toMatch(/last error: 421 4\.4\.1 .*Connection refused/);
    expect(b?.t).toBeCloseTo(bounceAt, 6);
    expect(w.ledger.balance().lost).toBe(0);
  });

  it("qmail: next = birth + (⌊√(f − birth)⌋ + 20)², i.e. 0, 400, 1600, 3600 s … (qmail-send.c nextretry)", () => {
    const { attempts } = run("qmail", 86400);
    const expected = [0];
    for (;;) {
      const f = expected[expected.length - 1] + FAIL_AFTER;
      const next = (Math.floor(Math.sqrt(f)) + 20) ** 2;
      if (next > 86400) break;
      expected.push(next);
    }
    expect(expected.slice(0, 4)).toEqual([0, 400, 1600, 3600]);
    expect(attempts).toEqual(expected);
  });
});
