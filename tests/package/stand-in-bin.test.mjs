// The provider stand-in as a user gets it: the `kompaas-stand-in` command of the
// installed tarball, run from a fresh project's node_modules/.bin.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { makeConsumer, run } from "./consumers.mjs";

const API_PATH = "/api/protected/api/auth/confirmationCall";
let dir;
let command;

before(() => {
  dir = makeConsumer("stand-in-bin", {});
  command = join(dir, "node_modules", ".bin", "kompaas-stand-in");
});

test("the shipped stand-in imports Node's built-in modules only", () => {
  const source = readFileSync(join(dir, "node_modules", "kompaas-confirmation-call", "stand-in.mjs"), "utf8");
  const specifiers = [...source.matchAll(/^\s*import\s[^"']*["']([^"']+)["']/gm)].map((match) => match[1]);
  assert.ok(specifiers.length > 0);
  for (const specifier of specifiers) assert.match(specifier, /^node:/);
  assert.doesNotMatch(source, /\bimport\(/, "no dynamic import");
});

test("kompaas-stand-in --help prints the usage and the digit table", async () => {
  const { code, stdout, stderr } = await run(command, ["--help"], { cwd: dir });
  assert.equal(code, 0, stderr);
  assert.match(stdout, /^usage: kompaas-stand-in /);
  assert.match(stdout, /--webhook-url URL/);
  for (let digit = 0; digit <= 9; digit += 1) assert.match(stdout, new RegExp(`^${digit}\\s`, "m"));
});

test("kompaas-stand-in answers the provider's request with test-token, never shows the token, stops on SIGTERM", async () => {
  const child = spawn(command, ["--port", "0", "--quiet"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => { stderr += chunk; });
  try {
    const lines = createInterface({ input: child.stdout });
    const [first] = await once(lines, "line");
    const url = /^stand-in listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(first)?.[1];
    assert.ok(url, `${first}\n${stderr}`);
    const response = await fetch(url + API_PATH, {
      method: "POST",
      headers: { accept: "application/json", "Content-Type": "application/json", Authorization: "Bearer test-token" },
      body: JSON.stringify({ phone_number: "421900123458" }),
    });
    assert.equal(response.status, 500, "digit 8: the API answers 500");
    const refused = await fetch(url + API_PATH, { method: "POST", headers: { Authorization: "Bearer other" }, body: "{}" });
    assert.equal(refused.status, 401);
    const stats = await (await fetch(`${url}/__stand-in/stats`)).text();
    assert.equal(JSON.parse(stats).apiRequests, 2);
    assert.ok(!stats.includes("test-token") && !stats.includes("Bearer other"), stats);
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    assert.equal(code, 0, stderr);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
});
