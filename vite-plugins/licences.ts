/**
 * The licences of the packages a bundle contains, as one text file beside it. Legal
 * comments are left out of the bundles themselves (stdlib repeats its Apache-2.0 header in
 * each of its ~150 small modules: 120 KiB of the worker's 500), so the notices the MIT,
 * ISC, BSD and Apache licences ask to ship with a copy go here instead, once per package.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Plugin } from "vite";

/** The package folder of a bundled module's path: …/node_modules/name or …/node_modules/@scope/name. */
function packageDir(id: string): string | undefined {
  const m = /^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(id.replace(/^\0/, "").split("?")[0]);
  return m?.[1];
}

const LICENCE_FILES = ["LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "license", "LICENSE-MIT", "COPYING"];

function notice(dir: string): { name: string; body: string } | undefined {
  const pkgFile = join(dir, "package.json");
  if (!existsSync(pkgFile)) return undefined;
  const pkg = JSON.parse(readFileSync(pkgFile, "utf8")) as { name?: string; version?: string; license?: string };
  const file = LICENCE_FILES.map((f) => join(dir, f)).find((f) => existsSync(f));
  const text = file === undefined ? `(no licence file in the package; package.json says: ${pkg.license ?? "nothing"})` : readFileSync(file, "utf8").trim();
  return { name: `${pkg.name}@${pkg.version} (${pkg.license ?? "licence not stated"})`, body: text };
}

/** Emits `fileName` listing every npm package whose code is in the build's chunks, with its licence text. */
export function thirdPartyNotices(fileName: string): Plugin {
  return {
    name: "mxsim-third-party-notices",
    apply: "build",
    generateBundle(_options, bundle) {
      const dirs = new Set<string>();
      for (const out of Object.values(bundle)) {
        if (out.type !== "chunk") continue;
        for (const id of out.moduleIds) {
          const d = packageDir(id);
          if (d !== undefined) dirs.add(d);
        }
      }
      // Packages whose licence text is the same word for word (stdlib's ~70 share one) are listed under it once.
      const byText = new Map<string, Set<string>>();
      for (const d of dirs) {
        const n = notice(d);
        if (n !== undefined) byText.set(n.body, (byText.get(n.body) ?? new Set()).add(n.name));
      }
      const groups = [...byText].map(([body, names]) => ({ names: [...names].sort(), body })).sort((a, b) => a.names[0].localeCompare(b.names[0]));
      const text = groups.map((g) => `${g.names.join("\n")}\n\n${g.body}\n`).join(`\n${"-".repeat(72)}\n\n`);
      this.emitFile({ type: "asset", fileName, source: `The packages bundled in this build and their licences.\n\n${text}` });
    },
  };
}
