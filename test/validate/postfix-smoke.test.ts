/**
 * The real-daemon harness cannot rot: its quickest case runs against a real Postfix
 * (Debian's package, a private instance on loopback) and mxsim, and what the harness
 * observes must be consistent on its own terms: every message queued was returned to
 * its sender with a failure notice (RFC 3464 §2: null sender, Action: failed, a 4.x.x
 * status since the last attempt was refused, the Final-Recipient), every SYN the capture
 * saw is an attempt the log reports as refused, and the mxsim side bounced every message
 * too. Whether the two sides agree in time is docs/validation.md's business
 * (`npm run validate`), not this test's. Needs root (the daemons drop to their own users),
 * postfix and tshark, which `npm test` installs (scripts/prereqs.mjs).
 */
import { describe, expect, it } from "vitest";
import { CASES } from "../../validate/cases";
import { runCase } from "../../validate/run-case";

describe("the real-daemon harness", () => {
  it("postfix-smoke: a real Postfix and mxsim each bounce both messages; capture, log and sink agree", async () => {
    expect(process.getuid?.(), "the harness starts the daemon as root").toBe(0);
    const c = CASES.find((x) => x.name === "postfix-smoke");
    if (c === undefined) throw new Error("no postfix-smoke case");
    const r = await runCase(c, CASES.indexOf(c), () => undefined);
    expect(r.injections).toHaveLength(2);
    expect(r.real.bounces).toHaveLength(2);
    for (const dsn of r.real.dsns) {
      expect(dsn.from).toBe("");
      expect(dsn.text).toMatch(/^Action: failed$/m);
      expect(dsn.text).toMatch(/^Status: 4\.\d+\.\d+$/m);
      expect(dsn.text).toMatch(/^Final-Recipient: rfc822; ?rcpt@dest\.test$/m);
    }
    const refused = r.real.log.filter((l) => l.service === "smtp" && l.status === "deferred" && /Connection refused/.test(l.why));
    expect(refused.length).toBeGreaterThan(2);
    expect(r.real.connections).toHaveLength(refused.length);
    expect(r.sim.bounces).toHaveLength(2);
  }, 150_000);
});
