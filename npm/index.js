// Loader of the entry for browsers (with or without a bundler) and any ES module runtime
// with fetch: loads the .wasm next to this file before the first export is used, so
// callers import and call, with no init step. Bundlers (Vite, webpack, esbuild) see the
// `new URL(…, import.meta.url)` pattern and ship the .wasm as an asset. npm/assemble.mjs
// adds the named exports (the functions of index.d.ts, taken from this default).
import init from "./kompaas_confirmation_call.js";
import { bind } from "./api.js";

export default bind(await init({ module_or_path: new URL("./kompaas_confirmation_call_bg.wasm", import.meta.url) }));
