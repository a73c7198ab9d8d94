import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSimulation, capturePcap, loadScenario, runSimulation, PCAP_EPOCH } from "../../sim";

/** tshark's output; a missing tshark fails the test (CI installs it in .ci/run). */
function tshark(file: string, ...args: string[]): string[] {
  const out = execFileSync("tshark", ["-r", file, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  return out.split("\n").filter((l) => l !== "");
}

describe("pcap export", () => {
  it("mxsim run --pcap writes the capture of a bundled scenario", () => {
    const file = join(mkdtempSync(join(tmpdir(), "mxsim-pcap-")), "cli.pcap");
    const root = new URL("../..", import.meta.url).pathname;
    execFileSync(process.execPath, [join(root, "bin/mxsim.js"), "run", "dns-referral", "--pcap", file, "--json"], { cwd: root, stdio: "ignore" });
    expect(tshark(file, "-Y", "dns")).toHaveLength(20);
    expect(tshark(file, "-Y", "_ws.malformed")).toEqual([]);
  });

  it("tshark decodes every simulated DNS datagram as DNS: no malformed frames, good IPv4 and UDP checksums", () => {
    const text = readFileSync(new URL("../../scenarios/dns-referral.yaml", import.meta.url), "utf8");
    const sim = buildSimulation(loadScenario(text, "dns-referral.yaml"));
    const pcap = capturePcap(sim.dns.transport);
    runSimulation(sim);
    // 5 stub lookups (query + reply each) and 5 resolver queries to authoritative servers (idem).
    expect(pcap.frames).toBe(20);
    expect(sim.dns.transport.exchanges).toBe(10);
    const file = join(mkdtempSync(join(tmpdir(), "mxsim-pcap-")), "dns.pcap");
    writeFileSync(file, pcap.bytes());

    expect(tshark(file, "-Y", "_ws.malformed")).toEqual([]);
    expect(tshark(file, "-Y", "dns")).toHaveLength(20);
    const fields = tshark(file, "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-T", "fields",
      "-e", "ip.checksum.status", "-e", "udp.checksum.status", "-e", "ip.len", "-e", "udp.length", "-e", "ip.src", "-e", "udp.srcport", "-e", "udp.dstport", "-e", "frame.time_epoch", "-e", "dns.flags.response");
    expect(fields).toHaveLength(20);
    const rows = fields.map((l) => l.split("\t"));
    for (const [ipOk, udpOk, ipLen, udpLen] of rows) {
      expect([ipOk, udpOk]).toEqual(["1", "1"]); // 1 = good
      expect(Number(ipLen)).toBe(Number(udpLen) + 20);
    }
    // First frame: the stub's query from the client at 10.0.0.9, ephemeral port -> 53, at 1 s.
    const [, , , , src, sport, dport, time, isResponse] = rows[0];
    expect([src, dport]).toEqual(["10.0.0.9", "53"]);
    expect(["0", "False"]).toContain(isResponse); // tshark versions print booleans differently
    expect(Number(sport)).toBeGreaterThanOrEqual(49152);
    expect(Number(time)).toBeCloseTo(PCAP_EPOCH + 1, 6);
    // Each reply goes back to the port its query came from.
    const second = rows[rows.length - 1];
    expect(second[6]).toBe(rows[rows.length - 2][5]);
  });
});
