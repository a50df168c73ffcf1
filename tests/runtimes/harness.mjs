// What the runtime tests share: the provider stand-in, a port that refuses connections,
// a static file server for browser pages, and headless Chromium.
import http from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { chromium } from "playwright-core";
import { startStandIn } from "../../stand-in/stand-in.mjs";
// One free-port helper for every test and the demo: the demo server's own.
import { freePort } from "../../www/demo-server.mjs";

export { freePort };

export const TOKEN = "runtime-test-token-0123456789";

/** A stand-in with test-sized delays, and a loopback URL where nothing listens. */
export async function startProvider() {
  const standIn = await startStandIn({ token: TOKEN, slowMs: 3000, webhookDelayMs: 50 });
  const refusedUrl = await refusedLoopbackUrl();
  return { standIn, refusedUrl, where: { standInUrl: standIn.url, refusedUrl, token: TOKEN } };
}

/** http://127.0.0.1:<port> of a port that was just free: connecting is refused. */
export async function refusedLoopbackUrl() {
  return `http://127.0.0.1:${await freePort()}`;
}

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".css": "text/css",
};

/** Serves `root` on a loopback port (another origin than the stand-in). */
export async function serveStatic(root) {
  const server = http.createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "Content-Type": MIME[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

/**
 * Headless Debian Chromium, as root, with the flags this machine needs, in a fresh
 * profile; `options` are Playwright's context options (viewport, locale, …).
 */
export async function launchChromium(options = {}) {
  const profile = mkdtempSync(join(tmpdir(), "kcc-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    ...options,
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Opens `url`, waits until the page sets `window.__done`, and returns `window.__results`,
 * the page's text, its console errors and its uncaught errors.
 */
export async function runPage(context, url, { timeoutMs = 30000 } = {}) {
  const page = await context.newPage();
  const consoleErrors = [];
  const pageErrors = [];
  page.on("console", (message) => { if (message.type() === "error") consoleErrors.push(message.text()); });
  page.on("pageerror", (error) => pageErrors.push(error.message));
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.__done === true, null, { timeout: timeoutMs });
    const results = await page.evaluate(() => window.__results);
    const text = await page.evaluate(() => document.body.innerText);
    return { results, text, consoleErrors, pageErrors };
  } finally {
    await page.close();
  }
}
