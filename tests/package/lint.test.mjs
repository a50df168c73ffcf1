// The packed tarball through the two linters of npm packages: Are the Types Wrong (attw:
// every entry resolves, with the right types, under node10, node16 from CommonJS and from
// ESM, and bundlers) and publint (the manifest's fields point at files that exist and say
// what those files are). Either one's complaint fails the test with its whole report.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { BIN, run, tarball } from "./consumers.mjs";

const env = { NO_COLOR: "1", FORCE_COLOR: "0" };

test("attw: no problem in any entry under any module resolution", async () => {
  const { code, stdout, stderr } = await run(join(BIN, "attw"), ["--profile", "strict", "--format", "ascii", tarball()], { env });
  assert.equal(code, 0, `${stdout}\n${stderr}`);
  assert.match(stdout, /No problems found/, stdout);
});

test("publint: all good, warnings and suggestions included", async () => {
  const { code, stdout, stderr } = await run(join(BIN, "publint"), ["run", "--strict", "--level", "suggestion", tarball()], { env });
  assert.equal(code, 0, `${stdout}\n${stderr}`);
  assert.match(stdout, /All good!/, stdout);
});
