// What `make demo` runs (after building the package): the Worker and the demo page on
// http://127.0.0.1:8787 in workerd, talking to the provider stand-in on 127.0.0.1:8788,
// until Ctrl-C. State (verifications, limits, the webhook secret) is kept in
// .demo-state/ at the repository's root, so a restart loses nothing.
//
// With KOMPAAS_TOKEN in the environment it talks to the real provider instead (at
// KOMPAAS_BASE_URL, default the real one): real calls, billed to that account.
// Every variable of wrangler.toml's [vars] set in the environment reaches the Worker:
//
//   CALLS_PER_HOUR=100 CLIENT_IP_CALLS_PER_HOUR=10 make demo      the deployed limits
//   node www/dev.mjs               DEMO_PORT / STAND_IN_PORT change the ports

import { spawnSync } from "node:child_process";

import { formatDigitTable } from "../stand-in/stand-in.mjs";
import path from "node:path";

import { DEMO_STATE_DIR, WWW_DIR, dependenciesMissing, packageMissing, startDemo, varsFromEnvironment } from "./demo-server.mjs";

const env = process.env;
const port = Number(env.DEMO_PORT ?? 8787);
const standInPort = Number(env.STAND_IN_PORT ?? 8788);
const realToken = env.KOMPAAS_TOKEN?.trim() || null;

if (packageMissing()) {
  console.error("pkg/ is not built yet: run `make demo` from the repository root (or `make build` first).");
  process.exit(1);
}
if (dependenciesMissing()) {
  console.log("Installing www/ dependencies (npm ci) ...");
  const install = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: WWW_DIR, stdio: "inherit" });
  if (install.status !== 0) {
    console.error("npm ci in www/ failed");
    process.exit(1);
  }
}

console.log(realToken ? "Starting the Worker against the REAL provider ..." : "Starting the provider stand-in and the Worker ...");
const fromEnvironment = varsFromEnvironment(env);
if (!realToken && fromEnvironment.KOMPAAS_BASE_URL !== undefined) {
  console.log("KOMPAAS_BASE_URL is ignored without KOMPAAS_TOKEN: the demo's token is the stand-in's.");
}
let demo;
try {
  demo = await startDemo({
    port,
    standInPort,
    stateDir: DEMO_STATE_DIR,
    provider: realToken ? { token: realToken } : null,
    webhookSecret: env.WEBHOOK_SECRET?.trim() || undefined,
    vars: fromEnvironment,
    onOutput: (line) => console.log(line),
  });
} catch (error) {
  console.error(`\nThe demo did not start: ${error.message}`);
  process.exit(1);
}

const rule = "-".repeat(78);
console.log(`\n${rule}`);
console.log(`Demo: ${demo.url}   (Worker API and page; Ctrl-C stops everything)`);
console.log(`State: ${path.relative(process.cwd(), demo.stateDir) || "."} (kept across restarts; make clean removes it)`);
const limits = ["CLIENT_IP_CALLS_PER_HOUR", "CALLS_PER_HOUR", "PHONE_NUMBER_INTERVAL_SECONDS", "PHONE_NUMBER_CALLS_PER_HOUR", "READS_PER_CLIENT_PER_MINUTE", "ALLOWED_COUNTRIES"];
console.log(`Settings: ${limits.map((name) => `${name}=${demo.vars[name]}`).join(" ")}`);
if (Object.keys(fromEnvironment).length > 0) console.log(`  from the environment: ${Object.keys(fromEnvironment).join(", ")}`);
if (demo.standIn) {
  console.log(`Provider stand-in: ${demo.standIn.url}; webhooks go to the Worker.`);
  console.log("\nThe outcome of a call depends on the LAST DIGIT of the number, e.g. +421 900 000 010:\n");
  console.log(formatDigitTable());
} else {
  console.log("Provider: the real one. Every call is billed and rings a real phone.");
  // The one deliberate print of the webhook secret: it is part of the URL the account
  // owner has to paste into the provider's dashboard.
  console.log("\nWebhook URL for the dashboard (Integrations > Webhooks). It CONTAINS YOUR WEBHOOK_SECRET,");
  console.log("printed on purpose so you can paste it; keep it out of screenshots and chat:");
  console.log(`  ${demo.webhookUrl}`);
  console.log("The provider cannot reach 127.0.0.1: deploy (see www/README.md), or expose this port");
  console.log("with a tunnel and use the tunnel's origin with the same path.");
}
console.log(`${rule}\n`);

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the Worker${demo.standIn ? " and the stand-in" : ""} ...`);
  await demo.stop();
  console.log("Stopped.");
  process.exit(0);
}
// Miniflare installs its own SIGINT/SIGTERM handlers, which exit at once; this process
// is the demo's, so it stops in order instead (the Worker, then the stand-in it calls).
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.removeAllListeners(signal);
  process.on(signal, () => stop(signal));
}
