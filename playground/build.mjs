// Bundle the playground (src/index.js) into one minified script, with esbuild (pinned in
// package.json / package-lock.json; `make setup` installs it). The book's build runs this
// (tools/playground_ext.py); nothing is fetched at build or run time.
//
// Usage: node build.mjs [OUTDIR]   (default: dist/)  -> OUTDIR/nn-playground.js
import { build } from "esbuild";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const outdir = resolve(process.argv[2] || join(here, "dist"));

await build({
  entryPoints: [join(here, "src", "index.js")],
  outfile: join(outdir, "nn-playground.js"),
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  legalComments: "none",
  logLevel: "warning",
});
