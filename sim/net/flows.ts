/**
 * Flows: bulk transfers sharing link bandwidth by max-min fairness, on the kernel.
 *
 * A transfer of S bytes over a route first pays the route's one-way latency,
 * consuming no bandwidth (SimGrid's CM02/raw model, sim-anchors.md §4.2), then
 * receives a max-min fair rate on every link direction it crosses until its bytes
 * are through. Rates are re-solved whenever a flow starts or ends or a capacity
 * changes; all changes at one instant are solved once, when the instant ends (Kernel.atEndOfInstant).
 *
 * Incremental re-solving. Progressive filling fixes flows in increasing order of
 * rate, and what happens below a level θ depends only on flows and constraints that
 * saturate below θ. So:
 *  - when flow f leaves, every flow whose rate is below f's rate keeps it exactly
 *    (f's constraints did not saturate below its rate, and nothing else changed);
 *  - when flows arrive, constraint c (n flows, load ℓ, capacity C, a arrivals) can
 *    not saturate below max((C−ℓ)/a, C/(n+a)), so flows below the smallest such
 *    bound over the arrivals' constraints keep their rates.
 * Only flows at or above θ are re-solved, against capacity minus what the flows
 * below θ use. A change of capacity re-solves everything (θ = −∞). Every
 * re-solve is checked against a from-scratch reference in test/net (1e-9).
 *
 * Bottleneck groups (bottleneck-groups.ts): the flows one saturated constraint
 * fixes share its level and finish in the order of their virtual finish, so a
 * level change moves one due time per group, not one timer per flow. Hot per-flow
 * state lives in typed arrays (flow-slots.ts), per-constraint state likewise
 * (constraints.ts).
 */
import type { Kernel, TimerId, TraceBus } from "../engine";
import { ACTIVE, DELIVERED, DONE, LATENCY, PENDING, type Flow, type TransferFailure, type TransferOutcome } from "./flow";
import { MaxMinSolver, type MaxMinProblem, type MaxMinSolution } from "./maxmin";
import { FlowSlots } from "./flow-slots";
import { LinkStats, type LinkStatsReading } from "./link-stats";
import { heapInsert, heapRemove } from "./group-heap";
import { BottleneckGroups } from "./bottleneck-groups";
import { Constraints } from "./constraints";
import type { Route } from "./routing";

export type { DirectionStats, LinkStatsReading } from "./link-stats";
export type { Flow, TransferFailure, TransferOutcome } from "./flow";

/** Relative slack on θ: re-solving a little more than needed is always correct. */
const THETA_SLACK = 1e-9;

export class FlowModel {
  /** Flows not yet finished, in id (= start) order. */
  readonly active = new Map<number, Flow>();
  private nextId = 1;
  private readonly solver = new MaxMinSolver();
  private readonly slots = new FlowSlots();
  private readonly stats = new LinkStats();
  private bySlot: (Flow | null)[] = [];

  /** The link directions and what crosses them. */
  private readonly cons = new Constraints();
  private epoch = 0;
  /** The bottleneck group of each constraint (bottleneck-groups.ts), and the one kernel timer for their earliest completion. */
  private readonly groups = new BottleneckGroups();
  private dueTimer: TimerId = -1;
  private dueArmed = Infinity;

  // Pending re-solve.
  private theta = Infinity;
  // Arrivals since the last solve, and a spare list; counts, not `length = 0`, so the lists keep their storage.
  private arrivals: (Flow | null)[] = [];
  private arrivalCount = 0;
  private spareArrivals: (Flow | null)[] = [];
  private scheduled = false;

  // Scratch.
  private upper: Int32Array = new Int32Array(64);
  private upperGroups: number[] = [];
  private pathStart: Int32Array = new Int32Array(64);
  private pathCons: Int32Array = new Int32Array(64);
  private outRate: Float64Array = new Float64Array(64);
  private outBott: Int32Array = new Int32Array(64);
  private held: Float64Array = new Float64Array(64);
  private readonly shareScratch = { buf: new Float64Array(64) };
  private readonly problem: MaxMinProblem = { nFlows: 0, pathStart: this.pathStart, pathCons: this.pathCons, capacity: this.cons.free, held: this.held };
  private readonly solution: MaxMinSolution = { rate: this.outRate, bottleneck: this.outBott };

  constructor(
    private readonly kernel: Kernel,
    private readonly bus: TraceBus,
  ) {}

  /** Register the two directions of a new link (constraint ids 2i, 2i+1). */
  addLink(bandwidth: number): void {
    const room = this.cons.room;
    const first = this.cons.addLink(bandwidth);
    if (this.cons.room !== room) this.groups.grow(first, this.cons.room);
    this.stats.grow(first + 2, this.kernel.now);
    this.groups.add(first);
    this.groups.add(first + 1);
  }

  /** Start a transfer along `route`; `done(outcome, arg)` is called from a kernel event. */
  start(src: string, dst: string, route: Route, bytes: number, done: (o: TransferOutcome, arg: unknown) => void, arg?: unknown): number {
    const f: Flow = { id: this.nextId++, src, dst, bytes, route, done, arg, slot: -1, phase: LATENCY, timer: -1, failure: null };
    this.active.set(f.id, f);
    if (this.bus.on) this.bus.emit({ t: this.kernel.now, type: "flow.start", host: src, flow: f.id, src, dst, bytes });
    if (bytes <= 0 || route.cons.length === 0) f.timer = this.kernel.schedule(route.latency, this.onUnshared, f);
    else f.timer = this.kernel.schedule(route.latency, this.onLatencyPaid, f);
    return f.id;
  }

  /** Fail a flow now (its callback runs in a zero-delay event). No-op if finished. */
  fail(id: number, reason: TransferFailure): void {
    const f = this.active.get(id);
    if (f === undefined || f.failure !== null) return;
    f.failure = reason;
    if (f.phase === LATENCY) this.kernel.cancel(f.timer);
    else if (f.phase === ACTIVE) this.detach(f);
    f.phase = DONE; // a PENDING flow is skipped by the next re-solve
    this.kernel.schedule(0, this.onFailed, f);
  }

  /** Current rate of a flow in bits/s (0 before its latency is paid or after it ends). */
  rateOf(id: number): number {
    const f = this.active.get(id);
    return f !== undefined && f.phase === ACTIVE ? this.slots.rate[f.slot] : 0;
  }

  /** Change a link's bandwidth (both directions); re-solves everything. */
  setLinkCapacity(link: number, bps: number): void {
    const { cap, free, load } = this.cons;
    for (let c = 2 * link; c < 2 * link + 2; c++) {
      this.touchStats(c);
      cap[c] = bps;
      free[c] = bps - load[c];
    }
    this.requestResolve(-Infinity);
  }

  /**
   * The rate a new flow over `cons` would get now: on each constraint the
   * water level over its flows' current rates (maxmin.ts, entryLevel), and the
   * smallest over the path. Flows below that level keep their rates when a
   * newcomer arrives (see above), so this is its exact max-min share.
   */
  share(cons: Int32Array): number {
    return this.cons.entryShare(cons, this.slots.rate, this.shareScratch);
  }

  /** Integrated statistics of one link up to now (link-stats.ts); reading them changes nothing. */
  linkStats(link: number): LinkStatsReading {
    return this.stats.reading(2 * link, this.kernel.now, this.cons.load, this.cons.cap);
  }

  /** Add every link's rectangle since its last change to its sums now (see Network.settleLinkStats). */
  settleStats(): void {
    for (let c = 0; c < this.cons.n; c++) this.touchStats(c);
  }

  // ---------------------------------------------------------------- lifecycle

  private readonly onUnshared = (f: Flow): void => this.finish(f, DELIVERED);

  private readonly onLatencyPaid = (f: Flow): void => {
    f.phase = PENDING;
    this.arrivals[this.arrivalCount++] = f;
    this.requestResolve(Infinity);
  };

  private readonly onFailed = (f: Flow): void => this.finish(f, { ok: false, reason: f.failure! });

  /** The earliest group's head has received all its bytes. */
  private readonly onDue = (): void => {
    this.dueTimer = -1;
    this.dueArmed = Infinity;
    const due = this.groups.due;
    if (!(due.topTime() <= this.kernel.now)) return this.arm(); // stale: nothing is due yet
    const g = due.topId();
    const f = this.bySlot[this.groups.heaps[g][0]]!;
    this.detach(f); // takes g off the due heap
    this.arm();
    this.finish(f, DELIVERED);
  };

  /** Keep the single kernel timer on the earliest due time. */
  private arm(): void {
    const t = this.groups.due.topTime();
    if (t === this.dueArmed) return;
    if (this.dueTimer >= 0) this.kernel.cancel(this.dueTimer);
    this.dueArmed = t;
    this.dueTimer = t < Infinity ? this.kernel.at(t, this.onDue) : -1;
  }

  private finish(f: Flow, o: TransferOutcome): void {
    this.active.delete(f.id);
    f.phase = DONE;
    if (this.bus.on) {
      const ev = { t: this.kernel.now, type: "flow.end" as const, host: f.src, flow: f.id, ok: o.ok };
      this.bus.emit(o.ok ? ev : { ...ev, reason: o.reason });
    }
    f.done(o, f.arg);
  }

  /** Enter an arriving flow into sharing (it joins no group until solved). */
  private attach(f: Flow): void {
    const sl = this.slots;
    const s = sl.alloc(f.id, f.route.cons);
    f.slot = s;
    f.phase = ACTIVE;
    this.bySlot[s] = f;
    const base = s * sl.stride;
    const members = this.cons.members;
    for (let k = 0; k < sl.plen[s]; k++) {
      const ms = members[sl.cons[base + k]];
      sl.mpos[base + k] = ms.length;
      ms.push(s);
    }
  }

  /** Take an ACTIVE flow out of sharing; the flows at or above its rate are re-solved. */
  private detach(f: Flow): void {
    const sl = this.slots;
    const s = f.slot;
    const g = sl.group[s];
    if (g >= 0) {
      const G = this.groups;
      heapRemove(G.heaps[g], s, sl);
      G.due.remove(g);
      if (G.heaps[g].length === 0) G.deactivate(g);
    }
    const base = s * sl.stride;
    const C = this.cons;
    for (let k = 0; k < sl.plen[s]; k++) {
      const c = sl.cons[base + k];
      C.removeMember(c, s, sl.mpos[base + k], sl);
      this.touchStats(c);
      C.load[c] = C.sumRates(c, sl.rate);
      C.free[c] = C.cap[c] - C.load[c];
    }
    this.requestResolve(sl.rate[s]);
    this.bySlot[s] = null;
    sl.release(s);
    f.slot = -1;
  }

  private requestResolve(theta: number): void {
    if (theta < this.theta) this.theta = theta;
    if (!this.scheduled) {
      this.scheduled = true;
      this.kernel.atEndOfInstant(this.resolve);
    }
  }

  // ---------------------------------------------------------------- re-solve

  private readonly resolve = (): void => {
    this.scheduled = false;
    let theta = this.theta;
    this.theta = Infinity;
    // Swap the arrivals list with a spare one (flows arriving during this solve go there).
    const arrivals = this.arrivals, nA = this.arrivalCount;
    this.arrivals = this.spareArrivals;
    this.arrivalCount = 0;
    this.spareArrivals = arrivals;
    const sl = this.slots;
    const C = this.cons;
    const stamp = C.stamp, load = C.load, cap = C.cap, free = C.free;

    // 1. Lower bound of the level at which arrivals can change anything.
    let ep = ++this.epoch;
    for (let i = 0; i < nA; i++) {
      const f = arrivals[i]!;
      if (f.phase === PENDING) C.countArrival(f.route.cons, ep);
    }
    for (let i = 0; i < nA; i++) {
      const f = arrivals[i]!;
      if (f.phase === PENDING) theta = C.arrivalBound(f.route.cons, theta);
    }

    // 2. The flows to re-solve: whole groups at or above θ, plus the arrivals.
    const thr = Number.isFinite(theta) ? theta - Math.abs(theta) * THETA_SLACK : theta;
    const upperGroups = this.upperGroups;
    let nUG = 0;
    let nU = 0;
    let upper = this.upper;
    const G = this.groups, now = this.kernel.now;
    for (const g of G.active) {
      if (G.level[g] < thr) continue;
      G.advance(g, now);
      upperGroups[nUG++] = g;
      const h = G.heaps[g];
      if (nU + h.length > upper.length) upper = this.upper = grown(upper, nU + h.length);
      for (let i = 0; i < h.length; i++) upper[nU++] = h[i];
    }
    for (let i = 0; i < nA; i++) {
      const f = arrivals[i]!;
      arrivals[i] = null;
      if (f.phase !== PENDING) continue;
      this.attach(f);
      if (nU + 1 > upper.length) upper = this.upper = grown(upper, nU + 1);
      upper[nU++] = f.slot;
    }
    if (nU === 0) {
      this.arm();
      return;
    }

    // 3. Their paths, and the rates they hold now: the solver gives those back to
    //    the free capacity (capacity − load) of each constraint they cross, which
    //    leaves exactly what the flows below θ do not use.
    const rate = sl.rate, group = sl.group, plen = sl.plen, scons = sl.cons, stride = sl.stride;
    if (this.pathStart.length < nU + 1) this.pathStart = new Int32Array(2 * (nU + 1));
    if (this.outRate.length < nU) {
      this.outRate = new Float64Array(2 * nU);
      this.outBott = new Int32Array(2 * nU);
      this.held = new Float64Array(2 * nU);
    }
    const ps = this.pathStart, held = this.held;
    let pc = this.pathCons;
    let j = 0;
    for (let i = 0; i < nU; i++) {
      const s = upper[i];
      const len = plen[s], base = s * stride;
      held[i] = rate[s];
      ps[i] = j;
      if (j + len > pc.length) pc = this.pathCons = grown(pc, j + len);
      for (let k = 0; k < len; k++) pc[j++] = scons[base + k];
    }
    ps[nU] = j;

    // 4. Solve.
    const outRate = this.outRate, outBott = this.outBott, solver = this.solver;
    // The problem and solution records are reused: a re-solve runs at every flow start and end.
    const problem = this.problem, solution = this.solution;
    problem.nFlows = nU;
    problem.pathStart = ps;
    problem.pathCons = pc;
    problem.capacity = free;
    problem.held = held;
    solution.rate = outRate;
    solution.bottleneck = outBott;
    solver.solve(problem, solution);
    for (let u = 0; u < solver.nUsed; u++) {
      const c = solver.usedAt(u);
      this.touchStats(c);
      const left = solver.leftover(c);
      free[c] = left;
      load[c] = cap[c] - left;
    }

    // 5. Apply: loads, group moves, levels, completion timers.
    const level = G.level, vclock = G.vclock, groups = G.heaps;
    ep = ++this.epoch;
    for (let i = 0; i < nU; i++) {
      const s = upper[i];
      const r = outRate[i];
      const b = outBott[i];
      rate[s] = r;
      const g = group[s];
      if (g !== b) {
        let remaining: number;
        if (g >= 0) {
          remaining = sl.vfin[s] - vclock[g];
          heapRemove(groups[g], s, sl);
        } else {
          remaining = this.bySlot[s]!.bytes;
        }
        if (!G.isActive(b)) G.activate(b, now);
        else if (stamp[b] !== ep) G.advance(b, now);
        group[s] = b;
        sl.vfin[s] = vclock[b] + remaining;
        heapInsert(groups[b], s, sl);
      }
      level[b] = r;
      if (stamp[b] !== ep) {
        stamp[b] = ep;
        upperGroups[nUG++] = b;
      }
    }
    const done = ++this.epoch;
    for (let k = 0; k < nUG; k++) {
      const g = upperGroups[k];
      if (stamp[g] === done) continue;
      stamp[g] = done;
      if (groups[g].length === 0) {
        if (G.isActive(g)) G.deactivate(g);
      } else {
        G.schedule(g, now, sl.vfin);
      }
    }
    this.arm();
  };

  // ---------------------------------------------------------------- scratch

  private touchStats(c: number): void {
    this.stats.touch(c, this.cons.load[c], this.cons.cap[c], this.kernel.now);
  }
}

/** `a` grown to room for twice `n` entries, its contents kept (scratch arrays of the re-solve). */
function grown(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(2 * n);
  b.set(a);
  return b;
}
