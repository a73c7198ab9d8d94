import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Kernel, RunawayError } from "../../sim/engine";

describe("kernel: ordering", () => {
  it("fires events in time order, equal times in scheduling order", () => {
    const k = new Kernel();
    const log: string[] = [];
    k.schedule(2, () => log.push("b@2"));
    k.schedule(1, () => log.push("a@1"));
    k.schedule(2, () => log.push("c@2"));
    k.at(1, () => log.push("d@1"));
    k.schedule(0, () => log.push("e@0"));
    k.run();
    expect(log).toEqual(["e@0", "a@1", "d@1", "b@2", "c@2"]);
    expect(k.now).toBe(2);
  });

  it("an event scheduled at the current time by a firing event runs after those already due then", () => {
    const k = new Kernel();
    const log: string[] = [];
    k.schedule(1, () => {
      log.push("first");
      k.schedule(0, () => log.push("spawned"));
    });
    k.schedule(1, () => log.push("second"));
    k.run();
    expect(log).toEqual(["first", "second", "spawned"]);
  });

  it("matches a stable sort by (time, insertion) for random schedules (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), (times) => {
        const k = new Kernel();
        const fired: number[] = [];
        times.forEach((t, i) => k.schedule(t, (j: number) => fired.push(j), i));
        k.run();
        const expected = times.map((t, i) => [t, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((p) => p[1]);
        expect(fired).toEqual(expected);
      }),
    );
  });

  it("passes the scheduled argument to the handler", () => {
    const k = new Kernel();
    const got: Array<{ id: number }> = [];
    const h = (m: { id: number }): void => void got.push(m);
    k.schedule(1, h, { id: 7 });
    k.schedule(0.5, h, { id: 3 });
    k.run();
    expect(got.map((m) => m.id)).toEqual([3, 7]);
  });

  it("rejects negative delays and times in the past", () => {
    const k = new Kernel();
    expect(() => k.schedule(-1, () => {})).toThrow(RangeError);
    k.schedule(5, () => {});
    k.run();
    expect(() => k.at(4, () => {})).toThrow(RangeError);
  });
});

describe("kernel: cancellation", () => {
  it("a cancelled event never fires; cancel reports whether it was pending", () => {
    const k = new Kernel();
    const log: number[] = [];
    const a = k.schedule(1, () => log.push(1));
    const b = k.schedule(2, () => log.push(2));
    expect(k.cancel(a)).toBe(true);
    expect(k.cancel(a)).toBe(false);
    expect(k.pending).toBe(1);
    k.run();
    expect(log).toEqual([2]);
    expect(k.cancel(b)).toBe(false); // already fired
  });

  it("a stale id cannot cancel a later event that reuses its slot", () => {
    const k = new Kernel();
    const log: string[] = [];
    const first = k.schedule(1, () => log.push("first"));
    k.run();
    k.schedule(1, () => log.push("second")); // reuses the freed slot
    expect(k.cancel(first)).toBe(false);
    k.run();
    expect(log).toEqual(["first", "second"]);
  });

  it("random schedule/cancel sequences fire exactly the uncancelled events, in order (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ t: fc.integer({ min: 0, max: 50 }), cancel: fc.boolean() }), { maxLength: 200 }),
        (ops) => {
          const k = new Kernel();
          const fired: number[] = [];
          const ids = ops.map((op, i) => k.schedule(op.t, (j: number) => fired.push(j), i));
          ops.forEach((op, i) => op.cancel && k.cancel(ids[i]));
          expect(k.pending).toBe(ops.filter((o) => !o.cancel).length);
          k.run();
          const expected = ops
            .map((o, i) => ({ ...o, i }))
            .filter((o) => !o.cancel)
            .sort((a, b) => a.t - b.t || a.i - b.i)
            .map((o) => o.i);
          expect(fired).toEqual(expected);
        },
      ),
    );
  });
});

describe("kernel: running", () => {
  it("run({until}) stops before later events and sets the clock to until; a later run resumes", () => {
    const k = new Kernel();
    const log: number[] = [];
    for (const t of [1, 2, 3, 4]) k.schedule(t, () => log.push(t));
    const r = k.run({ until: 2.5 });
    expect(log).toEqual([1, 2]);
    expect(k.now).toBe(2.5);
    expect(r).toEqual({ events: 2, reason: "until" });
    expect(k.run()).toEqual({ events: 2, reason: "empty" });
    expect(log).toEqual([1, 2, 3, 4]);
  });

  it("step() fires one event at a time and nextTime() peeks", () => {
    const k = new Kernel();
    k.schedule(3, () => {});
    const c = k.schedule(1, () => {});
    k.cancel(c);
    expect(k.nextTime()).toBe(3);
    expect(k.step()).toBe(true);
    expect(k.now).toBe(3);
    expect(k.step()).toBe(false);
    expect(k.nextTime()).toBe(Infinity);
  });

  it("the event-count guard stops a runaway loop with a clear message, and the kernel can resume", () => {
    const k = new Kernel();
    let n = 0;
    const loop = (): void => {
      n++;
      k.schedule(0, loop);
    };
    k.schedule(0, loop);
    expect(() => k.run({ maxEvents: 1000 })).toThrow(RunawayError);
    expect(n).toBe(1000);
    expect(() => k.run({ maxEvents: 10 })).toThrow(/maxEvents guard/);
    expect(n).toBe(1010);
  });

  it("the wall-time guard stops a zero-delay loop", () => {
    const k = new Kernel();
    const loop = (): void => void k.schedule(0, loop);
    k.schedule(0, loop);
    expect(() => k.run({ maxWallMs: 50 })).toThrow(/maxWallMs guard/);
  });

  it("stop() ends a run after the current event", () => {
    const k = new Kernel();
    const log: number[] = [];
    k.schedule(1, () => { log.push(1); k.stop(); });
    k.schedule(2, () => log.push(2));
    expect(k.run().reason).toBe("stopped");
    expect(log).toEqual([1]);
  });

  it("keeps order and content through heap growth (10,000 pending events)", () => {
    const k = new Kernel();
    const times: number[] = [];
    let x = 12345;
    for (let i = 0; i < 10_000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31; // a test-local LCG, independent of the engine's RNG
      const t = x / 2 ** 31;
      k.at(t, () => times.push(k.now));
    }
    k.run();
    expect(times.length).toBe(10_000);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]);
  });
});

describe("kernel: end of instant", () => {
  it("runs once after every event at the current time, before the clock moves", () => {
    const k = new Kernel();
    const log: string[] = [];
    let asked = false;
    const ask = (): void => {
      if (asked) return;
      asked = true;
      k.atEndOfInstant(() => {
        asked = false;
        log.push(`flush@${k.now}`);
      });
    };
    for (let i = 0; i < 3; i++) k.schedule(1, () => { log.push(`e${i}@1`); ask(); });
    k.schedule(2, () => log.push("e@2"));
    k.run();
    expect(log).toEqual(["e0@1", "e1@1", "e2@1", "flush@1", "e@2"]);
  });

  it("events a callback schedules at the current time fire before the clock moves, then callbacks run again", () => {
    const k = new Kernel();
    const log: string[] = [];
    k.schedule(1, () => {
      k.atEndOfInstant(() => {
        log.push("first flush");
        k.schedule(0, () => {
          log.push(`spawned@${k.now}`);
          k.atEndOfInstant(() => log.push("second flush"));
        });
      });
    });
    k.schedule(1.5, () => log.push("later"));
    k.run();
    expect(log).toEqual(["first flush", "spawned@1", "second flush", "later"]);
  });

  it("step() honours it too", () => {
    const k = new Kernel();
    const log: string[] = [];
    k.schedule(1, () => k.atEndOfInstant(() => log.push("flush")));
    k.schedule(1, () => log.push("same instant"));
    k.step();
    expect(log).toEqual([]);
    k.step();
    expect(log).toEqual(["same instant", "flush"]);
  });
});
