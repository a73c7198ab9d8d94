/**
 * Scenario files are UTF-8 (YAML 1.2 §5.2). A file that is not is refused at its
 * first bad byte rather than decoded with U+FFFD in place of the bytes, which
 * would let a name or a zone record silently differ from what the author wrote.
 */
import { ScenarioError } from "./errors";

/** The text of a scenario file's bytes, or a ScenarioError at the first byte that is not UTF-8. */
export function decodeScenario(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const at = Math.min(firstInvalidByte(bytes), bytes.length - 1);
    const before = new TextDecoder("utf-8").decode(bytes.subarray(0, at));
    const lineStart = before.lastIndexOf("\n") + 1;
    const line = before.length === 0 ? 1 : before.split("\n").length;
    throw new ScenarioError(file, [{
      path: [],
      message: `not UTF-8: byte 0x${bytes[at].toString(16).padStart(2, "0")} at offset ${at}`,
      expected: "a file in UTF-8",
      line,
      col: before.length - lineStart + 1,
      severity: "error",
    }]);
  }
}

/**
 * The offset of the first byte that does not belong to a well-formed UTF-8
 * sequence (RFC 3629 §4: no overlong forms, no surrogates, nothing above U+10FFFF);
 * for a truncated sequence, its first byte.
 */
export function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) { i++; continue; }
    // Length of the sequence and the range of its second byte (RFC 3629 §4, UTF8-2 .. UTF8-4).
    const [n, lo, hi] =
      b >= 0xc2 && b <= 0xdf ? [2, 0x80, 0xbf] :
      b === 0xe0 ? [3, 0xa0, 0xbf] :
      b === 0xed ? [3, 0x80, 0x9f] :
      b >= 0xe1 && b <= 0xef ? [3, 0x80, 0xbf] :
      b === 0xf0 ? [4, 0x90, 0xbf] :
      b >= 0xf1 && b <= 0xf3 ? [4, 0x80, 0xbf] :
      b === 0xf4 ? [4, 0x80, 0x8f] : [0, 0, 0];
    if (n === 0 || i + n > bytes.length) return i;
    if (bytes[i + 1] < lo || bytes[i + 1] > hi) return i;
    for (let k = 2; k < n; k++) if (bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return i;
    i += n;
  }
  return bytes.length;
}
