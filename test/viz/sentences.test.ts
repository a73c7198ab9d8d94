import { describe, expect, it } from "vitest";
import { keys, pickLang, t } from "../../viz/i18n";
import { backupMx, parseCandidate, routeNext, sentence } from "../../viz/model/sentences";
import { toSecondMx } from "./fixtures";

const plans = new Map<string, readonly string[]>();
for (const e of toSecondMx) if (e.type === "mta.plan") plans.set(`${e.host}|${e.message}`, e.candidates);
const ctx = { plan: (h: string, m: string) => plans.get(`${h}|${m}`) };
const find = (type: string, host: string) => {
  const e = toSecondMx.find((x) => x.type === type && x.host === host);
  if (!e) throw new Error(`${type}@${host} missing`);
  return e;
};

describe("event-log sentences", () => {
  it("the two language tables have the same keys and fill placeholders", () => {
    expect(keys("ja").sort()).toEqual(keys("en").sort());
    expect(t("en", "s.host.down", { host: "gateway" })).toBe("gateway goes down");
    expect(t("ja", "s.host.down", { host: "gateway" })).toBe("gateway が停止");
  });

  it("every Japanese template differs from the English one unless it is only placeholders and symbols", () => {
    for (const k of keys("en") as Parameters<typeof t>[1][]) {
      const en = t("en", k), ja = t("ja", k);
      if (/[A-Za-z]{4,}/.test(en.replace(/\{\w+\}/g, "").replace(/MAIL FROM|RCPT TO|MTA|SMTP|DNS|MX|SMART_HOST|LOCAL_RELAY|RFC|Return-Path|Received|FallbackMX/g, ""))) {
        expect(ja, k).not.toBe(en);
      }
    }
  });

  it("picks the language from the browser's list", () => {
    expect(pickLang(["ja-JP", "en-US"])).toBe("ja");
    expect(pickLang(["fr-FR", "en-GB"])).toBe("en");
    expect(pickLang(["de"])).toBe("en");
  });

  it("says that the backup MX took the mail, and why, in both languages", () => {
    const d = find("mta.delivered", "isp");
    expect(sentence(d, "en", ctx)).toBe("isp: mail2 accepted u0-7 — it is MX 20, not the preferred MX 10 gateway.example.gr.jp: the preferred MX is down or failed, so the backup MX takes the mail (S20)");
    expect(sentence(d, "ja", ctx)).toContain("バックアップ MX がメールを預かる");
    // Without the plan it is an ordinary relay.
    expect(sentence(d, "en")).toBe("isp: mail2 accepted u0-7 for bob@example.gr.jp (250)");
  });

  it("builds routing sentences from the step and the route target", () => {
    const r = find("mta.route", "gateway");
    expect(sentence(r, "en")).toBe("gateway: the mailertable routes example.gr.jp to [dist-in.example.gr.jp] — a static route, no MX lookup");
    expect(sentence(r, "ja")).toBe("gateway: mailertable により example.gr.jp は [dist-in.example.gr.jp] へ — 静的経路なので MX は引かない");
    // The sentence comes from the structured `next`, not from the English `why`.
    expect(sentence({ ...r, why: "" } as typeof r, "en")).toBe(sentence(r, "en"));
    expect(sentence({ ...r, next: "relay.example.net" } as typeof r, "en")).toBe("gateway: the mailertable routes example.gr.jp to relay.example.net — then look up its MX");
    expect(sentence({ ...r, step: "local", next: "mailbox:bob" } as typeof r, "ja")).toBe("gateway: example.gr.jp はこのホストのドメイン — bob のメールボックスへ配送");
    expect(routeNext("[a.example],b.example")).toEqual({ hosts: ["[a.example]", "b.example"], static: false });
    expect(routeNext("error:550")).toEqual({ hosts: [], static: true, error: 550 });
    expect(sentence(find("mta.plan", "isp"), "en")).toBe("isp: MX for example.gr.jp in order: 10 gateway.example.gr.jp, 20 mail2.example.net");
  });

  it("deferrals name the reply and the next try", () => {
    const s = sentence(find("mta.deferred", "mail2"), "en");
    expect(s).toBe("mail2: u0-7 deferred for bob@example.gr.jp: 421 4.4.1 connect to gateway[202.250.31.150]: Connection timed out — next try at 00:31:40");
  });

  it("parses MX candidates and finds the backup", () => {
    expect(parseCandidate("20 mail2.example.net[198.51.100.25]")).toEqual({ pref: 20, name: "mail2.example.net", addr: "198.51.100.25" });
    const plan = ["10 gateway.example.gr.jp[202.250.31.150]", "20 mail2.example.net[198.51.100.25]"];
    expect(backupMx(plan, "mail2")).toEqual({ pref: 20, first: "MX 10 gateway.example.gr.jp" });
    expect(backupMx(plan, "gateway")).toBeUndefined();
    expect(backupMx(["0 dist-in.example.gr.jp[10.0.0.25]"], "dist-in")).toBeUndefined();
  });
  it("says which fault of the schedule takes effect and when it is undone", () => {
    const e = (phase: "start" | "end") => ({ t: 7200, type: "fault.applied" as const, host: "gateway", fault: 0, kind: "net", phase });
    expect(sentence(e("start"), "en", ctx)).toBe("faults[0] (net) takes effect on gateway");
    expect(sentence(e("end"), "en", ctx)).toBe("faults[0] (net) is undone on gateway");
    expect(sentence(e("start"), "ja", ctx)).toBe("障害 faults[0] (net) が gateway に発生");
  });
});
