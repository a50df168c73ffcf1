// Fresh consumer projects that install the packed tarball (`make package` puts it in
// target/package/), as a user's project would: no links to the source tree.
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const BIN = join(ROOT, "node_modules", ".bin");
export const WRANGLER = join(ROOT, "www", "node_modules", ".bin", "wrangler");

/** The tarball `make package` made. */
export function tarball() {
  const dir = join(ROOT, "target", "package");
  const found = readdirSync(dir).filter((f) => /^kompaas-confirmation-call-.*\.tgz$/.test(f));
  if (found.length !== 1) throw new Error(`expected one tarball in ${dir}, found ${found.length}: run make package`);
  return join(dir, found[0]);
}

/**
 * Creates target/consumers/<name> afresh with `files` ({ path: text }), the shared test
 * modules, and the tarball installed with npm.
 */
export function makeConsumer(name, files, { packageJson = {} } = {}) {
  const dir = join(ROOT, "target", "consumers", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `consumer-${name}`, private: true, type: "module", ...packageJson }, null, 2));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  copyFileSync(join(ROOT, "tests", "package", "exercise.mjs"), join(dir, "exercise.mjs"));
  copyFileSync(join(ROOT, "tests", "runtimes", "scenarios.mjs"), join(dir, "scenarios.mjs"));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", tarball()], { cwd: dir, stdio: "pipe" });
  return dir;
}

/** Runs a command to its end; resolves { code, stdout, stderr }. */
export function run(command, args, { cwd, env, timeoutMs = 120000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => { stdout += d; });
    child.stderr.on("data", (d) => { stderr += d; });
    const timer = setTimeout(() => { child.kill("SIGKILL"); reject(new Error(`${command} timed out:\n${stdout}\n${stderr}`)); }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

/** The last line of stdout that is a JSON object, parsed. */
export function lastJson(stdout) {
  const line = stdout.trim().split("\n").reverse().find((l) => l.startsWith("{"));
  if (!line) throw new Error(`no JSON line in:\n${stdout}`);
  return JSON.parse(line);
}
