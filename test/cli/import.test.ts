import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "../..");

describe("mxsim import", () => {
  it("prints the mta: block understood on stdout and one positioned line per directive not carried over on stderr", () => {
    const file = "test/scenario/fixtures/tutorial-appendix.mc";
    const r = spawnSync(process.execPath, [join(ROOT, "bin/mxsim.js"), "import", file], { cwd: ROOT, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(parse(r.stdout).mta).toMatchObject({ profile: "sendmail", hostname: "iw2001.example.gr.jp", smartHost: "[192.168.0.3]", masquerade: { as: "example.gr.jp" } });
    const lines = r.stderr.trim().split("\n");
    expect(lines).toContain(`${file}:11:1: warning: FEATURE(\`access_db'): access_db enabled: its entries live in /etc/mail/access; give that file (--access FILE) or write them under mta.access`);
    for (const l of lines) expect(l).toMatch(new RegExp(`^${file.replace(/\./g, "\\.")}:\\d+:1: (warning|note): `));
  });

  it("a missing file is bad input (exit 2)", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "bin/mxsim.js"), "import", "no/such.mc"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`mxsim: cannot open "no/such.mc": no such file or folder (expected an existing path)\n`);
  });
});
