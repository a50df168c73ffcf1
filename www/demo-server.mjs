// `make demo`'s setup as a function, so the tests in tests/demo/ run exactly what a
// person running the demo gets: the package's browser files copied into public/, the
// provider stand-in, and `wrangler dev` serving the Worker and the page together.
//
//   const demo = await startDemo({ port: 8787 });   // ... demo.url ...
//   await demo.stop();
//
// Secrets never reach a command line or a file in the repository: the Worker's token,
// webhook secret and settings go to wrangler through a private temporary --env-file,
// and everything wrangler and the stand-in print passes through a filter that replaces
// the token and the webhook secret (wrangler dev logs each request's path, and the
// webhook's path carries the secret).

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { startStandIn } from "../stand-in/stand-in.mjs";
import { PACKAGE_DIR, copyPackageAssets } from "./scripts/copy-package.mjs";

export const WWW_DIR = path.dirname(fileURLToPath(import.meta.url));
const WRANGLER_BIN = path.join(WWW_DIR, "node_modules/wrangler/bin/wrangler.js");
const INSTALLED_PACKAGE = path.join(WWW_DIR, "node_modules/kompaas-confirmation-call/package.json");

/**
 * Settings `make demo` gives the Worker on top of wrangler.toml's deployed defaults.
 * Every request comes from loopback there, so the per-client and account-wide limits
 * are raised; the per-number limits (60 s, 5 an hour) stay as deployed.
 */
export const DEMO_VARS = Object.freeze({
  CLIENT_IP_CALLS_PER_HOUR: "1000",
  CALLS_PER_HOUR: "1000",
});

const STOP_GRACE_MS = 10_000;

/** True when the package has not been built into ../pkg yet (make build). */
export function packageMissing() {
  return !existsSync(path.join(PACKAGE_DIR, "package.json"));
}

/** True when `npm ci` has to run in www/ before startDemo can. */
export function dependenciesMissing() {
  return !existsSync(WRANGLER_BIN) || !existsSync(INSTALLED_PACKAGE);
}

/**
 * Start the stand-in (unless `provider` is given) and `wrangler dev`; resolves once
 * both answer.
 *
 * @param {object} [options]
 * @param {string} [options.host="127.0.0.1"]
 * @param {number} [options.port=8787] wrangler dev's port (Worker and page)
 * @param {number} [options.standInPort=8788] the stand-in's port, 0 = any free one
 * @param {{ token: string, baseUrl?: string } | null} [options.provider=null] the real
 *   provider instead of the stand-in; baseUrl defaults to wrangler.toml's
 * @param {string} [options.webhookSecret] default: a random one
 * @param {number} [options.webhookDelayMs=2000] the stand-in's pause before the webhook
 * @param {number} [options.slowMs=30000] how long the stand-in holds a digit-9 answer
 * @param {Record<string, string>} [options.vars] more Worker vars, over DEMO_VARS
 * @param {(text: string) => void} [options.onOutput] wrangler's and the stand-in's
 *   output, line by line, secrets replaced
 * @param {number} [options.readyTimeoutMs=90000]
 */
export async function startDemo(options = {}) {
  const {
    host = "127.0.0.1",
    port = 8787,
    standInPort = 8788,
    provider = null,
    webhookSecret = randomBytes(24).toString("hex"),
    webhookDelayMs = 2000,
    slowMs = 30_000,
    vars = {},
    onOutput = () => {},
    readyTimeoutMs = 90_000,
  } = options;
  if (packageMissing()) throw new Error("pkg/ is not built: run `make build` first");
  if (dependenciesMissing()) throw new Error("www/node_modules is incomplete: run `npm ci` in www/");
  if (!/^[A-Za-z0-9_-]{16,}$/.test(webhookSecret)) {
    throw new Error("the webhook secret must be at least 16 URL-safe characters (A-Z a-z 0-9 _ -)");
  }
  await copyPackageAssets();

  const url = `http://${host}:${port}`;
  const webhookUrl = `${url}/webhooks/kompaas/${webhookSecret}`;
  const token = provider ? provider.token : `demo-${randomBytes(12).toString("hex")}`;

  const output = new RedactedOutput([token, webhookSecret], onOutput);
  const cleanups = [];
  const cleanUp = async () => {
    for (const step of cleanups.reverse()) await step().catch(() => {});
    cleanups.length = 0;
  };

  try {
    let standIn = null;
    if (!provider) {
      standIn = await startStandIn({
        host,
        port: standInPort,
        token,
        webhookUrl,
        webhookDelayMs,
        slowMs,
        log: (line) => output.line(`[stand-in] ${line}`),
      });
      cleanups.push(() => standIn.close());
    }

    const workDir = await mkdtemp(path.join(os.tmpdir(), "kompaas-demo-"));
    cleanups.push(() => rm(workDir, { recursive: true, force: true }));
    await chmod(workDir, 0o700);
    const envFile = path.join(workDir, "worker.env");
    const workerVars = {
      ...DEMO_VARS,
      ...vars,
      KOMPAAS_TOKEN: token,
      WEBHOOK_SECRET: webhookSecret,
      ...(provider ? (provider.baseUrl ? { KOMPAAS_BASE_URL: provider.baseUrl } : {}) : { KOMPAAS_BASE_URL: standIn.url }),
    };
    await writeFile(envFile, formatEnvFile(workerVars), { mode: 0o600 });
    // wrangler's debug log files: kept with this run and removed with it, instead of
    // piling up in ~/.config/.wrangler/logs (the tests start many runs).
    const logDir = path.join(workDir, "wrangler-logs");

    const wrangler = spawn(
      process.execPath,
      [
        WRANGLER_BIN,
        "dev",
        "--ip", host,
        "--port", String(port),
        "--inspector-port", String(await freePort(host)),
        "--env-file", envFile,
        "--persist-to", path.join(workDir, "state"), // a fresh state (and fresh limits) per run
        "--show-interactive-dev-session=false",
      ],
      {
        cwd: WWW_DIR,
        env: { ...wranglerEnvironment(), WRANGLER_LOG_PATH: logDir },
        // Its own process group: Ctrl-C reaches only us, and stop() shuts it down in
        // order (wrangler first, then the stand-in it calls).
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const exited = new Promise((resolve) => wrangler.once("exit", (code, signal) => resolve({ code, signal })));
    // If this process ends without stop() (a crash, an uncaught error), its detached
    // wrangler must not outlive it, nor the env file with the token.
    const killOnExit = () => {
      signalGroup(wrangler.pid, "SIGKILL");
      rmSync(workDir, { recursive: true, force: true });
    };
    process.once("exit", killOnExit);
    cleanups.push(async () => {
      await stopProcessGroup(wrangler, exited);
      process.off("exit", killOnExit);
    });
    wrangler.stdout.on("data", (chunk) => output.write(chunk));
    wrangler.stderr.on("data", (chunk) => output.write(chunk));

    await waitUntilReady(url, exited, readyTimeoutMs, output);

    let stopping = null;
    return {
      url,
      /** Contains the webhook secret: for tests, and for the real provider's dashboard. */
      webhookUrl,
      webhookSecret,
      token,
      standIn,
      /** Everything wrangler and the stand-in printed so far, secrets replaced. */
      output: () => output.text(),
      /** The same, unfiltered: for the test that proves what the filter is needed for. */
      rawOutput: () => output.rawText(),
      /** wrangler's debug log files of this run (removed by stop()). */
      wranglerLogDir: logDir,
      stop() {
        stopping ??= cleanUp().then(() => output.flush());
        return stopping;
      },
    };
  } catch (error) {
    await cleanUp();
    output.flush();
    throw error;
  }
}

// wrangler gets our environment minus anything secret: the Worker's settings reach it
// only through the --env-file.
function wranglerEnvironment() {
  const env = { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", FORCE_COLOR: "0" };
  for (const name of ["KOMPAAS_TOKEN", "WEBHOOK_SECRET", "KOMPAAS_BASE_URL", "CLOUDFLARE_INCLUDE_PROCESS_ENV"]) delete env[name];
  return env;
}

/** dotenv syntax, each value quoted so that "#", spaces and "=" stay literal. */
export function formatEnvFile(vars) {
  return Object.entries(vars)
    .map(([name, value]) => {
      const text = String(value);
      if (/[\r\n]/.test(text)) throw new Error(`${name} must be one line`);
      if (!text.includes("'")) return `${name}='${text}'`;
      if (!/["\\$]/.test(text)) return `${name}="${text}"`;
      throw new Error(`${name} contains both ' and " (or \\, $); it cannot be passed to wrangler dev safely`);
    })
    .join("\n")
    .concat("\n");
}

async function waitUntilReady(url, exited, timeoutMs, output) {
  let hasExited = null;
  exited.then((status) => (hasExited = status));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited) {
      throw new Error(`wrangler dev exited during start (${hasExited.code ?? hasExited.signal}):\n${output.tail()}`);
    }
    try {
      // The page from static assets, and a 404 in JSON from the Worker itself.
      const [page, api] = await Promise.all([
        fetch(`${url}/`, { signal: AbortSignal.timeout(2000) }),
        fetch(`${url}/api/verifications/ready_0`, { signal: AbortSignal.timeout(2000) }),
      ]);
      await Promise.all([page.arrayBuffer(), api.arrayBuffer()]);
      if (page.status === 200 && api.status === 404 && api.headers.get("content-type")?.includes("json")) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`wrangler dev did not answer on ${url} within ${timeoutMs / 1000} s:\n${output.tail()}`);
}

/**
 * SIGINT to wrangler (it then stops workerd), then whatever is left of its process
 * group is killed: only processes this function's caller started.
 */
async function stopProcessGroup(child, exited) {
  const timeout = (ms) => new Promise((resolve) => setTimeout(() => resolve("timeout"), ms).unref());
  if (child.exitCode === null && child.signalCode === null) {
    child.kill("SIGINT");
    if ((await Promise.race([exited, timeout(STOP_GRACE_MS)])) === "timeout") signalGroup(child.pid, "SIGKILL");
    await Promise.race([exited, timeout(STOP_GRACE_MS)]);
  }
  // A workerd that outlived wrangler would keep the port; give it a moment, then end it.
  for (let i = 0; i < 20 && signalGroup(child.pid, 0); i += 1) await timeout(100);
  signalGroup(child.pid, "SIGKILL");
}

/** Sends a signal to a process group; false when the group is empty. */
function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
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

/** Collects output line by line, replacing secrets before anything is shown or kept. */
class RedactedOutput {
  constructor(secrets, onLine) {
    this.secrets = secrets.filter((secret) => secret && secret.length >= 8);
    this.onLine = onLine;
    this.partial = "";
    this.raw = [];
    this.lines = [];
  }

  write(chunk) {
    const text = this.partial + chunk.toString("utf8");
    const lines = text.split("\n");
    this.partial = lines.pop();
    for (const line of lines) this.line(line);
  }

  line(text) {
    this.raw.push(text);
    const shown = this.redact(text);
    this.lines.push(shown);
    this.onLine(shown);
  }

  redact(text) {
    let shown = text;
    for (const secret of this.secrets) {
      shown = shown.replaceAll(secret, "[secret]").replaceAll(encodeURIComponent(secret), "[secret]");
    }
    return shown;
  }

  flush() {
    if (this.partial) this.line(this.partial);
    this.partial = "";
  }

  text() {
    return this.lines.join("\n");
  }

  rawText() {
    return [...this.raw, this.partial].join("\n");
  }

  tail(count = 40) {
    return [...this.lines.slice(-count), this.redact(this.partial)].join("\n");
  }
}
