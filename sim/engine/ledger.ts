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

/** An interned place (see {@link Ledger.place}): holding an item there needs no string work. */
export type Place = number & { readonly __place: unique symbol };

/**
 * The items of one group (a message's recipients), in order of entry. Groups are
 * small (most mail has one recipient), so members are found by a scan; a list's
 * thousands of recipients get an index.
 */
interface Group {
  readonly members: string[];
  readonly codes: number[];
  index: Map<string, number> | undefined;
}

const INDEX_FROM = 16;

/**
 * Items are named by a group and a member — a message id and one of its
 * recipients — rather than by one joined string: the MTA moves the same item from
 * queue to queue at every hop, and a lookup by two strings it already holds hashes
 * nothing new.
 */
export class Ledger {
  private readonly groups = new Map<string, Group>();
  private readonly places: string[] = [];
  private readonly placeCode = new Map<string, number>();
  private readonly exits: string[] = [];
  private readonly exitCode = new Map<string, number>();
  private entered = 0;

  /** The handle of a place, for {@link hold}: intern once ("queued@gateway"), hold many times. */
  place(name: string): Place {
    let c = this.placeCode.get(name);
    if (c === undefined) {
      c = 2 * this.places.length + 1;
      this.places.push(name);
      this.placeCode.set(name, c);
    }
    return c as Place;
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

  private fateOf(code: number): string {
    if (code === IN_TRANSIT) return "";
    return code % 2 === 1 ? `held:${this.places[(code - 1) / 2]}` : `exit:${this.exits[(code - 2) / 2]}`;
  }

  /** Where `member` of `group` is in the group's arrays, or -1. */
  private find(g: Group | undefined, member: string): number {
    if (g === undefined) return -1;
    if (g.index !== undefined) return g.index.get(member) ?? -1;
    const ms = g.members;
    for (let i = 0; i < ms.length; i++) if (ms[i] === member) return i;
    return -1;
  }

  /** A new item, in transit: `member` of `group` (a recipient of a message), or a lone item when member is "". */
  enter(group: string, member = ""): void {
    this.entered++;
    const g = this.groups.get(group);
    if (g === undefined) {
      this.groups.set(group, { members: [member], codes: [IN_TRANSIT], index: undefined });
      return;
    }
    if (this.find(g, member) >= 0) throw new Error(`ledger: item ${itemName(group, member)} entered twice`);
    const i = g.members.push(member) - 1;
    g.codes.push(IN_TRANSIT);
    if (g.index !== undefined) g.index.set(member, i);
    else if (i + 1 === INDEX_FROM) g.index = new Map(g.members.map((m, j) => [m, j]));
  }

  /** The item left the system through `exit` (final). */
  settle(group: string, member: string, exit: string): void {
    const g = this.groups.get(group);
    const i = this.find(g, member);
    if (g === undefined || i < 0) throw new Error(`ledger: item ${itemName(group, member)} settled as ${exit} but never entered`);
    const s = g.codes[i];
    if (s !== IN_TRANSIT && s % 2 === 0) throw new Error(`ledger: item ${itemName(group, member)} settled twice (${this.describe(s)}, then ${exit})`);
    g.codes[i] = this.exit(exit);
  }

  /** The item is now held at `place` (e.g. a queue); replaces any earlier place. */
  hold(group: string, member: string, place: Place | string): void {
    const code = typeof place === "string" ? this.place(place) : place;
    const g = this.groups.get(group);
    const i = this.find(g, member);
    if (g === undefined || i < 0) throw new Error(`ledger: item ${itemName(group, member)} held at ${this.places[(code - 1) / 2]} but never entered`);
    const s = g.codes[i];
    if (s !== IN_TRANSIT && s % 2 === 0) throw new Error(`ledger: item ${itemName(group, member)} held at ${this.places[(code - 1) / 2]} after it ${this.describe(s)}`);
    g.codes[i] = code;
  }

  /** The item is in transit again (e.g. being sent); it must be held or settled before the end. */
  release(group: string, member = ""): void {
    const g = this.groups.get(group);
    const i = this.find(g, member);
    if (g !== undefined && i >= 0 && g.codes[i] % 2 === 1) g.codes[i] = IN_TRANSIT;
  }

  /** "exit:<name>", "held:<place>", "" (in transit), or undefined (never entered). */
  fate(group: string, member = ""): string | undefined {
    const g = this.groups.get(group);
    const i = this.find(g, member);
    return g === undefined || i < 0 ? undefined : this.fateOf(g.codes[i]);
  }

  /** Every item with its fate (as {@link fate} gives it), by group in order of entry: for per-message reports. */
  *items(): IterableIterator<[group: string, member: string, fate: string]> {
    for (const [group, g] of this.groups) for (let i = 0; i < g.members.length; i++) yield [group, g.members[i], this.fateOf(g.codes[i])];
  }

  balance(): Balance {
    const settled: Record<string, number> = {};
    const held: Record<string, number> = {};
    const lostIds: string[] = [];
    let lost = 0;
    for (const [group, g] of this.groups) {
      for (let i = 0; i < g.codes.length; i++) {
        const s = g.codes[i];
        if (s === IN_TRANSIT) {
          lost++;
          if (lostIds.length < 20) lostIds.push(itemName(group, g.members[i]));
        } else if (s % 2 === 1) {
          const k = this.places[(s - 1) / 2];
          held[k] = (held[k] ?? 0) + 1;
        } else {
          const k = this.exits[(s - 2) / 2];
          settled[k] = (settled[k] ?? 0) + 1;
        }
      }
    }
    return { entered: this.entered, settled, held, lost, lostIds };
  }
}

/** How an item is named in messages and reports: "m42 bob@example.jp". */
export const itemName = (group: string, member: string): string => (member === "" ? group : `${group} ${member}`);
