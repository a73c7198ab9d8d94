/**
 * Retry laws: with every attempt failing, the attempt times must equal a timeline
 * computed here from the published formula, and the idealised timelines of
 * mta-semantics.md §1.7 (written out as literal numbers from that table).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { RandomStreams } from "../../sim/engine";
import { failingTimeline, isqrt, parseEximRules, retrySchedule, withJitter } from "../../sim/mta/retry";

const MIN = 60;
const H = 3600;
const D = 86400;

describe("postfix: age doubling on the 300 s scan grid", () => {
  it("matches clamp(age, 300, 4000) snapped to the scan grid, and gives up at the first failure past 5 d", () => {
    // Independent timeline from qmgr_active.c: delay = clamp(now - birth); next scan at/after now + delay.
    const expected: number[] = [0];
    let t = 0;
    while (t < 5 * D) {
      const delay = Math.min(Math.max(t, 300), 4000);
      t = Math.ceil((t + delay) / 300) * 300;
      expected.push(t);
    }
    const { attempts, giveUp } = failingTimeline(retrySchedule("postfix"));
    expect(attempts).toEqual(expected);
    expect(giveUp).toBe(expected[expected.length - 1]);
    expect(giveUp).toBeGreaterThanOrEqual(5 * D);
    expect(attempts[attempts.length - 2]).toBeLessThan(5 * D);
  });

  it("reproduces §1.7: 0, 5, 10, 20, 40, 80 min, then every 70 min; ≈107 attempts", () => {
    const { attempts } = failingTimeline(retrySchedule("postfix"));
    expect(attempts.slice(0, 6)).toEqual([0, 5, 10, 20, 40, 80].map((m) => m * MIN));
    for (let i = 7; i < attempts.length; i++) expect(attempts[i] - attempts[i - 1]).toBe(70 * MIN);
    expect(Math.abs(attempts.length - 107)).toBeLessThanOrEqual(1);
  });

  it("uses bounce_queue_lifetime for null-sender mail, clamped to maximal_queue_lifetime", () => {
    const s = retrySchedule("postfix", { bounceQueueLifetime: D, maximalQueueLifetime: 2 * D });
    expect(s.next({ birth: 0, failures: [D], nullSender: true }).action).toBe("give-up");
    expect(s.next({ birth: 0, failures: [D] }).action).toBe("retry");
    const clamped = retrySchedule("postfix", { bounceQueueLifetime: 9 * D, maximalQueueLifetime: D });
    expect(clamped.next({ birth: 0, failures: [D], nullSender: true }).action).toBe("give-up");
  });

  it("maximal_queue_lifetime 0 means try once", () => {
    expect(failingTimeline(retrySchedule("postfix", { maximalQueueLifetime: 0 })).attempts).toEqual([0]);
  });

  it("slow failures (30 s connect timeout) shift the age used for the backoff", () => {
    const { attempts } = failingTimeline(retrySchedule("postfix"), 0, 30);
    // failure at 30: age 30 -> 300 -> due 330 -> scan 600; failure 630: age 630 -> due 1260 -> 1500.
    expect(attempts.slice(0, 3)).toEqual([0, 600, 1500]);
  });

  it("delay warning is off by default and once at delay_warning_time when set", () => {
    expect(retrySchedule("postfix").warningDue(100, 0)).toBeNull();
    const s = retrySchedule("postfix", { delayWarningTime: 4 * H });
    expect(s.warningDue(100, 0)).toBe(100 + 4 * H);
    expect(s.warningDue(100, 1)).toBeNull();
  });

  it("property: every retry lands on the scan grid, at least minimal_backoff_time after the failure", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 * D }), fc.integer({ min: 0, max: 4 * D }), (birth, age) => {
        const d = retrySchedule("postfix").next({ birth, failures: [birth + age] });
        if (d.action !== "retry") return false;
        return d.at % 300 === 0 && d.at - (birth + age) >= 300 && d.at - (birth + age) < 4000 + 300;
      }),
    );
  });
});

describe("sendmail: every queue run (-q30m)", () => {
  it("tries at every 30-minute run and returns the message at the first run after 5 d", () => {
    const expected: number[] = [];
    for (let t = 0; t <= 5 * D + 1800; t += 1800) expected.push(t); // "curtime() > ctime + queuereturn"
    const { attempts, giveUp } = failingTimeline(retrySchedule("sendmail"));
    expect(attempts).toEqual(expected);
    expect(giveUp).toBe(5 * D + 1800);
    expect(attempts.length).toBe(242); // §1.7 says "≈240 if every run attempts"
  });

  it("the first try after arrival waits for the next run of the grid", () => {
    const { attempts } = failingTimeline(retrySchedule("sendmail"), 1000);
    expect(attempts.slice(0, 3)).toEqual([1000, 1800, 3600]);
  });

  it("MinQueueAge skips runs that come too soon after the last try", () => {
    const { attempts } = failingTimeline(retrySchedule("sendmail", { minQueueAge: 3000 }));
    expect(attempts.slice(0, 4)).toEqual([0, 3600, 7200, 10800]);
  });

  it("MaxQueueAge: interval = min(lastTry − created, MaxQueueAge), on the run grid", () => {
    const expected = [0];
    let t = 0;
    while (expected.length < 12) {
      const wait = Math.min(t, 4 * H);
      t = Math.max(Math.floor(t / 1800) * 1800 + 1800, Math.ceil((t + wait) / 1800) * 1800);
      expected.push(t);
    }
    expect(failingTimeline(retrySchedule("sendmail", { maxQueueAge: 4 * H })).attempts.slice(0, 12)).toEqual(expected);
  });

  it("queuewarn: one warning, due strictly after 4 h", () => {
    const s = retrySchedule("sendmail");
    expect(s.warningDue(0, 0)).toBeGreaterThan(4 * H);
    expect(s.warningDue(0, 0)).toBeLessThanOrEqual(4 * H + 1);
    expect(s.warningDue(0, 1)).toBeNull();
    expect(retrySchedule("sendmail", { queueWarn: 0 }).warningDue(0, 0)).toBeNull();
  });
});

describe("qmail: birth + (isqrt(age) + chanskip)²", () => {
  it("remote: attempt k at (20k)², 40 attempts, final try at 7d 01:00:00", () => {
    const expected: number[] = [];
    for (let k = 0; (20 * (k - 1)) ** 2 < 604800; k++) expected.push((20 * k) ** 2);
    const { attempts, giveUp } = failingTimeline(retrySchedule("qmail"));
    expect(attempts).toEqual(expected);
    expect(attempts.length).toBe(40);
    expect(giveUp).toBe(7 * D + H);
    expect(attempts.slice(0, 8)).toEqual([0, 400, 1600, 3600, 6400, 10000, 14400, 19600]); // §1.7: 0, 6m40, 26m40, 1h, 1h47, 2h47, 4h, 5h27
  });

  it("the try after queuelifetime is final", () => {
    const s = retrySchedule("qmail");
    const d = s.next({ birth: 0, failures: [760 ** 2] });
    expect(d).toMatchObject({ action: "retry", at: 780 ** 2, final: true });
    const e = s.next({ birth: 0, failures: [740 ** 2] });
    expect(e).toMatchObject({ action: "retry", at: 760 ** 2, final: false });
  });

  it("local channel (chanskip 10): 0, 100, 400, 900 s", () => {
    expect(failingTimeline(retrySchedule("qmail", { chanskip: 10 })).attempts.slice(0, 4)).toEqual([0, 100, 400, 900]);
  });

  it("uses the integer square root of the age at the failure (slow failures)", () => {
    // failure at 400 + 60 = 460: isqrt(460) = 21, + 20 = 41 -> 1681.
    expect(retrySchedule("qmail").next({ birth: 0, failures: [60, 460] })).toMatchObject({ at: 41 * 41 });
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e12 }), (x) => isqrt(x) ** 2 <= x && (isqrt(x) + 1) ** 2 > x));
  });

  it("sends no delay warnings", () => {
    expect(retrySchedule("qmail").warningDue(0, 0)).toBeNull();
  });
});

describe("exim: F,2h,15m; G,16h,1h,1.5; F,4d,6h from the first failure", () => {
  const ideal = retrySchedule("exim", { queueRunInterval: 0 });

  it("matches the rules applied by hand, and gives up at the first failure past 4 d", () => {
    const expected = [0];
    let t = 0;
    let gap = 0;
    for (;;) {
      if (t > 4 * D) break;
      if (t <= 2 * H) gap = 15 * MIN;
      else if (t <= 16 * H) gap = gap < H ? H : Math.floor(gap * 1.5);
      else gap = 6 * H;
      t += gap;
      expected.push(t);
    }
    const { attempts, giveUp } = failingTimeline(ideal);
    expect(attempts).toEqual(expected);
    expect(giveUp).toBe(expected[expected.length - 1]);
  });

  it("reproduces §1.7: 15 m × 9 to 2h15, then 3h15, 4h45, 7h00, 10h23, 15h26, 23h02, +6 h; 29 attempts, 4.21 d", () => {
    const { attempts, giveUp } = failingTimeline(ideal);
    for (let i = 0; i <= 9; i++) expect(attempts[i]).toBe(i * 15 * MIN);
    const hm = (h: number, m: number): number => h * H + m * MIN;
    const approx = [hm(3, 15), hm(4, 45), hm(7, 0), hm(10, 23), hm(15, 26), hm(23, 2)];
    approx.forEach((v, i) => expect(Math.abs(attempts[10 + i] - v)).toBeLessThan(MIN));
    for (let i = 17; i < attempts.length; i++) expect(attempts[i] - attempts[i - 1]).toBe(6 * H);
    expect(attempts.length).toBe(29);
    expect(giveUp / D).toBeCloseTo(4.21, 2);
  });

  it("with the -q30m runner the retry waits for the next queue run", () => {
    const { attempts } = failingTimeline(retrySchedule("exim"));
    expect(attempts.slice(0, 5)).toEqual([0, 1800, 3600, 5400, 7200]);
  });

  it("measures cutoffs from the host's first failure (hints), not the message's arrival", () => {
    // Host failing for 4 d already: this message's first failure times out at once.
    expect(ideal.next({ birth: 5 * D, failures: [5 * D], firstFailure: D - 1 }).action).toBe("give-up");
    // Host failing for 1 h: still the F,2h,15m rule. Failing for 1 d: already F,4d,6h.
    expect(ideal.next({ birth: 5 * D, failures: [5 * D], firstFailure: 5 * D - H })).toMatchObject({ action: "retry", at: 5 * D + 15 * MIN });
    expect(ideal.next({ birth: 5 * D, failures: [5 * D], firstFailure: 4 * D })).toMatchObject({ action: "retry", at: 5 * D + 6 * H });
  });

  it("caps every gap at retry_interval_max", () => {
    const s = retrySchedule("exim", { queueRunInterval: 0, rules: parseEximRules("F,10d,2d"), retryIntervalMax: D });
    expect(s.next({ birth: 0, failures: [0] })).toMatchObject({ at: D });
  });

  it("no rules: temporary errors are permanent", () => {
    expect(retrySchedule("exim", { rules: [] }).next({ birth: 0, failures: [0] }).action).toBe("give-up");
  });

  it("delay_warning 24h repeats every 24 h; 4h:8h:24h repeats every 16 h", () => {
    const s = retrySchedule("exim");
    expect([0, 1, 2].map((n) => s.warningDue(0, n))).toEqual([D, 2 * D, 3 * D]);
    const t = retrySchedule("exim", { delayWarning: [4 * H, 8 * H, 24 * H] });
    expect([0, 1, 2, 3, 4].map((n) => t.warningDue(0, n))).toEqual([4 * H, 8 * H, 24 * H, 40 * H, 56 * H]);
  });

  it("parses rule text and rejects malformed rules", () => {
    expect(parseEximRules("F,2h,15m; G,16h,1h,1.5")).toEqual([
      { kind: "F", cutoff: 2 * H, interval: 15 * MIN },
      { kind: "G", cutoff: 16 * H, interval: H, factor: 1.5 },
    ]);
    expect(() => parseEximRules("X,1h,2m")).toThrow();
    expect(() => parseEximRules("G,1h,2m")).toThrow();
  });
});

describe("rfc5321 and fixed", () => {
  it("rfc5321: every 30 min until the first failure at ≥ 5 d", () => {
    const { attempts, giveUp } = failingTimeline(retrySchedule("rfc5321"));
    expect(attempts).toEqual(Array.from({ length: 241 }, (_, i) => i * 1800));
    expect(giveUp).toBe(5 * D);
    expect(retrySchedule("rfc5321").warningDue(0, 0)).toBeNull();
  });

  it("fixed: Haraka's 2^(k+5) s table, 13 tries then give up", () => {
    const delays = Array.from({ length: 12 }, (_, k) => 2 ** (k + 1 + 5));
    const { attempts } = failingTimeline(retrySchedule("fixed", { delays, repeatLast: false, lifetime: 30 * D }));
    expect(attempts.length).toBe(13);
    expect(attempts.slice(0, 4)).toEqual([0, 64, 192, 448]); // §1.5: 0, 1m04, 3m12, 7m28
    expect(attempts[12] / D).toBeCloseTo(3.03, 1);
  });

  it("fixed: repeats the last delay until the lifetime", () => {
    const { attempts, giveUp } = failingTimeline(retrySchedule("fixed", { delays: [100, 1000], repeatLast: true, lifetime: 5000 }));
    expect(attempts).toEqual([0, 100, 1100, 2100, 3100, 4100, 5100]);
    expect(giveUp).toBe(5100);
  });
});

describe("jitter", () => {
  it("adds U(0, 60 s) from the stream, reproducibly, and leaves give-ups alone", () => {
    const base = retrySchedule("postfix");
    const a = withJitter(base, new RandomStreams(7).stream("mta/gw/retry-jitter"));
    const b = withJitter(base, new RandomStreams(7).stream("mta/gw/retry-jitter"));
    const offs: number[] = [];
    for (let i = 0; i < 200; i++) {
      const h = { birth: 0, failures: [i * 300] };
      const plain = base.next(h);
      const ja = a.next(h);
      const jb = b.next(h);
      if (plain.action !== "retry" || ja.action !== "retry" || jb.action !== "retry") throw new Error("expected retries");
      expect(ja.at).toBe(jb.at);
      offs.push(ja.at - plain.at);
    }
    expect(Math.min(...offs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...offs)).toBeLessThan(60);
    expect(Math.max(...offs) - Math.min(...offs)).toBeGreaterThan(30); // actually spread, not constant
    expect(a.next({ birth: 0, failures: [6 * D] }).action).toBe("give-up");
  });
});
