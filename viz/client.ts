/**
 * The page's handle on one simulation worker: send requests, get batches.
 *
 * Requests that move time (load, advance, step, seek) are answered by one batch
 * each; the client keeps at most one in flight (`busy`), so a slow slice never piles
 * up work and the page never blocks. Queries (fingerprint, inspect) resolve promises.
 */
import type { Batch, FromWorker, LoadRequest, Loaded, MessageCopy, ProblemInfo, ToWorker } from "./protocol";
import type { MessageTrace } from "./model/message-trace";
import type { Boot } from "./boot";
import type { InspectedMessage, Summary } from "../sim/index";

export interface ClientEvents {
  loaded(info: Loaded): void;
  batch(b: Batch): void;
  invalid(problems: ProblemInfo[]): void;
  failed(error: string): void;
}

export class SimClient {
  private readonly worker: Worker;
  busy = false;
  private waiting: ((m: FromWorker) => boolean)[] = [];

  /**
   * A new worker, or the one boot.ts started (with a load already in flight): its
   * messages so far are replayed once the caller's module has finished running.
   */
  constructor(private readonly on: ClientEvents, boot?: Boot) {
    this.worker = boot?.worker ?? new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
    this.worker.onmessage = (ev: MessageEvent<FromWorker>) => this.receive(ev.data);
    this.worker.onerror = (ev) => this.on.failed(ev.message);
    if (boot) {
      this.busy = true;
      const early = boot.early.splice(0);
      queueMicrotask(() => { for (const m of early) this.receive(m); });
    }
  }

  private receive(m: FromWorker): void {
    const i = this.waiting.findIndex((w) => w(m));
    if (i >= 0) this.waiting.splice(i, 1);
    switch (m.kind) {
      case "loaded": return this.on.loaded(m);
      case "batch": this.busy = false; return this.on.batch(m);
      case "invalid": this.busy = false; return this.on.invalid(m.problems);
      case "failed": this.busy = false; return this.on.failed(m.error);
      default: return;
    }
  }

  private send(m: ToWorker): void {
    this.worker.postMessage(m);
  }

  load(req: LoadRequest): void {
    this.busy = true;
    this.send({ kind: "load", ...req });
  }

  advance(until: number): void {
    this.busy = true;
    this.send({ kind: "advance", until });
  }

  step(mode: "event" | "decision"): void {
    this.busy = true;
    this.send({ kind: "step", mode });
  }

  seek(t: number): void {
    this.busy = true;
    this.send({ kind: "seek", t });
  }

  private ask<T>(m: ToWorker, match: (r: FromWorker) => T | undefined): Promise<T> {
    return new Promise((resolve) => {
      this.waiting.push((r) => {
        const v = match(r);
        if (v === undefined) return false;
        resolve(v);
        return true;
      });
      this.send(m);
    });
  }

  fingerprint(): Promise<Summary> {
    return this.ask({ kind: "fingerprint" }, (r) => (r.kind === "fingerprint" ? r.summary : undefined));
  }

  inspectMessage(id: string): Promise<{ copies: MessageCopy[]; trace: MessageTrace }> {
    return this.ask({ kind: "inspectMessage", id }, (r) => (r.kind === "message" && r.id === id ? { copies: r.copies, trace: r.trace } : undefined));
  }

  inspectDns(msg: number): Promise<{ query: InspectedMessage | null; response: InspectedMessage | null }> {
    return this.ask({ kind: "inspectDns", msg }, (r) => (r.kind === "dns" && r.msg === msg ? { query: r.query, response: r.response } : undefined));
  }

  terminate(): void {
    this.worker.terminate();
  }
}
