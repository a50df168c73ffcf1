// The packed tarball's types in a strict TypeScript consumer, with both module
// resolutions users have: "bundler" and "node16" (ESM and CommonJS files).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { makeConsumer, run, ROOT, BIN } from "./consumers.mjs";

const consumerTs = readFileSync(join(ROOT, "tests", "types", "consumer.ts"), "utf8");
const common = { strict: true, noEmit: true, target: "es2022", lib: ["es2022", "dom"], noUnusedLocals: false, skipLibCheck: false, exactOptionalPropertyTypes: true };

test("strict TypeScript compiles with bundler and node16 resolution; misuse does not", async () => {
  const dir = makeConsumer("typescript", {
    "consumer.ts": consumerTs,
    "consumer-cjs.cts": `import kcc = require("kompaas-confirmation-call");
const digits: string = kcc.normalizePhoneNumber("+421 222 202 999");
const status: kcc.CallStatus = kcc.interpretCallStatus(16, "ANSWER");
// @ts-expect-error: a number as phoneNumber
kcc.normalizePhoneNumber(421222202999);
// @ts-expect-error: misspelt field
void status.outcom;
export { digits };
`,
    "tsconfig.bundler.json": JSON.stringify({ compilerOptions: { ...common, module: "esnext", moduleResolution: "bundler" }, files: ["consumer.ts"] }),
    "tsconfig.node16.json": JSON.stringify({ compilerOptions: { ...common, module: "node16", moduleResolution: "node16" }, files: ["consumer.ts", "consumer-cjs.cts"] }),
  });
  for (const config of ["tsconfig.bundler.json", "tsconfig.node16.json"]) {
    const { code, stdout, stderr } = await run(join(BIN, "tsc"), ["-p", config], { cwd: dir });
    assert.equal(code, 0, `${config}:\n${stdout}${stderr}`);
  }
});
