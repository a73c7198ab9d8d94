/**
 * A conservation ledger: every item that enters must end in a named exit or be
 * held somewhere named. Nothing may be silently lost.
 *
 * The engine knows no mail, so the ledger speaks of *items*, *exits* and *places*;
 * the MTA layer enters messages and settles them as delivered, bounced, discarded
 * or rejected, or holds them "queued at gateway". At the end of a run
 * {@link Ledger.balance} counts each fate; `lost` (entered but neither settled nor
 * held) must be zero, and tests check that it is.
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

export class Ledger {
  /** item id -> "exit:<name>" | "held:<place>" | "" (in transit). */
  private readonly state = new Map<string, string>();
  private entered = 0;

  enter(id: string): void {
    if (this.state.has(id)) throw new Error(`ledger: item ${id} entered twice`);
    this.state.set(id, "");
    this.entered++;
  }

  /** The item left the system through `exit` (final). */
  settle(id: string, exit: string): void {
    const s = this.state.get(id);
    if (s === undefined) throw new Error(`ledger: item ${id} settled as ${exit} but never entered`);
    if (s.startsWith("exit:")) throw new Error(`ledger: item ${id} settled twice (${s.slice(5)}, then ${exit})`);
    this.state.set(id, `exit:${exit}`);
  }

  /** The item is now held at `place` (e.g. a queue); replaces any earlier place. */
  hold(id: string, place: string): void {
    const s = this.state.get(id);
    if (s === undefined) throw new Error(`ledger: item ${id} held at ${place} but never entered`);
    if (s.startsWith("exit:")) throw new Error(`ledger: item ${id} held at ${place} after it left (${s.slice(5)})`);
    this.state.set(id, `held:${place}`);
  }

  /** The item is in transit again (e.g. being sent); it must be held or settled before the end. */
  release(id: string): void {
    const s = this.state.get(id);
    if (s !== undefined && s.startsWith("held:")) this.state.set(id, "");
  }

  fate(id: string): string | undefined {
    return this.state.get(id);
  }

  balance(): Balance {
    const settled: Record<string, number> = {};
    const held: Record<string, number> = {};
    const lostIds: string[] = [];
    let lost = 0;
    for (const [id, s] of this.state) {
      if (s.startsWith("exit:")) {
        const k = s.slice(5);
        settled[k] = (settled[k] ?? 0) + 1;
      } else if (s.startsWith("held:")) {
        const k = s.slice(5);
        held[k] = (held[k] ?? 0) + 1;
      } else {
        lost++;
        if (lostIds.length < 20) lostIds.push(id);
      }
    }
    return { entered: this.entered, settled, held, lost, lostIds };
  }
}
