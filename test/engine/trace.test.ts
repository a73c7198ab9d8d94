import { describe, expect, it } from "vitest";
import { TraceBus, type TraceEvent } from "../../sim/engine";

const note = (t: number, text: string): TraceEvent => ({ t, type: "note", host: "h", text });

describe("trace bus", () => {
  it("is off until someone listens, and off again when the last one leaves", () => {
    const bus = new TraceBus();
    expect(bus.on).toBe(false);
    const a = bus.subscribe(() => undefined);
    const b = bus.subscribeTo(["note"], () => undefined);
    a();
    expect(bus.on).toBe(true);
    b();
    expect(bus.on).toBe(false);
  });

  it("gives catch-all listeners every event, then typed ones only their types, each in subscription order", () => {
    const bus = new TraceBus();
    const heard: string[] = [];
    bus.subscribeTo(["note"], (e) => heard.push(`typed1:${e.t}`));
    bus.subscribe((e) => heard.push(`all1:${e.t}`));
    bus.subscribeTo(["flow.start"], (e) => heard.push(`flows:${e.t}`));
    const stop = bus.subscribeTo(["note", "flow.end"], (e) => heard.push(`typed2:${e.t}`));
    bus.subscribe((e) => heard.push(`all2:${e.t}`));
    bus.emit(note(1, "x"));
    stop();
    bus.emit(note(2, "y"));
    expect(heard).toEqual(["all1:1", "all2:1", "typed1:1", "typed2:1", "all1:2", "all2:2", "typed1:2"]);
  });
});
