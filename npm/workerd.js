// Entry for Cloudflare Workers (wrangler, workerd): Workers forbid compiling wasm from
// bytes and have no import.meta.url, so the .wasm is imported as a precompiled
// WebAssembly.Module (wrangler bundles it) and instantiated synchronously.
import wasmModule from "./kompaas_confirmation_call_bg.wasm";
import { initSync } from "./kompaas_confirmation_call.js";

initSync({ module: wasmModule });

export {
  buildConfirmationCallRequest,
  confirmationCall,
  interpretCallStatus,
  isConfirmationCallError,
  normalizePhoneNumber,
  parseCallWebhook,
  parseConfirmationCallResponse,
  splitVerificationCallUuid,
} from "./kompaas_confirmation_call.js";
