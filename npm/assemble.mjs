// Assembles the publishable package in pkg/ from what `make build` produced in
// target/wasm-pack/ (wasm-pack's web target: the optimised .wasm and wasm-bindgen's glue)
// and the hand-written files in this folder. Each entry is a loader (its runtime's way of
// loading the .wasm; its default export is api.js's bind()), bundled by esbuild with the
// glue and the JavaScript face, minified, under the named exports that index.d.ts
// declares; the .wasm is shipped once and every entry loads it:
//   index.js                      browsers and bundlers (top-level await of init)
//   workerd.js                    Cloudflare Workers (the .wasm as a precompiled module)
//   node.mjs                      Node.js and Deno `import`
//   kompaas_confirmation_call.cjs Node.js `require` (shares node.mjs's instance)
//   index.d.ts, index.d.cts       the types, written by hand in index.d.ts
//   stand-in.mjs                  the provider stand-in (stand-in/), the `kompaas-stand-in` command
import { chmodSync, copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildSync } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = join(root, "pkg");
const built = join(root, "target", "wasm-pack");
const name = "kompaas_confirmation_call";

const fail = (message) => {
  console.error(`assemble: ${message}`);
  process.exit(1);
};

const cargo = readFileSync(join(root, "Cargo.toml"), "utf8");
const field = (key) => cargo.match(new RegExp(`^${key} = "([^"]*)"`, "m"))?.[1] ?? fail(`no ${key} in Cargo.toml`);

rmSync(pkg, { recursive: true, force: true });
mkdirSync(pkg, { recursive: true });
copyFileSync(join(built, `${name}_bg.wasm`), join(pkg, `${name}_bg.wasm`));

// The glue and the entries meet in one folder so that the entries' relative imports
// resolve; esbuild then inlines everything but the .wasm.
const staging = join(root, "target", "npm-staging");
rmSync(staging, { recursive: true, force: true });
mkdirSync(staging, { recursive: true });
copyFileSync(join(built, `${name}.js`), join(staging, `${name}.js`));
// ES modules, as they are; `make bench` also imports them from here.
writeFileSync(join(staging, "package.json"), '{ "type": "module" }\n');
for (const file of readdirSync(join(root, "npm")).filter((f) => /\.(m?js)$/.test(f) && f !== "assemble.mjs")) {
  copyFileSync(join(root, "npm", file), join(staging, file));
}

// The package's functions, named once: the `export function` declarations of index.d.ts.
// Any other value export there would be left out of the entries, so it stops the build.
const declarations = readFileSync(join(root, "npm", "index.d.ts"), "utf8");
const unhandled = declarations.match(/^export\s+(?:declare\s+)?(?:const|let|var|class|enum|namespace|module|default|\{|\*|=)/m);
if (unhandled) fail(`index.d.ts: a value export that is not a function: ${unhandled[0]}`);
const names = [...new Set(Array.from(declarations.matchAll(/^export\s+(?:declare\s+)?function\s+([A-Za-z_$][\w$]*)/gm), (m) => m[1]))].sort();
// They must be what bind() returns, no more, no less: an entry would otherwise export
// undefined or leave a function out.
{
  const { initSync } = await import(pathToFileURL(join(staging, `${name}.js`)).href);
  const { bind } = await import(pathToFileURL(join(staging, "api.js")).href);
  const bound = Object.keys(bind(initSync({ module: new WebAssembly.Module(readFileSync(join(built, `${name}_bg.wasm`))) }))).sort();
  if (names.join() !== bound.join()) fail(`index.d.ts declares ${names.join(", ")}; api.js's bind() returns ${bound.join(", ")}`);
}

const entries = [
  { source: "index.js", out: "index.js", format: "esm", platform: "browser" },
  { source: "workerd.js", out: "workerd.js", format: "esm", platform: "neutral" },
  { source: "node.mjs", out: "node.mjs", format: "esm", platform: "node" },
  { source: "node.cjs.mjs", out: `${name}.cjs`, format: "cjs", platform: "node" },
];
for (const entry of entries) {
  const result = buildSync({
    stdin: {
      contents: `import api from "./${entry.source}";\nexport const { ${names.join(", ")} } = api;\n`,
      resolveDir: staging,
      sourcefile: `${entry.out} (npm/assemble.mjs)`,
      loader: "js",
    },
    outfile: join(pkg, entry.out),
    bundle: true,
    format: entry.format,
    platform: entry.platform,
    target: "es2022",
    minify: true,
    legalComments: "none",
    external: ["*.wasm", "node:*"],
    define: { PACKAGE_VERSION: JSON.stringify(field("version")) },
    // The glue's own default `init()` path names import.meta.url; the CommonJS entry
    // never takes it (it calls initSync).
    logOverride: { "empty-import-meta": "silent" },
    banner: { js: `/* ${field("name")} ${field("version")} (${field("license")}) */` },
  });
  if (result.errors.length > 0) fail(`esbuild: ${entry.source}`);
}

writeFileSync(join(pkg, "index.d.ts"), declarations);
writeFileSync(join(pkg, "index.d.cts"), declarations);

// The npm page is the repository README for users: its introduction, then "Install" up to
// "Development"; the developer sections (make demo, make test) stay in the repository.
const readme = readFileSync(join(root, "README.md"), "utf8");
const section = (heading) => readme.indexOf(`\n## ${heading}\n`);
if (section("Two commands") < 0 || section("Install") < 0 || section("Development") < 0) {
  fail("README.md lacks the sections the npm README is cut from");
}
const repositoryUrl = field("repository");
const npmReadme = `${readme.slice(0, section("Two commands"))}${readme.slice(section("Install"), section("Development"))}`
  .replace(/\]\((?!https?:)([^)]+)\)/g, (_, path) => `](${repositoryUrl}/blob/main/${path})`)
  .trimEnd();
writeFileSync(join(pkg, "README.md"), `${npmReadme}\n`);

copyFileSync(join(root, "LICENSE"), join(pkg, "LICENSE"));

// The stand-in is one file with Node's built-in modules only: shipped as it is.
copyFileSync(join(root, "stand-in", "stand-in.mjs"), join(pkg, "stand-in.mjs"));
chmodSync(join(pkg, "stand-in.mjs"), 0o755);

const shipped = [
  "index.js",
  "workerd.js",
  "node.mjs",
  `${name}.cjs`,
  `${name}_bg.wasm`,
  "index.d.ts",
  "index.d.cts",
  "README.md",
  "LICENSE",
  "stand-in.mjs",
];
for (const file of readdirSync(pkg)) {
  if (!shipped.includes(file) && file !== "package.json") rmSync(join(pkg, file), { recursive: true });
}

const esm = { types: "./index.d.ts" };
const cjs = { types: "./index.d.cts", default: `./${name}.cjs` };
const manifest = {
  name: "kompaas-confirmation-call",
  version: field("version"),
  description: field("description"),
  license: field("license"),
  repository: { type: "git", url: `git+${field("repository")}.git` },
  keywords: ["kompaas", "confirmation-call", "phone-verification", "otp", "webhook", "wasm", "cloudflare-workers"],
  type: "module",
  engines: { node: ">=18" },
  // The entries instantiate the wasm when first imported; nothing else has side effects.
  sideEffects: ["./index.js", "./workerd.js", "./node.mjs", `./${name}.cjs`],
  main: `./${name}.cjs`,
  module: "./index.js",
  types: "./index.d.ts",
  bin: { "kompaas-stand-in": "./stand-in.mjs" },
  exports: {
    ".": {
      workerd: { ...esm, default: "./workerd.js" },
      deno: { ...esm, default: "./node.mjs" },
      node: { import: { ...esm, default: "./node.mjs" }, require: cjs },
      browser: { ...esm, default: "./index.js" },
      import: { ...esm, default: "./index.js" },
      require: cjs,
      default: { ...esm, default: "./index.js" },
    },
    "./package.json": "./package.json",
  },
  files: shipped,
};
writeFileSync(join(pkg, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`assemble: pkg/ holds ${manifest.name}@${manifest.version}`);
