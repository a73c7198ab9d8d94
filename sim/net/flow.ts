/**
 * A transfer's lifecycle record and outcome, apart from the flow model that moves it
 * (flows.ts): what callers of `Network.transfer` see, and the phases a flow goes through.
 */
import type { TimerId } from "../engine";
import type { Route } from "./routing";

export type TransferFailure = "link-down" | "host-down" | "unreachable" | "aborted";
export type TransferOutcome = { ok: true } | { ok: false; reason: TransferFailure };

/** The outcome of every successful transfer: one shared, frozen object. */
export const DELIVERED: TransferOutcome = Object.freeze({ ok: true });

/** A flow's phases: paying the route's latency, waiting for the next re-solve, holding a rate, finished. */
export const LATENCY = 0, PENDING = 1, ACTIVE = 2, DONE = 3;

/** The lifecycle record of a transfer (its hot state is in FlowSlots at `slot`). */
export interface Flow {
  readonly id: number;
  readonly src: string;
  readonly dst: string;
  readonly bytes: number;
  readonly route: Route;
  readonly done: (o: TransferOutcome, arg: unknown) => void;
  readonly arg: unknown;
  slot: number;
  phase: number;
  timer: TimerId;
  failure: TransferFailure | null;
}
