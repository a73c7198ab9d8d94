/**
 * The dev server's simulation worker, served as one bundle.
 *
 * In `npm start`, Vite serves every source module on request, transformed one by
 * one. The page's own modules are few, but the worker imports the whole simulator,
 * about 130 modules, and the browser only learns each module's imports after it
 * has fetched the one before: a waterfall of round trips, and on a first-ever start
 * a transform per module besides: on 2 cores, 1.2–2.0 s after navigation on a
 * first-ever start before the worker's last module arrives.
 *
 * So the worker is bundled with esbuild (the bench's bundler too) when the server
 * starts, in parallel with everything else, and its request is answered with the
 * bundle: one response, nothing to discover. The bundle is rebuilt incrementally when
 * one of its source files changes, and the page is reloaded (a module worker has no
 * hot replacement in Vite either). The production build (`npm run build`) is
 * untouched: Vite bundles the worker there itself.
 */
import { resolve } from "node:path";
import { context } from "esbuild";
import type { Plugin } from "vite";

interface Built {
  code: string;
  /** Absolute paths of the files in the bundle, to know which edits need a rebuild. */
  inputs: Set<string>;
}

export function devWorkerBundle(entry: string): Plugin {
  return {
    name: "mxsim-dev-worker-bundle",
    apply: "serve",
    async configureServer(server) {
      const root = server.config.root;
      const ctx = await context({
        entryPoints: [resolve(root, entry)],
        absWorkingDir: root,
        bundle: true,
        format: "esm",
        platform: "browser",
        target: "es2022",
        write: false,
        sourcemap: "inline",
        metafile: true,
        logLevel: "silent",
        // As vite.config.ts aliases it: dns-packet's require("buffer") gets the npm package.
        alias: { buffer: "buffer/" },
      });
      const build = async (): Promise<Built> => {
        try {
          const r = await ctx.rebuild();
          return { code: r.outputFiles?.[0]?.text ?? "", inputs: new Set(Object.keys(r.metafile?.inputs ?? {}).map((p) => resolve(root, p))) };
        } catch (e) {
          // A syntax error in a source file: the worker throws it, and the page's error panel shows it.
          const msg = e instanceof Error ? e.message : String(e);
          return { code: `throw new Error(${JSON.stringify(`worker bundle: ${msg}`)});\n`, inputs: new Set() };
        }
      };
      let current = build();
      const rebuild = (file: string): void => {
        void current.then((b) => {
          if (b.inputs.size > 0 && !b.inputs.has(resolve(file))) return;
          current = build();
          void current.then(() => server.ws.send({ type: "full-reload" }));
        });
      };
      server.watcher.on("change", rebuild);
      server.watcher.on("unlink", rebuild);
      server.httpServer?.once("close", () => void ctx.dispose());
      const path = `/${entry}?worker_file`;
      server.middlewares.use((req, res, next) => {
        if (req.url === undefined || !req.url.startsWith(path)) return next();
        current.then((b) => {
          res.setHeader("Content-Type", "text/javascript; charset=utf-8");
          res.setHeader("Cache-Control", "no-cache");
          res.end(b.code);
        }, next);
      });
    },
  };
}
