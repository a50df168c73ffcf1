// `make demo`'s setup as a function, so the tests in tests/demo/ run exactly what a
// person running the demo gets: the package's browser files copied into public/, the
// provider stand-in, and the Worker with its page in workerd.
//
//   const demo = await startDemo({ port: 8787, stateDir: ".demo-state" });   // ... demo.url ...
//   await demo.stop();
//
// The Worker runs in workerd through Miniflare, configured from wrangler.toml by
// wrangler itself (unstable_getMiniflareWorkerOptions) and bundled by wrangler
// (`wrangler deploy --dry-run`): the same runtime, bindings, static assets and Durable
// Objects as `wrangler dev`, without two things `wrangler dev` adds in front of the
// Worker. Its reload proxy answers 503 "Your worker restarted mid-request" to some
// requests of a burst (www/scripts/wrangler-dev-burst.mjs shows it with a five-line
// Worker), and it prints every request's path, webhook secret included.
//
// Secrets never reach a command line or a file in the repository: the token and the
// webhook secret are handed to workerd in memory, and everything the Worker and the
// stand-in print passes through a filter that replaces them and every webhook path
// segment.

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { startStandIn } from "../stand-in/stand-in.mjs";
import { PACKAGE_DIR, copyPackageAssets } from "./scripts/copy-package.mjs";
import { WEBHOOK_SECRET_PATTERN } from "./src/config.js";

export const WWW_DIR = path.dirname(fileURLToPath(import.meta.url));
/** Where `make demo` keeps its state across restarts (git-ignored, `make clean` removes it). */
export const DEMO_STATE_DIR = path.resolve(WWW_DIR, "../.demo-state");
const WRANGLER_TOML = path.join(WWW_DIR, "wrangler.toml");
const WRANGLER_BIN = path.join(WWW_DIR, "node_modules/wrangler/bin/wrangler.js");
const INSTALLED_PACKAGE = path.join(WWW_DIR, "node_modules/kompaas-confirmation-call/package.json");
const INSTALLED_MINIFLARE = path.join(WWW_DIR, "node_modules/miniflare/package.json");
const requireFromWww = createRequire(path.join(WWW_DIR, "package.json"));

/**
 * Settings `make demo` gives the Worker on top of wrangler.toml's deployed defaults.
 * Every request comes from loopback there, so the per-client limits and the account-wide
 * budget are raised, and every country is allowed so that the stand-in's table works
 * with any number. The per-number limits (60 s, 5 an hour) stay as deployed.
 * Variables of wrangler.toml's [vars] set in the environment override these
 * (varsFromEnvironment).
 */
export const DEMO_VARS = Object.freeze({
  CLIENT_IP_CALLS_PER_HOUR: "1000",
  CALLS_PER_HOUR: "1000",
  READS_PER_CLIENT_PER_MINUTE: "6000",
  ALLOWED_COUNTRIES: "*",
});

/** True when the package has not been built into ../pkg yet (make build). */
export function packageMissing() {
  return !existsSync(path.join(PACKAGE_DIR, "package.json"));
}

/** True when `npm ci` has to run in www/ before startDemo can. */
export function dependenciesMissing() {
  return !existsSync(WRANGLER_BIN) || !existsSync(INSTALLED_PACKAGE) || !existsSync(INSTALLED_MINIFLARE);
}

/** The names in wrangler.toml's [vars], and their deployed values. */
export function wranglerVars() {
  return tomlWorkerOptions().bindings;
}

let parsedToml = null;
/** wrangler.toml as wrangler configures Miniflare from it: read once, a copy each time. */
function tomlWorkerOptions() {
  parsedToml ??= requireFromWww("wrangler").unstable_getMiniflareWorkerOptions(WRANGLER_TOML).workerOptions;
  return structuredClone(parsedToml);
}

/**
 * Every variable of wrangler.toml's [vars] that `environment` sets, so that
 * `CALLS_PER_HOUR=100 CLIENT_IP_CALLS_PER_HOUR=10 make demo` runs the deployed limits.
 * Secrets are not vars: KOMPAAS_TOKEN and WEBHOOK_SECRET are read by dev.mjs itself.
 */
export function varsFromEnvironment(environment, names = Object.keys(wranglerVars())) {
  const vars = {};
  for (const name of names) {
    const value = environment[name];
    if (value !== undefined) vars[name] = value;
  }
  return vars;
}

/**
 * Start the stand-in (unless `provider` is given) and the Worker; resolves once both
 * answer.
 *
 * @param {object} [options]
 * @param {string} [options.host="127.0.0.1"]
 * @param {number} [options.port=8787] the Worker's and page's port, 0 = any free one
 * @param {number} [options.standInPort=8788] the stand-in's port, 0 = any free one
 * @param {{ token: string } | null} [options.provider=null] the real provider instead of
 *   the stand-in, at KOMPAAS_BASE_URL (wrangler.toml's, or `vars`')
 * @param {string | null} [options.stateDir=null] where Durable Object state (and the
 *   webhook secret, unless given) is kept across runs; null = a fresh temporary one,
 *   removed by stop()
 * @param {string} [options.webhookSecret] default: the one kept in stateDir, or a new one
 * @param {number} [options.webhookDelayMs=2000] the stand-in's pause before the webhook
 * @param {number} [options.slowMs=30000] how long the stand-in holds a digit-9 answer
 * @param {Record<string, string>} [options.vars] Worker vars, over DEMO_VARS
 * @param {(text: string) => void} [options.onOutput] the Worker's and the stand-in's
 *   output, line by line, secrets and webhook paths replaced
 */
export async function startDemo(options = {}) {
  const {
    host = "127.0.0.1",
    port = 8787,
    standInPort = 8788,
    provider = null,
    stateDir = null,
    webhookDelayMs = 2000,
    slowMs = 30_000,
    vars = {},
    onOutput = () => {},
  } = options;
  if (packageMissing()) throw new Error("pkg/ is not built: run `make build` first");
  if (dependenciesMissing()) throw new Error("www/node_modules is incomplete: run `npm ci` in www/");
  await copyPackageAssets();

  const cleanups = [];
  const cleanUp = async () => {
    for (const step of cleanups.reverse()) await step().catch(() => {});
    cleanups.length = 0;
  };
  // Private to this run: the bundle, wrangler's debug logs, and the state when no
  // stateDir is given.
  const workDir = await mkdtemp(path.join(os.tmpdir(), "kompaas-demo-"));
  cleanups.push(() => rm(workDir, { recursive: true, force: true }));
  await chmod(workDir, 0o700);
  const state = stateDir ? path.resolve(stateDir) : path.join(workDir, "state");
  await mkdir(state, { recursive: true, mode: 0o700 });

  const webhookSecret = options.webhookSecret ?? (await keptWebhookSecret(state));
  if (!WEBHOOK_SECRET_PATTERN.test(webhookSecret)) {
    throw new Error("the webhook secret must be at least 16 URL-safe characters (A-Z a-z 0-9 _ -)");
  }
  const token = provider ? provider.token : `demo-${randomBytes(12).toString("hex")}`;
  const output = new RedactedOutput([token, webhookSecret], onOutput);

  try {
    let standIn = null;
    if (!provider) {
      standIn = await startStandIn({
        host,
        port: standInPort,
        token,
        webhookDelayMs,
        slowMs,
        log: (line) => output.line(`[stand-in] ${line}`),
      });
      cleanups.push(() => standIn.close());
    }

    const bundleDir = path.join(workDir, "bundle");
    await bundleWorker(bundleDir, path.join(workDir, "wrangler-logs"));

    const { Miniflare, Log, LogLevel } = requireFromWww("miniflare");
    const workerOptions = tomlWorkerOptions();
    const bindings = {
      ...workerOptions.bindings,
      ...DEMO_VARS,
      ...vars,
      KOMPAAS_TOKEN: token,
      WEBHOOK_SECRET: webhookSecret,
      // The stand-in's address over any other: it is the one that knows the demo's token.
      ...(standIn ? { KOMPAAS_BASE_URL: standIn.url } : {}),
    };
    // Miniflare's own notices (and errors), through the same filter.
    class DemoLog extends Log {
      log(message) {
        for (const line of String(message).split("\n")) output.line(line);
      }
    }
    const miniflare = new Miniflare({
      ...workerOptions,
      name: "kompaas-verification",
      modules: true,
      scriptPath: path.join(bundleDir, "worker.js"),
      modulesRoot: bundleDir,
      modulesRules: [
        { type: "ESModule", include: ["**/*.js"] },
        { type: "CompiledWasm", include: ["**/*.wasm"] },
      ],
      bindings,
      host,
      port,
      // No access log: it would print every webhook path, secret or near miss.
      logRequests: false,
      log: new DemoLog(LogLevel.WARN),
      // The Worker's console lines; workerd's own output comes the same way.
      handleStructuredLogs: ({ message }) => {
        for (const line of String(message).split("\n")) output.line(line);
      },
      // Request.cf would be fetched from Cloudflare; the Worker does not use it.
      cf: false,
      durableObjectsPersist: path.join(state, "durable-objects"),
    });
    cleanups.push(() => miniflare.dispose());
    const origin = (await miniflare.ready).origin;
    const webhookUrl = `${origin}/webhooks/kompaas/${webhookSecret}`;
    standIn?.setConfig({ webhookUrl });

    let stopping = null;
    return {
      url: origin,
      /** Contains the webhook secret: for tests, and for the real provider's dashboard. */
      webhookUrl,
      webhookSecret,
      token,
      standIn,
      stateDir: state,
      /** What the Worker ends up with: wrangler.toml, DEMO_VARS, `vars` (secrets left out). */
      vars: withoutKeys(bindings, ["KOMPAAS_TOKEN", "WEBHOOK_SECRET"]),
      /** Everything the Worker, Miniflare and the stand-in printed so far, filtered. */
      output: () => output.text(),
      /** The same, unfiltered: for the tests that prove what is never printed at all. */
      rawOutput: () => output.rawText(),
      stop() {
        stopping ??= cleanUp();
        return stopping;
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

// The webhook secret stays the same across restarts, so the URL in the provider's
// dashboard (and webhooks already on their way) keep working.
async function keptWebhookSecret(stateDir) {
  const file = path.join(stateDir, "webhook-secret");
  try {
    const kept = (await readFile(file, "utf8")).trim();
    if (kept) return kept;
  } catch {
    // first run
  }
  const secret = randomBytes(24).toString("hex");
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** wrangler's own bundle of the Worker (the package's wasm as a separate module). */
async function bundleWorker(outDir, logDir) {
  const child = spawn(process.execPath, [WRANGLER_BIN, "deploy", "--dry-run", "--outdir", outDir], {
    cwd: WWW_DIR,
    env: { ...wranglerEnvironment(), WRANGLER_LOG_PATH: logDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let printed = "";
  child.stdout.on("data", (chunk) => (printed += chunk));
  child.stderr.on("data", (chunk) => (printed += chunk));
  const code = await new Promise((resolve) => child.once("close", resolve));
  if (code !== 0) throw new Error(`wrangler could not bundle the Worker:\n${printed}`);
}

// wrangler gets our environment minus anything secret.
function wranglerEnvironment() {
  const env = { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", FORCE_COLOR: "0" };
  for (const name of ["KOMPAAS_TOKEN", "WEBHOOK_SECRET", "CLOUDFLARE_INCLUDE_PROCESS_ENV"]) delete env[name];
  return env;
}

function withoutKeys(object, keys) {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));
}

/** A port nobody listens on right now. */
export function freePort(host = "127.0.0.1") {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Any webhook path segment, right or wrong, up to where a URL path ends. */
const WEBHOOK_SEGMENT = /(\/webhooks\/kompaas\/)[^\s?#"'<>]*/g;

/** Collects output line by line, replacing secrets before anything is shown or kept. */
export class RedactedOutput {
  constructor(secrets, onLine) {
    this.secrets = secrets.filter((secret) => secret && secret.length >= 8);
    this.onLine = onLine;
    this.raw = [];
    this.lines = [];
  }

  line(text) {
    this.raw.push(text);
    const shown = this.redact(text);
    this.lines.push(shown);
    this.onLine(shown);
  }

  redact(text) {
    let shown = text.replace(WEBHOOK_SEGMENT, "$1[redacted]");
    for (const secret of this.secrets) {
      shown = shown.replaceAll(secret, "[secret]").replaceAll(encodeURIComponent(secret), "[secret]");
    }
    return shown;
  }

  text() {
    return this.lines.join("\n");
  }

  rawText() {
    return this.raw.join("\n");
  }
}
