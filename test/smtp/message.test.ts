/** Message size (RFC 5322 header, RFC 2045 base64, RFC 2046 multipart), trace fields, dates. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  addReceived, base64Bytes, compose, contentBytes, DEFAULT_CLOCK, finalDelivery, formatHeader, getField, getFields,
  headerBytes, hopCount, type Message, messageBytes, rfc5322Date, rfc5322DateLength,
} from "../../sim/smtp";

describe("sizes", () => {
  it("header bytes = the length of its wire text", () => {
    const h = [{ name: "From", value: "alice@example.com" }, { name: "Subject", value: "日本語" }];
    expect(headerBytes(h)).toBe(new TextEncoder().encode(formatHeader(h)).length);
    expect(headerBytes(h)).toBe("From: alice@example.com\r\n".length + "Subject: \r\n".length + 9 + 2);
  });

  it("base64 with 76-character lines: 4/3 growth plus CRLF per line", () => {
    expect(base64Bytes(0)).toBe(0);
    expect(base64Bytes(57)).toBe(76 + 2); // 57 bytes = exactly one full line
    expect(base64Bytes(58)).toBe(80 + 4);
    // Independent: encode real bytes and break lines like a mailer does.
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
      const b64 = Buffer.from(bytes).toString("base64");
      const wrapped = (b64.match(/.{1,76}/g) ?? []).map((l) => l + "\r\n").join("");
      expect(base64Bytes(bytes.length)).toBe(wrapped.length);
    }));
  });

  it("an attachment inflates the message by ≈ 4/3 × 78/76 (S11)", () => {
    const mk = (bytes: number) => compose({
      id: "m", from: "a@x", to: ["b@y"], at: 0, host: "x",
      body: { kind: "multipart", contentType: "multipart/mixed", boundary: "B", parts: [
        { kind: "text", contentType: "text/plain", text: "see attached\r\n" },
        { kind: "opaque", contentType: "image/jpeg", bytes, transfer: "base64", filename: "a.jpg" },
      ] },
    });
    const growth = (messageBytes(mk(1_000_000 + 57_000)) - messageBytes(mk(57_000))) / 1_000_000;
    expect(growth).toBeCloseTo((4 / 3) * (78 / 76), 3);
  });

  it("multipart framing is counted exactly (RFC 2046 §5.1.1)", () => {
    const m = compose({
      id: "m", from: "a@x", to: ["b@y"], at: 0, host: "x",
      body: { kind: "multipart", contentType: "multipart/mixed", boundary: "XyZ", parts: [{ kind: "text", contentType: "text/plain", text: "hi\r\n" }] },
    });
    const wire = "--XyZ\r\n" + "Content-Type: text/plain\r\n\r\n" + "hi\r\n" + "\r\n" + "--XyZ--\r\n";
    expect(contentBytes(m.body)).toBe(wire.length);
  });
});

describe("envelope and header", () => {
  it("the MUA copies To/Cc/Bcc into RCPT TO; Bcc never appears in the header (S8)", () => {
    const m = compose({ id: "m", from: "a@x", to: ["b@y"], cc: ["c@z"], bcc: ["d@w"], subject: "s", at: 0, host: "x", body: { kind: "text", contentType: "text/plain", text: "" } });
    expect(m.envelope).toEqual({ mailFrom: "a@x", rcptTo: ["b@y", "c@z", "d@w"] });
    expect(formatHeader(m.header)).not.toContain("d@w");
    expect(getField(m.header, "message-id")).toBe("<m@x>");
  });

  it("a list's envelope sender differs from From: (S8, S32)", () => {
    const m = compose({ id: "m", from: "a@x", to: ["list@ml.example"], mailFrom: "owner-list@ml.example", precedence: "list", at: 0, host: "x", body: { kind: "text", contentType: "text/plain", text: "" } });
    expect(m.envelope.mailFrom).toBe("owner-list@ml.example");
    expect(getField(m.header, "Precedence")).toBe("list");
  });
});

describe("trace fields", () => {
  const m0: Message = compose({ id: "q1", from: "alice@example.com", to: ["bob@example.gr.jp"], at: 0, host: "example.com", body: { kind: "text", contentType: "text/plain", text: "x" } });

  it("Received: is prepended, names both ends, and has 'for' only with one recipient (S9)", () => {
    const m1 = addReceived(m0, { helo: "mail.example.com", clientName: "mail.example.com", clientAddr: "192.0.2.25", by: "gw.example.gr.jp", queueId: "4A1B", recipients: ["bob@example.gr.jp"], at: 13 * 3600 + 48 * 60 + 5 });
    expect(m1.header[0].name).toBe("Received");
    expect(m1.header[0].value.replace(/\r\n\t/g, " ")).toBe(
      "from mail.example.com (mail.example.com [192.0.2.25]) by gw.example.gr.jp with ESMTP id 4A1B for <bob@example.gr.jp>; Tue, 4 Dec 2001 13:48:05 +0900",
    );
    const m2 = addReceived(m1, { helo: "gw", clientName: null, clientAddr: "10.0.0.1", by: "mbox", queueId: "9", recipients: ["a@x", "b@x"], at: 0 });
    expect(m2.header[0].value).toContain("(unknown [10.0.0.1])");
    expect(m2.header[0].value).not.toContain(" for ");
    expect(getFields(m2.header, "Received")).toHaveLength(2);
    expect(hopCount(m2.header, ["Received"])).toBe(2);
  });

  it("a stamped message's size is that of its wire text, whatever the Received: parts are", () => {
    const text = fc.string({ unit: "grapheme", maxLength: 20 });
    const info = fc.record({
      helo: text, clientName: fc.option(text), clientAddr: text, by: text, queueId: text,
      protocol: fc.option(fc.constantFrom("ESMTP", "ESMTPS", "ESMTPA"), { nil: undefined }),
      recipients: fc.array(text, { maxLength: 3 }), at: fc.double({ min: 0, max: 1e7, noNaN: true }),
    });
    fc.assert(fc.property(fc.array(info, { minLength: 1, maxLength: 3 }), (hops) => {
      let m = m0;
      messageBytes(m); // measured before stamping, as a relayed message is
      for (const r of hops) m = addReceived(m, r);
      const fresh = { ...m, header: m.header.map((f) => ({ name: f.name, value: f.value })) }; // same fields, never measured
      expect(messageBytes(m)).toBe(messageBytes(fresh));
      expect(headerBytes(m.header)).toBe(new TextEncoder().encode(formatHeader(m.header)).length);
    }), { numRuns: 300 });
  });

  it("final delivery adds Return-Path (envelope sender, <> for bounces) then Delivered-To", () => {
    const d = finalDelivery(m0, "bob@example.gr.jp");
    expect(d.header.slice(0, 2)).toEqual([{ name: "Return-Path", value: "<alice@example.com>" }, { name: "Delivered-To", value: "bob@example.gr.jp" }]);
    const bounce = finalDelivery({ ...m0, envelope: { mailFrom: "", rcptTo: ["alice@example.com"] } }, "alice@example.com");
    expect(getField(bounce.header, "Return-Path")).toBe("<>");
    expect(getFields(finalDelivery(d, "bob@example.gr.jp").header, "Return-Path")).toHaveLength(1);
    expect(hopCount(d.header, ["Received", "Delivered-To"])).toBe(1); // qmail counts Delivered-To
  });

  it("RFC 5322 dates from simulated seconds match the platform's UTC calendar", () => {
    expect(rfc5322Date(0)).toBe("Tue, 4 Dec 2001 00:00:00 +0900");
    expect(rfc5322Date(0, { epoch: 0, zoneMinutes: 0 })).toBe("Thu, 1 Jan 1970 00:00:00 +0000");
    expect(rfc5322Date(3600, { epoch: 0, zoneMinutes: -330 })).toBe("Wed, 31 Dec 1969 19:30:00 -0530");
    fc.assert(fc.property(fc.integer({ min: 0, max: 40 * 365 * 86400 }), (t) => {
      // Independent: Date.prototype.toUTCString gives "Tue, 04 Dec 2001 00:00:00 GMT".
      const u = new Date((DEFAULT_CLOCK.epoch + t) * 1000 + 9 * 3600_000).toUTCString().replace(/ 0(\d) /, " $1 ").replace("GMT", "+0900");
      expect(rfc5322Date(t)).toBe(u);
    }));
  });

  it("a date's length is known without writing it, in any zone, across day boundaries", () => {
    const clock = fc.record({ epoch: fc.integer({ min: 0, max: 2e9 }), zoneMinutes: fc.integer({ min: -720, max: 840 }) });
    fc.assert(fc.property(clock, fc.array(fc.double({ min: 0, max: 90 * 86400, noNaN: true }), { minLength: 1, maxLength: 20 }), (c, ts) => {
      for (const t of ts.sort((a, b) => a - b)) expect(rfc5322DateLength(t, c)).toBe(rfc5322Date(t, c).length);
    }));
  });
});
