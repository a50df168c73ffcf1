// Loader of the entry for Node.js and Deno `import`: reads the .wasm next to this file and
// compiles it synchronously (Node 20 cannot fetch a file: URL). The instance is kept under
// a process-wide symbol, so a program that both imports and requires this version of the
// package loads the wasm once (the CommonJS entry does the same). npm/assemble.mjs adds
// the named exports.
import { readFileSync } from "node:fs";
import { initSync } from "./kompaas_confirmation_call.js";
import { bind } from "./api.js";
import { shared } from "./shared.js";

export default shared(() =>
  bind(initSync({ module: new WebAssembly.Module(readFileSync(new URL("./kompaas_confirmation_call_bg.wasm", import.meta.url))) })),
);
