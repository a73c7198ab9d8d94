/**
 * `mxsim import <config> [--mailertable FILE] [--access FILE]`: read a sendmail `.mc` or a
 * Postfix `main.cf` and print the scenario fragment understood (an `mta:` block,
 * YAML) on stdout; every directive not carried over is a line on stderr,
 * `file:line:col: warning: directive: what` (unknown, not modelled, unreadable)
 * or `file:line:col: note: ...` (recognised, no effect on a simulation).
 */
import { fragmentYaml, importConfig, isWarning } from "../scenario/import";
import { readInput } from "./args";

const readText = (path: string): string => new TextDecoder().decode(readInput(path));

export function cmdImport(file: string, opts: { mailertable?: string; access?: string }, say: (s: string) => void, complain: (s: string) => void): number {
  const text = readText(file);
  const mailertable = opts.mailertable === undefined ? undefined : readText(opts.mailertable);
  const access = opts.access === undefined ? undefined : readText(opts.access);
  const r = importConfig(file, text, { mailertable, access });
  for (const n of r.notes) complain(`${file}:${n.line}:${n.col}: ${isWarning(n) ? "warning" : "note"}: ${n.directive}: ${n.message}`);
  say(fragmentYaml(r, file).trimEnd());
  return 0;
}
