// Loader of the entry for Cloudflare Workers (wrangler, workerd): Workers forbid compiling
// wasm from bytes and have no import.meta.url, so the .wasm is imported as a precompiled
// WebAssembly.Module (wrangler bundles it) and instantiated synchronously.
// npm/assemble.mjs adds the named exports.
import wasmModule from "./kompaas_confirmation_call_bg.wasm";
import { initSync } from "./kompaas_confirmation_call.js";
import { bind } from "./api.js";

export default bind(initSync({ module: wasmModule }));
