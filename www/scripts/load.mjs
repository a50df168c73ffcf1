// Load figures for the reference Worker in `make demo`'s setup, on loopback only, in
// bounded time: bursts (everything at once) and steady load (a fixed number of
// connections), with requests per second, latency percentiles and the 5xx count.
//
//   make load                      (after make build)
//   node www/scripts/load.mjs [--scale 0.2]
//
// It starts its own demo (stand-in, Worker, a temporary state) with limits raised far
// enough that the steady scenarios measure the Worker, not its 429s; the bursts keep
// the per-number limit, as deployed. Exit code 1 if any answer was a 5xx or a network
// error.

import http from "node:http";
import { parseArgs } from "node:util";

import { send } from "../../tests/demo/demo-setup.mjs";
import { freePort, startDemo } from "../demo-server.mjs";

const { values } = parseArgs({ options: { scale: { type: "string", default: "1" } } });
const scale = Number(values.scale);
if (!(scale > 0 && scale <= 1)) {
  console.error("--scale must be a number in (0, 1]");
  process.exit(2);
}
const n = (count) => Math.max(10, Math.round(count * scale));

const ROUTINE = /"event":"(verification_started|call_placed|webhook_received|call_refused)"|\[stand-in\] (api|webhook) /;

console.log("Starting the demo (stand-in + Worker) on loopback ...");
const demo = await startDemo({
  port: await freePort(),
  standInPort: 0,
  webhookDelayMs: 100,
  // LOAD_VERBOSE=1: the Worker's and the stand-in's lines other than the routine events.
  onOutput: process.env.LOAD_VERBOSE ? (line) => ROUTINE.test(line) || console.log(`    | ${line}`) : undefined,
  vars: {
    CALLS_PER_HOUR: "1000000",
    CLIENT_IP_CALLS_PER_HOUR: "1000000",
    READS_PER_CLIENT_PER_MINUTE: "1000000",
  },
});

const rows = [];
let failures = 0;
try {
  const url = (path) => new URL(path, demo.url);
  const json = { "Content-Type": "application/json" };
  // A browser's reader cookie and one verification it may read.
  const first = await send(url("/api/verifications"), { method: "POST", headers: json, body: JSON.stringify({ phoneNumber: number(999_999) }) });
  if (first.status !== 202) throw new Error(`the first start was answered ${first.status}, not 202: ${first.text.slice(0, 200)}`);
  const reader = { id: JSON.parse(first.text).id, cookie: first.headers.getSetCookie()[0].split(";")[0] };

  const start = (phone) => (agent) => send(url("/api/verifications"), { method: "POST", headers: json, body: JSON.stringify({ phoneNumber: phone }) }, agent);
  const read = (id) => (agent) => send(url(`/api/verifications/${id}`), { headers: { Cookie: reader.cookie } }, agent);
  let uuid = 0;
  const webhook = (agent) =>
    send(
      new URL(demo.webhookUrl),
      {
        method: "POST",
        headers: json,
        body: JSON.stringify({ verification_call_uuid: `${(uuid++).toString(16).padStart(12, "0")}_117793`, q931_status: 16, final_status: "ANSWER" }),
      },
      agent,
    );
  let sequence = 0;

  await measure("burst: starts for one number", n(1000), n(1000), start(number(0)));
  await measure("burst: reads of unknown ids", n(200), n(200), (agent) => read(`unknown${String(sequence++).padStart(15, "0")}`)(agent));
  await measure("burst: webhooks for new uuids", n(200), 50, webhook);
  await measure("steady: reads of one verification", n(3000), 20, read(reader.id));
  await measure("steady: starts, a new number each", n(500), 10, (agent) => start(number(1 + sequence++))(agent));
  await measure("steady: webhooks for new uuids", n(1000), 20, webhook);
} finally {
  await demo.stop();
}

console.log(`\n| scenario | requests | at once | answers | 5xx | req/s | p50 ms | p99 ms | max ms |`);
console.log(`| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |`);
for (const row of rows) {
  console.log(
    `| ${row.name} | ${row.requests} | ${row.concurrency} | ${row.answers} | ${row.errors} | ${row.perSecond} | ${row.p50} | ${row.p99} | ${row.max} |`,
  );
}
console.log(`\n${failures === 0 ? "No 5xx, no network errors." : `${failures} answers were 5xx or network errors.`}`);
process.exitCode = failures === 0 ? 0 : 1;

/**
 * `count` requests from `make`, `concurrency` at a time, over connections of their own
 * (a client's idle connections from one scenario never meet the next); one row.
 */
async function measure(name, count, concurrency, make) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const latencies = [];
  const statuses = {};
  let next = 0;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        next += 1;
        const sentAt = performance.now();
        let status;
        try {
          status = (await make(agent)).status;
        } catch (error) {
          status = `network error (${error.cause?.code ?? error.message})`;
        }
        latencies.push(performance.now() - sentAt);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - startedAt) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]);
  const errors = Object.entries(statuses)
    .filter(([status]) => !/^[1-4]\d\d$/.test(status))
    .reduce((sum, [, each]) => sum + each, 0);
  failures += errors;
  const row = {
    name,
    requests: count,
    concurrency: Math.min(concurrency, count),
    answers: Object.entries(statuses)
      .map(([status, each]) => `${each} × ${status}`)
      .join(", "),
    errors,
    perSecond: Math.round(count / seconds),
    p50: at(0.5),
    p99: at(0.99),
    max: Math.round(latencies.at(-1)),
  };
  rows.push(row);
  console.log(`${name}: ${row.answers}; ${row.perSecond} req/s, p99 ${row.p99} ms`);
}

/** A Slovak mobile number: the stand-in's answer depends on its last digit (2: not answered). */
function number(i) {
  return `+4219${String(i).padStart(7, "0")}2`;
}
