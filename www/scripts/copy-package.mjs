// Copies the package's self-initialising browser entry and its wasm from ../pkg into
// public/vendor/, where the demo page imports them as plain static files: the page
// runs the library in the browser without a bundler, exactly as the package's README
// shows for "browsers without a bundler".
//
//   node scripts/copy-package.mjs        (make demo and npm run deploy do it)

import { copyFile, mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const WWW = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const PACKAGE_DIR = path.resolve(WWW, "../pkg");
export const VENDOR_DIR = path.join(WWW, "public/vendor/kompaas-confirmation-call");

// index.js holds the whole JavaScript face and awaits the .wasm next to it.
const FILES = ["index.js", "kompaas_confirmation_call_bg.wasm"];

export async function copyPackageAssets({ from = PACKAGE_DIR, to = VENDOR_DIR } = {}) {
  for (const file of FILES) {
    try {
      await stat(path.join(from, file));
    } catch {
      throw new Error(`${path.join(from, file)} is missing: build the package first (make build)`);
    }
  }
  await rm(to, { recursive: true, force: true });
  await mkdir(to, { recursive: true });
  for (const file of FILES) await copyFile(path.join(from, file), path.join(to, file));
  return { from, to, files: FILES };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { to } = await copyPackageAssets();
    console.log(`copied ${FILES.join(", ")} to ${path.relative(process.cwd(), to) || "."}`);
  } catch (error) {
    console.error(error.message);
    process.exitCode = 1;
  }
}
