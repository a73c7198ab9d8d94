/**
 * What an importer of a real configuration (sendmail `.mc`, Postfix `main.cf`)
 * returns: the scenario's `mta:` block it understood, in the form a user writes
 * (mail-schema.ts), plus a note for every directive it did not turn into that
 * block: unknown directives, and directives mxsim recognises but does not model
 * (yet). Nothing is dropped silently; each note names the line it came from.
 */
import { type Problem } from "../errors";

export type NoteKind =
  /** A directive this importer does not know. */
  | "unknown"
  /** Recognised, but the simulator has nothing to set for it yet (e.g. TLS key files). */
  | "not-modelled"
  /** Recognised and deliberately without effect in a simulation (e.g. OSTYPE, nocanonify). */
  | "no-effect"
  /** Recognised, but its value could not be read. */
  | "bad-value";

export interface ImportNote {
  line: number;
  col: number;
  /** The directive as written, e.g. FEATURE(`dnsbl') or message_size_limit. */
  directive: string;
  kind: NoteKind;
  message: string;
}

export interface ImportResult {
  /** Which importer read the file. */
  format: "sendmail-mc" | "postfix-main-cf";
  /** The `mta:` block (input form: what a scenario file would contain). */
  mta: Record<string, unknown>;
  notes: ImportNote[];
}

/** Notes that deserve a user's attention (unknown, not modelled, unreadable) are warnings; no-effect notes are informational. */
export function isWarning(n: ImportNote): boolean {
  return n.kind !== "no-effect";
}

/** A note as a positioned problem, printed `file:line:col: warning: directive: message`. */
export function noteProblem(n: ImportNote): Problem {
  return { path: [n.directive], message: n.message, line: n.line, col: n.col, severity: "warning" };
}
