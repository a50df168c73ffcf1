// Entry for browsers (with or without a bundler) and any ES module runtime with fetch:
// loads the .wasm next to this file before the first export is used, so callers import
// and call, with no init step. Bundlers (Vite, webpack, esbuild) see the
// `new URL(…, import.meta.url)` pattern and ship the .wasm as an asset.
import init from "./kompaas_confirmation_call.js";
import { bind } from "./api.js";

const api = bind(await init({ module_or_path: new URL("./kompaas_confirmation_call_bg.wasm", import.meta.url) }));

export const {
  buildConfirmationCallRequest,
  confirmationCall,
  describePhoneNumber,
  interpretCallStatus,
  isConfirmationCallError,
  normalizePhoneNumber,
  parseCallWebhook,
  parseConfirmationCallResponse,
  splitVerificationCallUuid,
} = api;
