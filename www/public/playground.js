// The playground: paste what the provider sent (or a number) and see what the package
// makes of it, computed by its WebAssembly in this browser; nothing is sent anywhere.

import { currentLocale, t } from "./texts.js";

const LIBRARY_URL = "./vendor/kompaas-confirmation-call/index.js";

const $ = (selector) => document.querySelector(selector);

// The provider's own examples first, then the cases worth seeing.
const EXAMPLES = {
  response: [
    {
      "pg-response-body": JSON.stringify(
        {
          status: "success",
          code: 200,
          object: { login_did: "7777777777", code: "2463", account_id: "117793", verification_call_uuid: "119214e015ed_117793" },
        },
        null,
        2,
      ),
      "pg-response-status": "",
    },
    {
      "pg-response-body": JSON.stringify({ Ok: true, caller_number: "421222202999", verification_call_uuid: "fa278be48dc2_117793" }, null, 2),
      "pg-response-status": "",
    },
    { "pg-response-body": JSON.stringify({ status: "error", code: 401, message: "Unauthorized" }, null, 2), "pg-response-status": "401" },
  ],
  webhook: [
    { "pg-webhook-body": JSON.stringify({ verification_call_uuid: "119214e015ed_117793", q931_status: 16, final_status: "ANSWER" }, null, 2) },
    { "pg-webhook-body": "verification_call_uuid=fa278be48dc2_117793&q931_status=17&final_status=CANCEL" },
    { "pg-webhook-body": JSON.stringify({ verification_call_uuid: "119214e015ed_117793", final_status: "ANSWER" }, null, 2) },
  ],
  uuid: [{ "pg-uuid": "119214e015ed_117793" }, { "pg-uuid": "fa278be48dc2__117793" }, { "pg-uuid": "fa278be48dc2" }],
  status: [
    { "pg-q931": "16", "pg-final": "ANSWER" },
    { "pg-q931": "17", "pg-final": "CANCEL" },
    { "pg-q931": "41", "pg-final": "" },
    { "pg-q931": "128", "pg-final": "" },
  ],
  phone: [{ "pg-phone": "+421 222 202 999" }, { "pg-phone": "00421-222-202-999" }, { "pg-phone": "0222 202 999" }],
  describe: [{ "pg-describe": "+421 900 123 450" }, { "pg-describe": "+882 34 21230" }, { "pg-describe": "+44 20 7946 0010" }, { "pg-describe": "+999 123 456 789" }],
};

const field = (id) => $(`#${id}`);

const CALLS = {
  response: (lib) => {
    const status = field("pg-response-status").value.trim();
    return lib.parseConfirmationCallResponse(field("pg-response-body").value, status === "" ? undefined : Number(status));
  },
  webhook: (lib) => lib.parseCallWebhook(field("pg-webhook-body").value, { locale: currentLocale() }),
  uuid: (lib) => lib.splitVerificationCallUuid(field("pg-uuid").value),
  status: (lib) => {
    const finalStatus = field("pg-final").value.trim();
    return lib.interpretCallStatus(field("pg-q931").value.trim(), finalStatus === "" ? null : finalStatus, { locale: currentLocale() });
  },
  phone: (lib) => lib.normalizePhoneNumber(field("pg-phone").value),
  describe: (lib) => lib.describePhoneNumber(field("pg-describe").value),
};
const FUNCTION_NAMES = {
  response: "parseConfirmationCallResponse",
  webhook: "parseCallWebhook",
  uuid: "splitVerificationCallUuid",
  status: "interpretCallStatus",
  phone: "normalizePhoneNumber",
  describe: "describePhoneNumber",
};

const exampleIndex = Object.fromEntries(Object.keys(EXAMPLES).map((mode) => [mode, 0]));
let library = null;
let libraryFailed = false;

const form = () => $("#playground");
const mode = () => document.querySelector('input[name="mode"]:checked').value;

export function initPlayground() {
  for (const which of Object.keys(EXAMPLES)) loadExample(which, false);
  for (const radio of document.querySelectorAll('input[name="mode"]')) radio.addEventListener("change", selectMode);
  form().addEventListener("input", runPlayground);
  form().addEventListener("submit", (event) => {
    event.preventDefault();
    runPlayground();
  });
  $("#pg-example").addEventListener("click", () => {
    loadExample(mode(), true);
    runPlayground();
  });
  selectMode();

  // The library loads in the background; the verify form does not need it.
  import(LIBRARY_URL).then(
    (lib) => {
      library = lib;
      form().dataset.ready = "true";
      runPlayground();
    },
    (error) => {
      libraryFailed = true;
      console.error("kompaas-confirmation-call could not be loaded", error);
      runPlayground();
    },
  );
}

/** Runs the selected function on the inputs; again on every edit and language switch. */
export function runPlayground() {
  const summary = $("#pg-summary");
  const result = $("#pg-result");
  const current = mode();
  const fn = FUNCTION_NAMES[current];
  if (libraryFailed) {
    summary.textContent = t("pg.failed");
    return;
  }
  if (!library) {
    summary.textContent = t("pg.loading");
    return;
  }
  let output;
  try {
    output = CALLS[current](library);
    result.dataset.result = "ok";
    delete result.dataset.kind;
    summary.textContent = t("pg.ok", { fn });
  } catch (error) {
    output = { name: error?.name, kind: error?.kind, message: error?.message, status: error?.status, providerCode: error?.providerCode };
    result.dataset.result = "error";
    result.dataset.kind = error?.kind ?? "unknown";
    summary.textContent = t("pg.error", { fn, name: error?.name ?? "Error", kind: error?.kind ?? error?.message });
  }
  result.textContent = typeof output === "string" ? JSON.stringify(output) : JSON.stringify(output, null, 2);
}

function loadExample(which, advance) {
  if (advance) exampleIndex[which] = (exampleIndex[which] + 1) % EXAMPLES[which].length;
  for (const [id, value] of Object.entries(EXAMPLES[which][exampleIndex[which]])) field(id).value = value;
}

function selectMode() {
  const current = mode();
  for (const section of form().querySelectorAll("[data-mode]")) section.hidden = section.dataset.mode !== current;
  runPlayground();
}
