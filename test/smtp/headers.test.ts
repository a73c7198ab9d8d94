import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { byteLength } from "../../sim/smtp/headers";

// The reference: Node's own UTF-8 encoder (a lone surrogate becomes U+FFFD, 3 bytes, as TextEncoder does).
const utf8 = (s: string): number => Buffer.byteLength(s, "utf8");

describe("byteLength: a header string's bytes in UTF-8", () => {
  it("counts ASCII, 2-, 3- and 4-byte characters and lone surrogates as an encoder does", () => {
    for (const s of ["", "mx1.isp.example", "Subject: café", "件名: 会議", "🙂 ok", "a\ud800b", "\udc00", "x\ud83d"]) {
      expect(byteLength(s), JSON.stringify(s)).toBe(utf8(s));
    }
  });

  it("agrees with the encoder on any string of UTF-16 code units", () => {
    fc.assert(fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "binary-ascii" }), (a, b) => {
      expect(byteLength(a)).toBe(utf8(a));
      expect(byteLength(b)).toBe(utf8(b));
      expect(byteLength(b + a)).toBe(utf8(b + a));
    }), { numRuns: 2000 });
  });
});
