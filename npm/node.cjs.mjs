// Loader of the entry for Node.js `require`, bundled into kompaas_confirmation_call.cjs by
// esbuild with the named exports (npm/assemble.mjs): the same as node.mjs, in CommonJS,
// sharing its wasm instance.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { initSync } from "./kompaas_confirmation_call.js";
import { bind } from "./api.js";
import { shared } from "./shared.js";

export default shared(() =>
  bind(initSync({ module: new WebAssembly.Module(readFileSync(join(__dirname, "kompaas_confirmation_call_bg.wasm"))) })),
);
