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

import { NumberColumn, StringColumn, StringIndex } from "./columns";

/** State codes: 0 = in transit; 2k+1 = held at places[k]; 2k+2 = left by exits[k]. */
const IN_TRANSIT = 0;

/** An interned place (see {@link Ledger.place}): holding an item there needs no string work. */
export type Place = number & { readonly __place: unique symbol };

const NONE = -1;
/** A group with this many members gets an index from member to item. */
const INDEX_FROM = 16;

/**
 * Items are named by a group and a member — a message id and one of its
 * recipients — rather than by one joined string: the MTA moves the same item from
 * queue to queue at every hop, and a lookup by two strings it already holds makes
 * no new string.
 *
 * Storage is columns indexed by item number, in order of entry (columns.ts: pages
 * that never move, numbers in typed arrays), with each group's items chained
 * through `next` and the first item of each group found through a string index.
 * A million messages cost the collector almost nothing.
 */
export class Ledger {
  /** Per item: its group, its member, its state code, the next item of its group. */
  private readonly groupOf = new StringColumn();
  private readonly memberOf = new StringColumn();
  private readonly code = new NumberColumn();
  private readonly next = new NumberColumn();
  /** Group → its first item. */
  private readonly first = new StringIndex((item) => this.groupOf.get(item));
  /** Groups large enough to be indexed (a list's thousands of recipients): member → item, and the last item. */
  private readonly big = new Map<string, { readonly index: Map<string, number>; tail: number }>();
  private readonly places: string[] = [];
  private readonly placeCode = new Map<string, number>();
  private readonly exits: string[] = [];
  private readonly exitCode = new Map<string, number>();

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

  /** The item number of `member` of `group`, or NONE. */
  private find(group: string, member: string): number {
    const head = this.first.get(group);
    if (head === NONE) return NONE;
    const big = this.big.get(group);
    if (big !== undefined) return big.index.get(member) ?? NONE;
    for (let i = head; i !== NONE; i = this.next.get(i)) if (this.memberOf.get(i) === member) return i;
    return NONE;
  }

  /** A new item, in transit: `member` of `group` (a recipient of a message), or a lone item when member is "". */
  enter(group: string, member = ""): void {
    const head = this.first.get(group);
    if (head !== NONE && this.find(group, member) !== NONE) throw new Error(`ledger: item ${itemName(group, member)} entered twice`);
    const item = this.groupOf.push(group);
    this.memberOf.push(member);
    this.code.push(IN_TRANSIT);
    this.next.push(NONE);
    if (head === NONE) {
      this.first.add(group, item);
      return;
    }
    const big = this.big.get(group);
    if (big !== undefined) {
      this.next.set(big.tail, item);
      big.tail = item;
      big.index.set(member, item);
      return;
    }
    let last = head, size = 2;
    for (; this.next.get(last) !== NONE; size++) last = this.next.get(last);
    this.next.set(last, item);
    if (size === INDEX_FROM) {
      const index = new Map<string, number>();
      for (let i = head; i !== NONE; i = this.next.get(i)) index.set(this.memberOf.get(i), i);
      this.big.set(group, { index, tail: item });
    }
  }

  /** The item left the system through `exit` (final). */
  settle(group: string, member: string, exit: string): void {
    const i = this.find(group, member);
    if (i === NONE) throw new Error(`ledger: item ${itemName(group, member)} settled as ${exit} but never entered`);
    const s = this.code.get(i);
    if (s !== IN_TRANSIT && s % 2 === 0) throw new Error(`ledger: item ${itemName(group, member)} settled twice (${this.describe(s)}, then ${exit})`);
    this.code.set(i, this.exit(exit));
  }

  /** The item is now held at `place` (e.g. a queue); replaces any earlier place. */
  hold(group: string, member: string, place: Place | string): void {
    const code = typeof place === "string" ? this.place(place) : place;
    const i = this.find(group, member);
    if (i === NONE) throw new Error(`ledger: item ${itemName(group, member)} held at ${this.places[(code - 1) / 2]} but never entered`);
    const s = this.code.get(i);
    if (s !== IN_TRANSIT && s % 2 === 0) throw new Error(`ledger: item ${itemName(group, member)} held at ${this.places[(code - 1) / 2]} after it ${this.describe(s)}`);
    this.code.set(i, code);
  }

  /** The item is in transit again (e.g. being sent); it must be held or settled before the end. */
  release(group: string, member = ""): void {
    const i = this.find(group, member);
    if (i !== NONE && this.code.get(i) % 2 === 1) this.code.set(i, IN_TRANSIT);
  }

  /** "exit:<name>", "held:<place>", "" (in transit), or undefined (never entered). */
  fate(group: string, member = ""): string | undefined {
    const i = this.find(group, member);
    return i === NONE ? undefined : this.fateOf(this.code.get(i));
  }

  /** Every item with its fate (as {@link fate} gives it), in order of entry: for per-message reports. */
  *items(): IterableIterator<[group: string, member: string, fate: string]> {
    for (let i = 0; i < this.code.length; i++) yield [this.groupOf.get(i), this.memberOf.get(i), this.fateOf(this.code.get(i))];
  }

  balance(): Balance {
    const settled: Record<string, number> = {};
    const held: Record<string, number> = {};
    const lostIds: string[] = [];
    let lost = 0;
    for (let i = 0; i < this.code.length; i++) {
      const s = this.code.get(i);
      if (s === IN_TRANSIT) {
        lost++;
        if (lostIds.length < 20) lostIds.push(itemName(this.groupOf.get(i), this.memberOf.get(i)));
      } else if (s % 2 === 1) {
        const k = this.places[(s - 1) / 2];
        held[k] = (held[k] ?? 0) + 1;
      } else {
        const k = this.exits[(s - 2) / 2];
        settled[k] = (settled[k] ?? 0) + 1;
      }
    }
    return { entered: this.code.length, settled, held, lost, lostIds };
  }
}

/** How an item is named in messages and reports: "m42 bob@example.jp". */
export const itemName = (group: string, member: string): string => (member === "" ? group : `${group} ${member}`);
