/**
 * Command-line arguments and file-system failures as bad input: each is one line,
 *
 *   mxsim: <what is wrong> (expected <what was expected>)
 *
 * and exit code 2, never "internal error" or a stack trace. A number is read whole
 * or refused: `Number("abc")` is NaN (a cap that silently disappears) and
 * `Number("99999999999999999999999")` is 1e+23 (a different seed than the one
 * typed), so flags are matched against a pattern and a range first.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parseDuration, UnitError } from "../engine";

/** Bad input (a flag's value, a file that cannot be read or written): one line, exit 2. */
export class InputError extends Error {}

/** A command written wrongly (unknown command or flag, a missing argument): exit 2, with the usage. */
export class UsageError extends Error {}

type ArgOptions = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>["options"]>;

export function parseFlags<O extends ArgOptions>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\n/g, " ")); // node:util's messages run over several lines
  }
}

/** A file's bytes; a failure names the file (a read of a folder fails in read(2), which reports no path). */
export function readInput(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (typeof err.code === "string" && err.path === undefined) err.path = path;
    throw e;
  }
}

/**
 * Seeds are whole numbers of at most 2^53 − 1 in size, the integers a JavaScript
 * number holds exactly (and the scenario format's `seed:`), so the seed printed in
 * a summary is the seed typed.
 */
export const SEED_RANGE = { min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER } as const;

/** `--flag N`: a whole number in [min, max], or undefined when the flag is absent. */
export function wholeNumber(flag: string, v: string | undefined, range: { min: number; max: number }): number | undefined {
  if (v === undefined) return undefined;
  const expected = `a whole number from ${range.min} to ${range.max}`;
  if (!/^[+-]?\d+$/.test(v)) throw new InputError(`--${flag}: ${JSON.stringify(v)} is not a whole number (expected ${expected})`);
  const n = Number(v);
  if (n < range.min || n > range.max) throw new InputError(`--${flag}: ${v} is out of range (expected ${expected})`);
  return n === 0 ? 0 : n; // -0 is 0
}

/** `--seed N`. */
export function seedFlag(v: string | undefined): number | undefined {
  return wholeNumber("seed", v, SEED_RANGE);
}

/** `--flag DURATION`, in seconds, read by the scenario format's own unit parser; finite and above zero. */
export function durationFlag(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  let s: number;
  try {
    s = parseDuration(v);
  } catch (e) {
    if (e instanceof UnitError) throw new InputError(`--${flag}: ${e.message}`);
    throw e;
  }
  if (!Number.isFinite(s) || s <= 0) throw new InputError(`--${flag}: ${JSON.stringify(v)} is out of range (expected a finite duration above zero, like 30s or 8h)`);
  return s;
}

/** What a failed system call means, and what would have done; by `code` (errno names, as Node reports them). */
const FS_CODES: Readonly<Record<string, readonly [string, string]>> = {
  ENOENT: ["no such file or folder", "an existing path"],
  EISDIR: ["it is a folder", "a file"],
  ENOTDIR: ["a part of the path is not a folder", "a path through folders"],
  EACCES: ["permission denied", "a path this user may use"],
  EPERM: ["operation not permitted", "a path this user may use"],
  EEXIST: ["it already exists", "a new path"],
  ENOSPC: ["no space left on the device", "free space"],
  EDQUOT: ["disk quota exceeded", "free space"],
  EROFS: ["read-only file system", "a writable place"],
  ENAMETOOLONG: ["the name is too long", "a shorter path"],
  ELOOP: ["too many symbolic links", "a path without a link loop"],
  EMFILE: ["too many open files", "fewer files open"],
  EBUSY: ["the resource is busy", "a path not in use"],
  EINVAL: ["invalid argument", "a valid path"],
};

/** The verb for a failed system call, by `syscall`. */
const FS_VERBS: Readonly<Record<string, string>> = {
  open: "open", read: "read", write: "write", close: "close", mkdir: "create the folder", scandir: "list the folder",
  stat: "examine", lstat: "examine", rename: "rename", unlink: "remove", rmdir: "remove", copyfile: "copy",
};

/** A Node file-system error as one line (`cannot open "x": it is a folder (expected a file)`), else undefined. */
export function fsErrorLine(e: unknown): string | undefined {
  if (!(e instanceof Error)) return undefined;
  const { code, syscall, path } = e as NodeJS.ErrnoException;
  if (typeof code !== "string" || typeof syscall !== "string") return undefined;
  const verb = FS_VERBS[syscall];
  if (verb === undefined) return undefined; // not the file system (a socket, a child process)
  const [what, expected] = FS_CODES[code] ?? [code, "a usable path"];
  return `cannot ${verb}${path === undefined ? "" : ` ${JSON.stringify(path)}`}: ${what} (expected ${expected})`;
}
