/**
 * `mxsim import <config> [--mailertable FILE] [--access FILE]`: read a sendmail `.mc` or a
 * Postfix `main.cf` and print the scenario fragment understood (an `mta:` block,
 * YAML) on stdout; every directive not carried over is a line on stderr,
 * `file:line:col: warning: directive: what` (unknown, not modelled, unreadable)
 * or `file:line:col: note: ...` (recognised, no effect on a simulation).
 */
import { existsSync, readFileSync } from "node:fs";
import { fragmentYaml, importConfig, isWarning } from "../scenario/import";

export function cmdImport(file: string, opts: { mailertable?: string; access?: string }, say: (s: string) => void, complain: (s: string) => void): number {
  if (!existsSync(file)) throw new Error(`no such file "${file}"`);
  const text = readFileSync(file, "utf8");
  const mailertable = opts.mailertable === undefined ? undefined : readFileSync(opts.mailertable, "utf8");
  const access = opts.access === undefined ? undefined : readFileSync(opts.access, "utf8");
  const r = importConfig(file, text, { mailertable, access });
  for (const n of r.notes) complain(`${file}:${n.line}:${n.col}: ${isWarning(n) ? "warning" : "note"}: ${n.directive}: ${n.message}`);
  say(fragmentYaml(r, file).trimEnd());
  return 0;
}
