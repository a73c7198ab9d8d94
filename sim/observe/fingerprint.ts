/**
 * Fingerprints: one short hash of everything that happened in a run.
 *
 * As in OMNeT++, a fingerprint is a hash of the canonical event stream: every trace
 * event, serialised as JSON in the order it was emitted (keys in the order the model
 * wrote them, numbers in JavaScript's shortest round-trip form, which is the same in
 * every engine). Same scenario + seed must give the same fingerprint on every run,
 * in Node and in the browser; any change of behaviour changes it. Golden-fingerprint
 * tests pin the behaviour of bundled scenarios this way.
 *
 * The hash is two independent 32-bit FNV-1a-style lanes mixed with Math.imul
 * (64 bits in all): not cryptographic, just stable and fast.
 */
import type { TraceBus, TraceEvent } from "../engine";

export class Fingerprint {
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193 ^ 0x5bd1e995;
  private count = 0;

  /** Feed one string (an event's canonical form). */
  update(s: string): void {
    let h1 = this.h1, h2 = this.h2;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    // Separate events so that ["ab","c"] and ["a","bc"] differ.
    this.h1 = Math.imul(h1 ^ 0x1e, 0x01000193);
    this.h2 = Math.imul(h2 ^ 0x1e, 0x5bd1e995);
    this.count++;
  }

  get events(): number {
    return this.count;
  }

  /** 16 hex digits. */
  hex(): string {
    const a = Math.imul(this.h1 ^ (this.h1 >>> 16), 0x85ebca6b) >>> 0;
    const b = Math.imul(this.h2 ^ (this.h2 >>> 13), 0xc2b2ae35) >>> 0;
    return a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0");
  }
}

export function canonical(e: TraceEvent): string {
  return JSON.stringify(e);
}

/** Subscribe a fingerprint to a bus. */
export function fingerprintBus(bus: TraceBus): Fingerprint {
  const fp = new Fingerprint();
  bus.subscribe((e) => fp.update(canonical(e)));
  return fp;
}
