// Assembles the publishable package in pkg/ from what `make build` produced:
//   pkg/kompaas_confirmation_call.js and _bg.wasm   wasm-pack's web target (optimised wasm)
//   target/glue/nodejs/…                           wasm-bindgen's nodejs target (CommonJS)
// plus the hand-written entries in this folder. wasm-bindgen 0.2.130 emits the same .wasm
// for every target, so the package ships the .wasm once and every glue file loads it;
// that is checked here (target/glue/web is the web target's unoptimised twin).
import { copyFileSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = join(root, "pkg");
const glue = join(root, "target", "glue");
const name = "kompaas_confirmation_call";

const fail = (message) => {
  console.error(`assemble: ${message}`);
  process.exit(1);
};

const webWasm = readFileSync(join(glue, "web", `${name}_bg.wasm`));
const nodeWasm = readFileSync(join(glue, "nodejs", `${name}_bg.wasm`));
if (!webWasm.equals(nodeWasm)) {
  fail("wasm-bindgen made different .wasm files for the web and nodejs targets; one .wasm cannot serve both");
}

const cargo = readFileSync(join(root, "Cargo.toml"), "utf8");
const field = (key) => cargo.match(new RegExp(`^${key} = "([^"]*)"`, "m"))?.[1] ?? fail(`no ${key} in Cargo.toml`);

// The CommonJS glue loads `${__dirname}/kompaas_confirmation_call_bg.wasm`: the same file.
copyFileSync(join(glue, "nodejs", `${name}.js`), join(pkg, `${name}.cjs`));

// One declaration file serves every entry: the nodejs target's, which has no init().
const declarations = readFileSync(join(glue, "nodejs", `${name}.d.ts`), "utf8");
writeFileSync(join(pkg, "index.d.ts"), declarations);
writeFileSync(join(pkg, "index.d.cts"), declarations);

// The web glue names its own .d.ts, which the package does not ship (index.d.ts stands for it).
const webGluePath = join(pkg, `${name}.js`);
const webGlue = readFileSync(webGluePath, "utf8").replace(/^\/\* @ts-self-types=.*\*\/\n/, "");
writeFileSync(webGluePath, webGlue);

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

for (const entry of ["index.js", "workerd.js", "node.mjs"]) {
  copyFileSync(join(root, "npm", entry), join(pkg, entry));
}
copyFileSync(join(root, "LICENSE"), join(pkg, "LICENSE"));

const shipped = [
  "index.js",
  "workerd.js",
  "node.mjs",
  `${name}.js`,
  `${name}.cjs`,
  `${name}_bg.wasm`,
  "index.d.ts",
  "index.d.cts",
  "README.md",
  "LICENSE",
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
    [`./${name}_bg.wasm`]: `./${name}_bg.wasm`,
    "./package.json": "./package.json",
  },
  files: shipped,
};
writeFileSync(join(pkg, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`assemble: pkg/ holds ${manifest.name}@${manifest.version}`);
