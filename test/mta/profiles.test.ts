/** Profiles: values checked against mta-semantics.md §2 and §7 (hop limits, retry laws, MX limits). */
import { describe, expect, it } from "vitest";
import { PROFILES, resolveProfile, scheduleOf } from "../../sim/mta";

describe("MTA profiles", () => {
  it("hop limits per mta-semantics.md §2 (sendmail 25, Postfix 50, qmail 100, Exim 30, RFC ≥ 100)", () => {
    expect(Object.fromEntries(Object.values(PROFILES).map((p) => [p.name, p.hopLimit]))).toEqual({ sendmail: 25, postfix: 50, qmail: 100, exim: 30, rfc5321: 100 });
    expect(PROFILES.qmail.hopFields).toContain("Delivered-To");
  });

  it("each profile names its own retry law, and the schedule resolves", () => {
    for (const p of Object.values(PROFILES)) {
      expect(p.retry.law).toBe(p.name);
      expect(scheduleOf(p.retry).next({ birth: 0, failures: [0] }).action).toBe("retry");
    }
  });

  it("qmail: one recipient per session, no next MX after a 4xx, its own bounce format", () => {
    expect(PROFILES.qmail).toMatchObject({ batchRecipients: false, maxRecipientsPerTransaction: 1, nextMxAfterTempFail: false, dsn: "qmail" });
    expect(PROFILES.sendmail.batchRecipients && PROFILES.postfix.batchRecipients).toBe(true);
  });

  it("Postfix: 5 addresses / 2 sessions, slow start 5 → 20, dead for 300 s", () => {
    expect(PROFILES.postfix.mx).toMatchObject({ maxAddresses: 5, maxSessions: 2, equalPreference: "shuffle" });
    expect(PROFILES.postfix.concurrency).toMatchObject({ kind: "postfix-feedback", initial: 5, limit: 20 });
    expect(PROFILES.postfix.hostStatus).toEqual({ kind: "dead-destination", suspend: 300 });
    expect(PROFILES.sendmail.mx.equalPreference).toBe("hash");
  });

  it("overrides replace single fields and merge the mx group", () => {
    const p = resolveProfile("postfix", { hopLimit: 10, mx: { maxAddresses: 2 }, retry: { law: "postfix", params: { maximalQueueLifetime: 86400 } } });
    expect(p.hopLimit).toBe(10);
    expect(p.mx).toMatchObject({ maxAddresses: 2, maxSessions: 2 });
    expect(scheduleOf(p.retry).next({ birth: 0, failures: [86400] }).action).toBe("give-up");
    expect(PROFILES.postfix.hopLimit).toBe(50);
  });
});
