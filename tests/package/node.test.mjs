// The packed tarball in fresh Node projects: ESM import, CommonJS require, and Deno from
// npm. Each calls every function and runs the confirmationCall scenarios against the
// provider stand-in.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { makeConsumer, run, lastJson, BIN } from "./consumers.mjs";
import { startProvider } from "../runtimes/harness.mjs";

let provider;
before(async () => { provider = await startProvider(); });
after(async () => { await provider.standIn.close(); });

const env = () => ({ SCENARIO_TARGET: JSON.stringify(provider.where) });

function assertReport(report, label) {
  assert.deepEqual(report.problems, [], `${label}: every function works`);
  assert.deepEqual(report.scenarioProblems, [], `${label}: confirmationCall scenarios`);
}

test("Node ESM: import by name", async () => {
  const dir = makeConsumer("node-esm", {
    "main.mjs": `import * as api from "kompaas-confirmation-call";
import { exercise } from "./exercise.mjs";
import { runScenarios, checkScenarioResults } from "./scenarios.mjs";
const where = JSON.parse(process.env.SCENARIO_TARGET);
const problems = exercise(api);
const scenarioProblems = checkScenarioResults(await runScenarios(api, where), where.token);
console.log(JSON.stringify({ problems, scenarioProblems }));
`,
  });
  const { code, stdout, stderr } = await run("node", ["main.mjs"], { cwd: dir, env: env() });
  assert.equal(code, 0, stderr);
  assertReport(lastJson(stdout), "Node ESM");
});

test("Node CommonJS: require by name, one wasm instance shared with import", async () => {
  const dir = makeConsumer("node-cjs", {
    "main.cjs": `const api = require("kompaas-confirmation-call");
(async () => {
  const { exercise } = await import("./exercise.mjs");
  const { runScenarios, checkScenarioResults } = await import("./scenarios.mjs");
  const imported = await import("kompaas-confirmation-call");
  const where = JSON.parse(process.env.SCENARIO_TARGET);
  const problems = exercise({ ...api });
  if (imported.normalizePhoneNumber !== api.normalizePhoneNumber) problems.push("import and require load two copies");
  const scenarioProblems = checkScenarioResults(await runScenarios(api, where), where.token);
  console.log(JSON.stringify({ problems, scenarioProblems }));
})();
`,
  }, { packageJson: { type: "commonjs" } });
  const { code, stdout, stderr } = await run("node", ["main.cjs"], { cwd: dir, env: env() });
  assert.equal(code, 0, stderr);
  assertReport(lastJson(stdout), "Node CommonJS");
});

test("Deno: npm: specifier", async () => {
  const dir = makeConsumer("deno", {
    "main.mjs": `import * as api from "npm:kompaas-confirmation-call";
import { exercise } from "./exercise.mjs";
import { runScenarios, checkScenarioResults } from "./scenarios.mjs";
const where = JSON.parse(Deno.env.get("SCENARIO_TARGET"));
const problems = exercise({ ...api });
const scenarioProblems = checkScenarioResults(await runScenarios(api, where), where.token);
console.log(JSON.stringify({ problems, scenarioProblems, deno: Deno.version.deno }));
`,
  });
  const { code, stdout, stderr } = await run(join(BIN, "deno"), ["run", "--quiet", "--allow-net=127.0.0.1", "--allow-read", "--allow-env=SCENARIO_TARGET", "main.mjs"], {
    cwd: dir,
    env: { ...env(), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
  });
  assert.equal(code, 0, stderr);
  const report = lastJson(stdout);
  assert.match(report.deno, /^2\./);
  assertReport(report, "Deno");
});
