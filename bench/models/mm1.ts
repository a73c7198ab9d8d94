/**
 * M/M/1 queues built on the kernel's public API, and the same model on a minimal
 * typed-array heap (the floor the kernel is compared with).
 *
 * One customer = two events (arrival, departure). The waiting line is a ring buffer
 * of arrival times, so the time in system of each customer is measured exactly.
 */
import { Kernel, RandomStreams } from "../../sim/engine";

export interface Mm1Stats {
  customers: number;
  meanTimeInSystem: number;
  events: number;
}

/**
 * The waiting lines of many queues in one pool: a FIFO of arrival times per queue,
 * as linked lists threaded through shared typed arrays. Nodes are recycled LIFO, so
 * the memory a run touches stays small and hot; with 10,000 queues, one ring buffer
 * object per queue would scatter the lines over megabytes and measure cache misses
 * instead of the event queue.
 */
class Lines {
  private time = new Float64Array(1024);
  private next = new Int32Array(1024);
  private free = -1;
  private used = 0;
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  readonly length: Int32Array;

  constructor(queues: number) {
    this.head = new Int32Array(queues).fill(-1);
    this.tail = new Int32Array(queues).fill(-1);
    this.length = new Int32Array(queues);
  }

  push(q: number, t: number): void {
    let n = this.free;
    if (n >= 0) this.free = this.next[n];
    else {
      n = this.used++;
      if (n === this.time.length) {
        const time = new Float64Array(n * 2);
        time.set(this.time);
        this.time = time;
        const next = new Int32Array(n * 2);
        next.set(this.next);
        this.next = next;
      }
    }
    this.time[n] = t;
    this.next[n] = -1;
    if (this.tail[q] >= 0) this.next[this.tail[q]] = n;
    else this.head[q] = n;
    this.tail[q] = n;
    this.length[q]++;
  }

  shift(q: number): number {
    const n = this.head[q];
    const t = this.time[n];
    this.head[q] = this.next[n];
    if (this.head[q] < 0) this.tail[q] = -1;
    this.length[q]--;
    this.next[n] = this.free;
    this.free = n;
    return t;
  }
}

/**
 * `queues` independent M/M/1 queues (arrival rate lambda, service rate mu each) on one
 * kernel, until `customers` have departed in total.
 */
export function mm1OnKernel(queues: number, lambda: number, mu: number, customers: number, seed = 1): Mm1Stats {
  const k = new Kernel();
  const rnd = new RandomStreams(seed);
  const arrivals = rnd.stream("mm1/arrivals");
  const services = rnd.stream("mm1/services");
  const lines = new Lines(queues);
  const busy = new Uint8Array(queues);
  let done = 0;
  let sum = 0;

  const depart = (q: number): void => {
    sum += k.now - lines.shift(q);
    if (++done >= customers) {
      k.stop();
      return;
    }
    if (lines.length[q] > 0) k.schedule(services.exponential(mu), depart, q);
    else busy[q] = 0;
  };
  const arrive = (q: number): void => {
    lines.push(q, k.now);
    if (busy[q] === 0) {
      busy[q] = 1;
      k.schedule(services.exponential(mu), depart, q);
    }
    k.schedule(arrivals.exponential(lambda), arrive, q);
  };
  for (let q = 0; q < queues; q++) k.schedule(arrivals.exponential(lambda), arrive, q);
  const r = k.run();
  return { customers: done, meanTimeInSystem: sum / done, events: r.events };
}

/**
 * The floor: the same queues with a hand-inlined binary heap of (time, seq, code)
 * in typed arrays and a switch instead of handlers. No cancellation, no slots, no
 * guards: what a kernel could at best do for this model.
 */
export function mm1Floor(queues: number, lambda: number, mu: number, customers: number, seed = 1): Mm1Stats {
  const rnd = new RandomStreams(seed);
  const arrivals = rnd.stream("mm1/arrivals");
  const services = rnd.stream("mm1/services");
  let cap = 1024;
  let hT = new Float64Array(cap);
  let hS = new Float64Array(cap);
  let hC = new Int32Array(cap); // code = queue * 2 + (0 arrival | 1 departure)
  let n = 0;
  let seq = 0;
  const push = (t: number, c: number): void => {
    if (n === cap) {
      cap *= 2;
      const a = new Float64Array(cap); a.set(hT); hT = a;
      const b = new Float64Array(cap); b.set(hS); hS = b;
      const d = new Int32Array(cap); d.set(hC); hC = d;
    }
    const s = seq++;
    let i = n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (hT[p] < t || (hT[p] === t && hS[p] < s)) break;
      hT[i] = hT[p]; hS[i] = hS[p]; hC[i] = hC[p];
      i = p;
    }
    hT[i] = t; hS[i] = s; hC[i] = c;
  };
  const lines = new Lines(queues);
  const busy = new Uint8Array(queues);
  for (let q = 0; q < queues; q++) push(arrivals.exponential(lambda), q * 2);
  let done = 0;
  let sum = 0;
  let events = 0;
  while (n > 0 && done < customers) {
    const now = hT[0];
    const code = hC[0];
    // pop
    const last = --n;
    if (last > 0) {
      const t = hT[last], s = hS[last], c = hC[last];
      let i = 0;
      for (;;) {
        let ch = 2 * i + 1;
        if (ch >= n) break;
        if (ch + 1 < n && (hT[ch + 1] < hT[ch] || (hT[ch + 1] === hT[ch] && hS[ch + 1] < hS[ch]))) ch++;
        if (t < hT[ch] || (t === hT[ch] && s < hS[ch])) break;
        hT[i] = hT[ch]; hS[i] = hS[ch]; hC[i] = hC[ch];
        i = ch;
      }
      hT[i] = t; hS[i] = s; hC[i] = c;
    }
    events++;
    const q = code >> 1;
    if ((code & 1) === 0) {
      lines.push(q, now);
      if (busy[q] === 0) {
        busy[q] = 1;
        push(now + services.exponential(mu), q * 2 + 1);
      }
      push(now + arrivals.exponential(lambda), q * 2);
    } else {
      sum += now - lines.shift(q);
      done++;
      if (lines.length[q] > 0) push(now + services.exponential(mu), q * 2 + 1);
      else busy[q] = 0;
    }
  }
  return { customers: done, meanTimeInSystem: sum / done, events };
}
