// Entry for Cloudflare Workers (wrangler, workerd): Workers forbid compiling wasm from
// bytes and have no import.meta.url, so the .wasm is imported as a precompiled
// WebAssembly.Module (wrangler bundles it) and instantiated synchronously.
import wasmModule from "./kompaas_confirmation_call_bg.wasm";
import { initSync } from "./kompaas_confirmation_call.js";
import { bind } from "./api.js";

const api = bind(initSync({ module: wasmModule }));

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
