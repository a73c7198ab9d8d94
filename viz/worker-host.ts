/**
 * The simulation worker's request handling, apart from the Worker global so that
 * Node can drive it (test/viz/worker.test.ts): `serve(post, later)` returns the
 * handler of the page's messages (protocol.ts).
 *
 * Requests become tasks, done in order, each in pieces of at most `sliceMs` of wall
 * time: after each piece the host gives control back to the worker's message loop
 * (`later`, a zero-delay timeout in the browser) and goes on only after the
 * messages that arrived meanwhile have been handled. So a long replay never holds
 * up the page's next request: a `load` drops every task that moves time (the
 * superseded requests get no batch; the client waits for the newest one's), and a
 * `seek` drops the advances, steps and replays queued before it. Queries
 * (fingerprint, inspect) are never dropped.
 *
 * Requests that move time (load, advance, step, seek) are answered by one batch
 * each; `fingerprint` runs a fresh copy of the loaded scenario to its end through
 * the same runner as `mxsim run --json`, in pieces too.
 */
import { buildSimulation, Run, ScenarioError, type Scenario } from "../sim/index";
import type { FromWorker, LoadRequest, ToWorker } from "./protocol";
import { traceMessage } from "./model/message-trace";
import { scenarioOf, Session } from "./session";
import { problemInfo } from "./model/problems";

export interface HostOptions {
  /** Wall time a piece of work may take before the host yields (ms). */
  sliceMs?: number;
  clock?: () => number;
}

interface Task {
  /** Moves simulated time (dropped by a later load or seek). */
  kind: "load" | "seek" | "advance" | "step" | "query";
  /** Do the next piece; true when the task is finished. */
  work(): boolean;
}

export function serve(post: (m: FromWorker) => void, later: (f: () => void) => void, o: HostOptions = {}): (m: ToWorker) => void {
  const sliceMs = o.sliceMs ?? 30;
  const clock = o.clock ?? (() => globalThis.performance.now());
  let cur: Session | undefined;
  const tasks: Task[] = [];
  let scheduled = false;

  const pump = (): void => {
    scheduled = false;
    const task = tasks[0];
    if (task === undefined) return;
    let finished = true;
    try {
      finished = task.work();
    } catch (err) {
      post({ kind: "failed", error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
    }
    if (finished && tasks[0] === task) tasks.shift();
    if (tasks.length > 0) wake();
  };
  const wake = (): void => {
    if (!scheduled) {
      scheduled = true;
      later(pump);
    }
  };
  const enqueue = (t: Task): void => {
    tasks.push(t);
    wake();
  };
  const drop = (kinds: readonly Task["kind"][]): void => {
    for (let i = tasks.length - 1; i >= 0; i--) if (kinds.includes(tasks[i].kind)) tasks.splice(i, 1);
  };
  /** A task that replays the session `open` returns up to `until`, then sends one batch. */
  const moving = (kind: Task["kind"], open: () => Session | undefined, until: (s: Session) => number, reset: boolean): Task => {
    let s: Session | undefined;
    let opened = false;
    return {
      kind,
      work: () => {
        if (!opened) {
          opened = true;
          s = open();
          if (s === undefined) return true;
          cur = s;
        }
        if (s === undefined) return true;
        if (!s.advance(until(s), sliceMs)) return false;
        post(s.batch(reset));
        return true;
      },
    };
  };

  const load = (req: LoadRequest): Session | undefined => {
    let scenario: Scenario;
    try {
      scenario = scenarioOf(req);
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      post({ kind: "invalid", problems: err.problems.map(problemInfo) });
      return undefined;
    }
    const s = new Session(scenario, req);
    post(s.describe());
    return s;
  };

  const query = (answer: (s: Session) => FromWorker): Task => ({
    kind: "query",
    work: () => {
      if (cur !== undefined) post(answer(cur));
      return true;
    },
  });

  /** Run a fresh copy of the loaded scenario to its end, as `mxsim run` does, and report its summary. */
  const fingerprint = (): Task => {
    let r: Run | undefined;
    let started = false;
    return {
      kind: "query",
      work: () => {
        if (!started) {
          started = true;
          if (cur === undefined) return true;
          r = new Run(buildSimulation(cur.scenario, { seed: cur.req.seed }));
        }
        if (r === undefined) return true;
        if (!r.advance(Infinity, sliceMs)) return false;
        post({ kind: "fingerprint", summary: r.summary() });
        return true;
      },
    };
  };

  return (m: ToWorker): void => {
    switch (m.kind) {
      case "load":
        drop(["load", "seek", "advance", "step"]);
        return enqueue(moving("load", () => load(m), (s) => s.run.now, true));
      case "seek":
        drop(["seek", "advance", "step"]);
        return enqueue(moving("seek", () => (cur === undefined ? undefined : new Session(cur.scenario, cur.req)), () => m.t, true));
      case "advance":
        return enqueue(moving("advance", () => cur, () => m.until, false));
      case "step":
        return enqueue({
          kind: "step",
          work: () => {
            const s = cur;
            if (s === undefined) return true;
            if (!s.step(m.mode, sliceMs, clock)) return false;
            post(s.batch(false));
            return true;
          },
        });
      case "fingerprint":
        return enqueue(fingerprint());
      case "inspectMessage":
        return enqueue(query((s) => ({ kind: "message", id: m.id, copies: [...(s.copies.get(m.id) ?? [])], trace: traceMessage(s.story, m.id) })));
      case "inspectDns":
        return enqueue(query((s) => {
          const x = s.sim.dns.messages.inspect(m.msg);
          return { kind: "dns", msg: m.msg, query: x?.query ?? null, response: x?.response ?? null };
        }));
    }
  };
}
