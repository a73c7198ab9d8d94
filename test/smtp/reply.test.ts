/** Replies: RFC 5321 §4.2 wire form, RFC 3463 class agreement, the reply table. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fillReply, formatReply, isPermanent, isTransient, parseReply, REPLIES, reply, replyFor, statusOf } from "../../sim/smtp";

describe("SMTP replies", () => {
  it("formats a refusal's wire line: code, enhanced code, text, CRLF (RFC 5321 §4.2, RFC 3463)", () => {
    expect(formatReply(replyFor("userUnknown", { rcpt: "bob@x" }))).toBe("550 5.1.1 <bob@x>: Recipient address rejected: User unknown\r\n");
  });

  it("multi-line replies use '-' on all lines but the last (RFC 5321 §4.2.1)", () => {
    const r = reply(250, "2.0.0", "mx.example\nPIPELINING\nSIZE 10240000");
    expect(formatReply(r)).toBe("250-2.0.0 mx.example\r\n250-2.0.0 PIPELINING\r\n250 2.0.0 SIZE 10240000\r\n");
    expect(parseReply(formatReply(r))).toEqual(r);
  });

  it("the greeting and 354 carry no enhanced code (RFC 2034 §3)", () => {
    expect(formatReply(replyFor("greeting", { host: "gw.example" }))).toBe("220 gw.example ESMTP\r\n");
    expect(REPLIES.startMailInput.enhanced).toBeNull();
  });

  it("every table entry's enhanced class equals its code's first digit, and 4yz/5yz classify", () => {
    for (const [name, r] of Object.entries(REPLIES)) {
      if (r.enhanced !== null) expect(Number(r.enhanced[0]), name).toBe(Math.floor(r.code / 100));
      expect(isPermanent(r), name).toBe(r.code >= 500);
      expect(isTransient(r), name).toBe(r.code >= 400 && r.code < 500);
    }
  });

  it("has every reply the models give: session, transaction, relay, loop, null MX and policy codes", () => {
    const pairs = Object.values(REPLIES).map((r) => `${r.code} ${r.enhanced ?? ""}`.trim());
    for (const c of ["220", "221 2.0.0", "250 2.0.0", "250 2.1.0", "250 2.1.5", "251 2.1.5", "354", "421 4.3.2", "450 4.7.1", "451 4.3.0",
      "452 4.3.1", "421 4.4.1", "451 4.4.3", "550 5.1.1", "551 5.1.6", "552 5.3.4", "553 5.1.3", "554 5.4.6", "556 5.1.10", "550 5.7.1"]) {
      expect(pairs, c).toContain(c);
    }
  });

  it("refuses a class mismatch and malformed codes (RFC 3463 §3.1)", () => {
    expect(() => reply(550, "4.1.1", "x")).toThrow();
    expect(() => reply(250, "3.0.0", "x")).toThrow();
    expect(() => reply(99, null, "x")).toThrow();
    expect(() => replyFor("userUnknown")).toThrow(/rcpt/);
  });

  it("a missing enhanced code reports class.0.0 as the DSN status", () => {
    expect(statusOf(reply(550, null, "Bogus host"))).toBe("5.0.0");
    expect(statusOf(reply(451, null, "later"))).toBe("4.0.0");
  });

  it("property: parse(format(r)) = r for single- and multi-line replies", () => {
    const line = fc.stringMatching(/^[A-Za-z<>@.:;,() -]{1,40}$/).map((s) => s.trim()).filter((s) => s.length > 0 && !/^\d/.test(s));
    fc.assert(fc.property(fc.constantFrom(250, 421, 450, 550, 554), fc.boolean(), fc.array(line, { minLength: 1, maxLength: 4 }), (code, withEnh, lines) => {
      const r = reply(code, withEnh ? `${Math.floor(code / 100)}.1.1` : null, lines.join("\n"));
      expect(parseReply(formatReply(r))).toEqual(r);
    }));
  });
});

describe("reply placeholders", () => {
  it("fills every {name} as a regular-expression replace would, and refuses an unknown one", () => {
    // The reference: what fillReply did before it cached templates.
    const byRegex = (text: string, vars: Record<string, string>): string =>
      text.replace(/\{(\w+)\}/g, (_, k: string) => {
        if (vars[k] === undefined) throw new Error(`reply text needs {${k}}`);
        return vars[k];
      });
    const vars = { host: "mx.example.com", addr: "192.0.2.25", rcpt: "bob@example.org", id: "gw.7", list: "rbl.example.org" };
    for (const r of Object.values(REPLIES)) {
      let want: string | Error;
      try {
        want = byRegex(r.text, vars);
      } catch (e) {
        want = e as Error;
      }
      if (want instanceof Error) expect(() => fillReply(r, vars)).toThrow(want.message);
      else expect(fillReply(r, vars)).toEqual({ ...r, text: want });
    }
    fc.assert(fc.property(
      fc.array(fc.oneof(fc.constantFrom("{a}", "{b}", "{", "}", "{}", "{a b}"), fc.string({ maxLength: 4 })), { maxLength: 8 }),
      fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }),
      (parts, a, b) => {
        const text = parts.join("");
        let want: string | undefined;
        try {
          want = byRegex(text, { a, b });
        } catch {
          want = undefined; // a placeholder other than {a} or {b}
        }
        if (want === undefined) expect(() => fillReply(reply(250, "2.0.0", text), { a, b })).toThrow(/reply text needs/);
        else expect(fillReply(reply(250, "2.0.0", text), { a, b }).text).toBe(want);
      },
    ));
    expect(() => replyFor("queued")).toThrow("reply text needs {id}");
    expect(replyFor("queued", { id: "gw.7" }).text).toBe("Ok: queued as gw.7");
  });
});

