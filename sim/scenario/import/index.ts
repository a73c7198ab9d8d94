/**
 * Importers of real mail configurations: a sendmail `.mc` or a Postfix `main.cf`
 * becomes the `mta:` block of a scenario host, with a note for everything it did
 * not carry over. `mxsim import FILE` prints the block as YAML.
 */
import { stringify } from "yaml";
import { importPostfixMainCf } from "./postfix-main-cf";
import { importSendmailMc, type McCompanions } from "./sendmail-mc";
import type { ImportResult } from "./notes";

export { importSendmailMc, importPostfixMainCf, type McCompanions };
export { isWarning, noteProblem, type ImportNote, type ImportResult, type NoteKind } from "./notes";

/** Which importer a file needs: by name (`*.mc`, `main.cf`), else by content (m4 calls vs `name = value`). */
export function detectFormat(file: string, text: string): ImportResult["format"] {
  if (/\.mc$/i.test(file)) return "sendmail-mc";
  if (/(^|\/)main\.cf$/i.test(file)) return "postfix-main-cf";
  return /^\s*(FEATURE|define|MAILER|OSTYPE|divert)\(/m.test(text) ? "sendmail-mc" : "postfix-main-cf";
}

export function importConfig(file: string, text: string, companions: McCompanions = {}): ImportResult {
  return detectFormat(file, text) === "sendmail-mc" ? importSendmailMc(text, companions) : importPostfixMainCf(text);
}

/** The scenario fragment: an `mta:` block as YAML, headed by a comment naming the source. */
export function fragmentYaml(r: ImportResult, file: string): string {
  return `# imported from ${file} (${r.format})\n` + stringify({ mta: r.mta }, { lineWidth: 0 });
}
