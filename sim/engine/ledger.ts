/**
 * A conservation ledger: every item that enters must end in a named exit or be
 * held somewhere named. Nothing may be silently lost.
 *
 * The engine knows no mail, so the ledger speaks of *items*, *exits* and *places*;
 * the MTA layer enters messages and settles them as delivered, bounced, discarded
 * or rejected, or holds them "queued@gateway". At the end of a run
 * {@link Ledger.balance} counts each fate; `lost` (entered but neither settled nor
 * held) must be zero, and tests check that it is.
 *
 * Exits and places are interned: an item's state is a small integer, so moving a
 * million messages from queue to queue allocates nothing.
 */
export interface Balance {
  entered: number;
  /** Count per exit (e.g. delivered, bounced). */
  settled: Record<string, number>;
  /** Count per place where items are still held (e.g. "queued@gateway"). */
  held: Record<string, number>;
  /** Entered but neither settled nor held: must be 0. */
  lost: number;
  /** Ids of lost items (first 20), to say which. */
  lostIds: string[];
}

/** State codes: 0 = in transit; 2k+1 = held at places[k]; 2k+2 = left by exits[k]. */
const IN_TRANSIT = 0;

export class Ledger {
  private readonly state = new Map<string, number>();
  private readonly places: string[] = [];
  private readonly placeCode = new Map<string, number>();
  private readonly exits: string[] = [];
  private readonly exitCode = new Map<string, number>();
  private entered = 0;

  private held(place: string): number {
    let c = this.placeCode.get(place);
    if (c === undefined) {
      c = 2 * this.places.length + 1;
      this.places.push(place);
      this.placeCode.set(place, c);
    }
    return c;
  }

  private exit(name: string): number {
    let c = this.exitCode.get(name);
    if (c === undefined) {
      c = 2 * this.exits.length + 2;
      this.exits.push(name);
      this.exitCode.set(name, c);
    }
    return c;
  }

  private describe(code: number): string {
    if (code === IN_TRANSIT) return "in transit";
    return code % 2 === 1 ? `held at ${this.places[(code - 1) / 2]}` : `left as ${this.exits[(code - 2) / 2]}`;
  }

  enter(id: string): void {
    if (this.state.has(id)) throw new Error(`ledger: item ${id} entered twice`);
    this.state.set(id, IN_TRANSIT);
    this.entered++;
  }

  /** The item left the system through `exit` (final). */
  settle(id: string, exit: string): void {
    const s = this.state.get(id);
    if (s === undefined) throw new Error(`ledger: item ${id} settled as ${exit} but never entered`);
    if (s !== IN_TRANSIT && s % 2 === 0) throw new Error(`ledger: item ${id} settled twice (${this.describe(s)}, then ${exit})`);
    this.state.set(id, this.exit(exit));
  }

  /** The item is now held at `place` (e.g. a queue); replaces any earlier place. */
  hold(id: string, place: string): void {
    const s = this.state.get(id);
    if (s === undefined) throw new Error(`ledger: item ${id} held at ${place} but never entered`);
    if (s !== IN_TRANSIT && s % 2 === 0) throw new Error(`ledger: item ${id} held at ${place} after it ${this.describe(s)}`);
    this.state.set(id, this.held(place));
  }

  /** The item is in transit again (e.g. being sent); it must be held or settled before the end. */
  release(id: string): void {
    const s = this.state.get(id);
    if (s !== undefined && s % 2 === 1) this.state.set(id, IN_TRANSIT);
  }

  /** "exit:<name>", "held:<place>", "" (in transit), or undefined (never entered). */
  fate(id: string): string | undefined {
    const s = this.state.get(id);
    if (s === undefined) return undefined;
    if (s === IN_TRANSIT) return "";
    return s % 2 === 1 ? `held:${this.places[(s - 1) / 2]}` : `exit:${this.exits[(s - 2) / 2]}`;
  }

  /** Every item with its fate (as {@link fate} gives it), in order of entry: for per-message reports. */
  *items(): IterableIterator<[id: string, fate: string]> {
    for (const [id, s] of this.state) yield [id, s === IN_TRANSIT ? "" : s % 2 === 1 ? `held:${this.places[(s - 1) / 2]}` : `exit:${this.exits[(s - 2) / 2]}`];
  }

  balance(): Balance {
    const settled: Record<string, number> = {};
    const held: Record<string, number> = {};
    const lostIds: string[] = [];
    let lost = 0;
    for (const [id, s] of this.state) {
      if (s === IN_TRANSIT) {
        lost++;
        if (lostIds.length < 20) lostIds.push(id);
      } else if (s % 2 === 1) {
        const k = this.places[(s - 1) / 2];
        held[k] = (held[k] ?? 0) + 1;
      } else {
        const k = this.exits[(s - 2) / 2];
        settled[k] = (settled[k] ?? 0) + 1;
      }
    }
    return { entered: this.entered, settled, held, lost, lostIds };
  }
}
