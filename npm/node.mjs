// Entry for Node.js and Deno `import`: the CommonJS build loads the .wasm synchronously
// from disk (Node 20 cannot fetch a file: URL). Re-exporting it, rather than loading a
// second copy, keeps one wasm instance when a program both imports and requires us.
import glue from "./kompaas_confirmation_call.cjs";

export const {
  buildConfirmationCallRequest,
  confirmationCall,
  interpretCallStatus,
  isConfirmationCallError,
  normalizePhoneNumber,
  parseCallWebhook,
  parseConfirmationCallResponse,
  splitVerificationCallUuid,
} = glue;
