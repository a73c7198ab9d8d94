/**
 * Fingerprints: one short hash of everything that happened in a run.
 *
 * As in OMNeT++, a fingerprint is a hash of the canonical event stream: every trace
 * event, in the order it was emitted, each field in the order the model wrote it.
 * Same scenario + seed must give the same fingerprint on every run, in Node and in
 * the browser; any change of behaviour changes it. Golden-fingerprint tests pin the
 * behaviour of bundled scenarios this way.
 *
 * The event is hashed where it stands, without serialising it: a field's name, then
 * its value by type — a string by its UTF-16 code units, a number by the 64 bits of
 * its IEEE 754 double (little-endian, whatever the machine), booleans, null, arrays
 * and objects recursively, each with its own tag so that "1" and 1, [] and {} differ.
 * That gives the same fingerprint everywhere for the same events, for a fraction of
 * the cost of JSON.stringify and no garbage (a day at an ISP emits thirty million
 * events, and every one is hashed).
 *
 * The hash is two independent 32-bit multiplicative lanes (FNV-1a and a
 * Murmur-style mixer), 64 bits in all: not cryptographic, just stable and fast.
 * String values enter the lanes two code units per step. Field names (the same
 * few dozen, over and over) enter as one word each, their own 32-bit FNV-1a,
 * remembered in a bounded table; the table only saves work, so the fingerprint
 * does not depend on it. (Short values are not remembered: a day at an ISP has
 * millions of distinct ids and addresses, and the table would thrash.)
 */
import type { TraceBus, TraceEvent } from "../engine";

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
/** Word order of a double in memory: [low, high] on little-endian machines. */
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HIGH = 1 - LOW;

// Type tags, fed before each value.
const T_STRING = 0x73, T_NUMBER = 0x6e, T_TRUE = 0x74, T_FALSE = 0x66, T_NULL = 0x7a, T_ARRAY = 0x5b, T_OBJECT = 0x7b, T_END = 0x7d, T_EVENT = 0x1e;

/** Field names, hashed once and remembered (see the file comment); bounded in case a model invents names. */
const NAME_MEMO = 1 << 12;
const nameWords = new Map<string, number>();

export class Fingerprint {
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193 ^ 0x5bd1e995;
  private count = 0;

  private word(w: number): void {
    this.h1 = Math.imul(this.h1 ^ w, 0x01000193);
    const h = Math.imul(this.h2 ^ w, 0x5bd1e995);
    this.h2 = h ^ (h >>> 15);
  }

  /** A string value: its code units, two per step, then its length. */
  private string(s: string): void {
    let h1 = this.h1, h2 = this.h2;
    const n = s.length;
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const c = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      const h = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 = h ^ (h >>> 15);
    }
    if (i < n) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      const h = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 = h ^ (h >>> 15);
    }
    this.h1 = h1;
    this.h2 = h2;
    this.word(n);
  }

  /** A field name: one word for its content (remembered: events use a few dozen names), one for its length. */
  private name(s: string): void {
    let w = nameWords.get(s);
    if (w === undefined) {
      w = 0x811c9dc5;
      for (let i = 0; i < s.length; i++) w = Math.imul(w ^ s.charCodeAt(i), 0x01000193);
      if (nameWords.size >= NAME_MEMO) nameWords.clear();
      nameWords.set(s, w);
    }
    this.word(w);
    this.word(s.length);
  }

  private value(v: unknown): void {
    switch (typeof v) {
      case "string":
        this.word(T_STRING);
        this.string(v);
        return;
      case "number":
        this.word(T_NUMBER);
        f64[0] = v;
        this.word(u32[LOW]);
        this.word(u32[HIGH]);
        return;
      case "boolean":
        this.word(v ? T_TRUE : T_FALSE);
        return;
      case "object":
        if (v === null) this.word(T_NULL);
        else if (Array.isArray(v)) {
          this.word(T_ARRAY);
          for (let i = 0; i < v.length; i++) this.value(v[i]);
          this.word(T_END);
        } else {
          this.word(T_OBJECT);
          this.fields(v as Record<string, unknown>);
          this.word(T_END);
        }
        return;
      default:
        // undefined (an optional field left out) hashes as nothing, as JSON would drop it.
        return;
    }
  }

  private fields(o: Record<string, unknown>): void {
    for (const k in o) {
      const v = o[k];
      if (v === undefined) continue;
      this.name(k);
      this.value(v);
    }
  }

  /** Feed one event. */
  event(e: TraceEvent): void {
    this.fields(e as unknown as Record<string, unknown>);
    this.word(T_EVENT);
    this.count++;
  }

  /** Feed one string as an event of its own (tests, external streams). */
  update(s: string): void {
    this.string(s);
    this.word(T_EVENT);
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

/** Subscribe a fingerprint to a bus. */
export function fingerprintBus(bus: TraceBus): Fingerprint {
  const fp = new Fingerprint();
  bus.subscribe((e) => fp.event(e));
  return fp;
}
