/** DSN rules of RFC 5321 §4.5.5/§6.1 and RFC 3464, and qmail's non-DSN bounce. */
import { describe, expect, it } from "vitest";
import { buildDsn, type DsnRequest, noticeTarget } from "../../sim/mta/dsn";
import { compose, contentBytes, getField, messageBytes, replyFor, type Message, type MultipartBody, type TextPart } from "../../sim/smtp";

const original: Message = compose({
  id: "m1", from: "alice@example.com", to: ["bob@example.gr.jp"], subject: "hello", at: 0, host: "example.com",
  body: { kind: "text", contentType: "text/plain", text: "Hi Bob\r\n" },
});

const base: DsnRequest = {
  original, kind: "failure", reportingMta: "gateway.example.gr.jp", arrival: 10, at: 100, id: "b1",
  format: "rfc3464", postmaster: "postmaster@gateway.example.gr.jp",
  recipients: [{ recipient: "bob@example.gr.jp", reply: replyFor("userUnknown", { rcpt: "bob@example.gr.jp" }), remoteMta: "mbox.example.gr.jp", lastAttempt: 90 }],
};

const report = (m: Message): MultipartBody => { if (m.body.kind !== "multipart") throw new Error("not multipart"); return m.body; };
const textOf = (p: unknown): string => (p as TextPart).text;

describe("who is notified", () => {
  it("a normal message's failure goes to its envelope sender, sent from <>", () => {
    const r = buildDsn(base);
    if (r.kind !== "send") throw new Error(r.why);
    expect(r.message.envelope).toEqual({ mailFrom: "", rcptTo: ["alice@example.com"], notification: "dsn" });
    expect(getField(r.message.header, "To")).toBe("alice@example.com");
  });

  it("the envelope decides, not the header From:", () => {
    const listMail = { ...original, envelope: { ...original.envelope, mailFrom: "owner-list@example.com" } };
    const r = buildDsn({ ...base, original: listMail });
    expect(r.kind === "send" && r.message.envelope.rcptTo).toEqual(["owner-list@example.com"]);
  });

  it("a failed bounce (sender <>) is never bounced: it becomes a double bounce to postmaster", () => {
    const bounce = { ...original, envelope: { mailFrom: "", rcptTo: ["alice@example.com"], notification: "dsn" as const } };
    const r = buildDsn({ ...base, original: bounce });
    if (r.kind !== "send") throw new Error(r.why);
    expect(r.target.kind).toBe("double-bounce");
    expect(r.message.envelope).toMatchObject({ mailFrom: "", rcptTo: ["postmaster@gateway.example.gr.jp"], notification: "double-bounce" });
  });

  it("a failed double bounce is dropped (never a triple bounce)", () => {
    const dbl = { ...original, envelope: { mailFrom: "", rcptTo: ["postmaster@x"], notification: "double-bounce" as const } };
    expect(buildDsn({ ...base, original: dbl }).kind).toBe("none");
    expect(noticeTarget(dbl.envelope, "postmaster@x").kind).toBe("drop");
  });

  it("no delay warning for null-sender mail; qmail sends none at all", () => {
    const bounce = { ...original, envelope: { mailFrom: "", rcptTo: ["alice@example.com"] } };
    expect(buildDsn({ ...base, kind: "delay", original: bounce }).kind).toBe("none");
    expect(buildDsn({ ...base, kind: "delay", format: "qmail" }).kind).toBe("none");
  });
});

describe("RFC 3464 report", () => {
  it("is multipart/report; report-type=delivery-status with explanation, status, returned message", () => {
    const r = buildDsn(base);
    if (r.kind !== "send") throw new Error(r.why);
    const b = report(r.message);
    expect(b.contentType).toBe("multipart/report; report-type=delivery-status");
    expect(b.parts.map((p) => p.contentType)).toEqual(["text/plain; charset=us-ascii", "message/delivery-status", "message/rfc822"]);
    expect(getField(r.message.header, "Content-Type")).toContain("report-type=delivery-status");
    expect(getField(r.message.header, "MIME-Version")).toBe("1.0");
  });

  it("delivery-status has the required fields, a blank line between per-message and per-recipient parts", () => {
    const r = buildDsn(base);
    if (r.kind !== "send") throw new Error(r.why);
    const ds = textOf(report(r.message).parts[1]);
    const [perMessage, perRcpt] = ds.split("\r\n\r\n");
    expect(perMessage).toMatch(/^Reporting-MTA: dns; gateway\.example\.gr\.jp\r\nArrival-Date: /);
    const fields = Object.fromEntries(perRcpt.trim().split("\r\n").map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 2)]));
    expect(fields).toMatchObject({
      "Final-Recipient": "rfc822; bob@example.gr.jp",
      Action: "failed",
      Status: "5.1.1",
      "Remote-MTA": "dns; mbox.example.gr.jp",
      "Diagnostic-Code": "smtp; 550 5.1.1 <bob@example.gr.jp>: Recipient address rejected: User unknown",
    });
    expect(fields["Will-Retry-Until"]).toBeUndefined();
  });

  it("a local failure (timeout) has a Status but no smtp Diagnostic-Code", () => {
    const r = buildDsn({ ...base, recipients: [{ recipient: "bob@example.gr.jp", reply: replyFor("noAnswer", { host: "mx", addr: "192.0.2.1" }) }] });
    if (r.kind !== "send") throw new Error(r.why);
    const ds = textOf(report(r.message).parts[1]);
    expect(ds).toContain("Status: 4.4.1");
    expect(ds).not.toContain("Diagnostic-Code");
  });

  it("delay warning: Action delayed, 4.x.x status, Will-Retry-Until", () => {
    const r = buildDsn({ ...base, kind: "delay", willRetryUntil: 5 * 86400, recipients: [{ recipient: "bob@example.gr.jp", reply: replyFor("tempPolicy", { rcpt: "bob@example.gr.jp" }) }] });
    if (r.kind !== "send") throw new Error(r.why);
    const ds = textOf(report(r.message).parts[1]);
    expect(ds).toContain("Action: delayed");
    expect(ds).toContain("Status: 4.7.1");
    expect(ds).toMatch(/Will-Retry-Until: \w{3}, 9 Dec 2001 00:00:00 \+0900/);
    expect(textOf(report(r.message).parts[0])).toContain("THIS IS A WARNING ONLY");
  });

  it("returns the full message or only its header, and its size reflects that", () => {
    const full = buildDsn(base);
    const hdrs = buildDsn({ ...base, returnContent: "headers" });
    if (full.kind !== "send" || hdrs.kind !== "send") throw new Error("expected notices");
    expect(report(hdrs.message).parts[2].contentType).toBe("text/rfc822-headers");
    // The difference is the original's body, less the longer part Content-Type name.
    const longerType = "text/rfc822-headers".length - "message/rfc822".length;
    expect(messageBytes(full.message) - messageBytes(hdrs.message)).toBe(contentBytes(original.body) - longerType);
  });
});

describe("qmail bounce", () => {
  it("is plain text starting 'Hi. This is the qmail-send program at', then a copy of the message", () => {
    const r = buildDsn({ ...base, format: "qmail" });
    if (r.kind !== "send") throw new Error(r.why);
    expect(r.message.body.kind).toBe("concat");
    if (r.message.body.kind !== "concat") return;
    const text = textOf(r.message.body.parts[0]);
    expect(text.startsWith("Hi. This is the qmail-send program at gateway.example.gr.jp.")).toBe(true);
    expect(text).toContain("<bob@example.gr.jp>:");
    expect(text).toContain("--- Below this line is a copy of the message.");
    expect(getField(r.message.header, "Subject")).toBe("failure notice");
    expect(getField(r.message.header, "Content-Type")).toBeUndefined(); // not MIME
    expect(textOf(r.message.body.parts[1])).toMatch(/^Return-Path: <alice@example\.com>\r\n/);
  });

  it("a qmail double bounce says the bounce bounced", () => {
    const bounce = { ...original, envelope: { mailFrom: "", rcptTo: ["alice@example.com"] } };
    const r = buildDsn({ ...base, format: "qmail", original: bounce });
    if (r.kind !== "send" || r.message.body.kind !== "concat") throw new Error("expected a qmail notice");
    expect(textOf(r.message.body.parts[0])).toContain("but the bounce bounced!");
  });
});
