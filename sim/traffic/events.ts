/** Trace events of the traffic layer. */
declare module "../engine/trace" {
  interface TraceEventMap {
    /** A workload wrote a message and handed it to `host`'s MTA (its envelope as written). */
    "traffic.injected": { host: string; workload: string; message: string; mailFrom: string; rcpts: string[]; bytes: number };
  }
}
export {};
