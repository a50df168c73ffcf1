// The packed tarball in browsers, loaded in headless Chromium by Playwright: a plain page
// importing the package file with <script type="module">, a Vite app built with no wasm
// plugin, and an esbuild bundle. Each shows a result computed by the package, calls every function, and
// runs the confirmationCall scenarios cross-origin against the provider stand-in.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeConsumer, run, BIN } from "./consumers.mjs";
import { startProvider, serveStatic, launchChromium, runPage } from "../runtimes/harness.mjs";

let provider;
let browser;
before(async () => {
  provider = await startProvider();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await provider?.standIn.close();
});

/** The page script both consumers share; `importLine` is how each gets the package. */
const pageScript = (importLine) => `${importLine}
import { exercise } from "./exercise.mjs";
import { runScenarios, checkScenarioResults } from "./scenarios.mjs";

const shown = interpretCallStatus(16, "ANSWER");
document.querySelector("#result").textContent = shown.outcome + ": " + shown.description;
const where = JSON.parse(new URLSearchParams(location.search).get("where"));
const problems = exercise({ ...api });
const scenarioProblems = checkScenarioResults(await runScenarios(api, where), where.token);
window.__results = { problems, scenarioProblems };
window.__done = true;
`;

const html = (script) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>consumer</title></head>
<body><p id="result">loading…</p>${script}</body></html>
`;

async function checkPage(root, label) {
  const server = await serveStatic(root);
  try {
    const url = `${server.url}/?where=${encodeURIComponent(JSON.stringify(provider.where))}`;
    const { results, text, pageErrors } = await runPage(browser.context, url);
    assert.deepEqual(pageErrors, [], `${label}: uncaught errors`);
    assert.match(text, /answered: The call was answered\./, `${label}: the page shows the package's result`);
    assert.deepEqual(results.problems, [], `${label}: every function works`);
    assert.deepEqual(results.scenarioProblems, [], `${label}: confirmationCall scenarios`);
  } finally {
    await server.close();
  }
}

test("plain browser page: <script type=module> imports the package file, no init call", async () => {
  const dir = makeConsumer("browser-plain", {
    "index.html": html(`<script type="module">
${pageScript(`import * as api from "./node_modules/kompaas-confirmation-call/index.js";
import { interpretCallStatus } from "./node_modules/kompaas-confirmation-call/index.js";`)}
</script>`),
  });
  await checkPage(dir, "plain page");
});

test("Vite app with no wasm plugin: vite build, served statically", async () => {
  const dir = makeConsumer("vite", {
    "index.html": html('<script type="module" src="/main.js"></script>'),
    "main.js": pageScript(`import * as api from "kompaas-confirmation-call";
import { interpretCallStatus } from "kompaas-confirmation-call";`),
  });
  const { code, stdout, stderr } = await run(join(BIN, "vite"), ["build", "--logLevel", "warn"], { cwd: dir });
  assert.equal(code, 0, `${stdout}\n${stderr}`);
  const assets = readdirSync(join(dir, "dist", "assets"));
  assert.ok(assets.some((f) => f.endsWith(".wasm")), `vite emitted the .wasm as an asset: ${assets}`);
  assert.ok(existsSync(join(dir, "dist", "index.html")));
  await checkPage(join(dir, "dist"), "Vite build");
});

test("esbuild bundle: no plugin, the .wasm copied next to the bundle as the README says", async () => {
  const dir = makeConsumer("esbuild", {
    "main.js": pageScript(`import * as api from "kompaas-confirmation-call";
import { interpretCallStatus } from "kompaas-confirmation-call";`),
  });
  const { code, stdout, stderr } = await run(join(BIN, "esbuild"), ["main.js", "--bundle", "--format=esm", "--outdir=dist", "--log-level=warning"], { cwd: dir });
  assert.equal(code, 0, `${stdout}\n${stderr}`);
  // esbuild leaves `new URL("./…_bg.wasm", import.meta.url)` as it is: the file goes next to the bundle.
  copyFileSync(join(dir, "node_modules", "kompaas-confirmation-call", "kompaas_confirmation_call_bg.wasm"), join(dir, "dist", "kompaas_confirmation_call_bg.wasm"));
  writeFileSync(join(dir, "dist", "index.html"), html('<script type="module" src="./main.js"></script>'));
  await checkPage(join(dir, "dist"), "esbuild bundle");
});
