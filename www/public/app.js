// The demo page: "Verify a phone" talks to the Worker's API (never to the provider: the
// token lives only in the Worker); the playground runs the package's wasm right here.

const API = "/api/verifications";
const POLL_INTERVAL_MS = 1000;
// The provider reports the outcome when the call ends; a phone rings for up to about a
// minute, so after three minutes without a webhook something went wrong.
const POLL_GIVE_UP_MS = 3 * 60 * 1000;
const LIBRARY_URL = "./vendor/kompaas-confirmation-call/index.js";

const TEXTS = {
  en: {
    skip: "Skip to content",
    language: "Language",
    "verify.title": "Verify your phone number",
    "verify.lead": "We'll call you right away. Pick up and press 9 to confirm. The call is free for you.",
    "verify.label": "Phone number",
    "verify.hint": "International format with the country code, e.g. +421 900 123 450",
    "verify.submit": "Call me",
    "verify.submitBusy": "Calling…",
    "steps.label": "How it works",
    "steps.one": "Enter your number and press “Call me”.",
    "steps.two": "Your phone rings within a few seconds.",
    "steps.three": "Pick up and press 9. This page shows the result.",
    "starting.title": "Starting the call…",
    "starting.text": "Asking the phone network to call {phone}.",
    "pending.title": "Your phone is ringing",
    "pending.text": "We're calling {phone}. Pick up and press 9.",
    "pending.detail": "Waiting for the result… {seconds} s",
    "outcome.answered": "Answered",
    "outcome.no_answer": "Not answered",
    "outcome.busy": "Busy",
    "outcome.rejected": "Rejected",
    "outcome.billing_problem": "Billing problem",
    "outcome.unreachable": "Unreachable",
    "title.answered": "Confirmed: you answered the call",
    "title.no_answer": "Nobody answered",
    "title.busy": "The line was busy",
    "title.rejected": "The call didn't go through",
    "title.billing_problem": "The call couldn't be made",
    "title.unreachable": "The number can't be reached",
    "outcome.detail": "Q.850 cause {code} ({cause}) · final status {final}",
    "outcome.retry": "You can try again in a minute.",
    "error.code": "Error code: {kind}",
    "error.invalid_phone_number.title": "Check the number",
    "error.invalid_phone_number.text": "Enter the number in international format with the country code, e.g. +421 900 123 450.",
    "error.country_not_allowed.title": "We can't call this number",
    "error.country_not_allowed.text": "This service only calls numbers in certain countries.",
    "error.rate_limited.title": "Please wait a moment",
    "error.rate_limited.text": "To protect people from unwanted calls, we limit how often we call. Try again in {wait}.",
    "error.rate_limited.ready": "To protect people from unwanted calls, we limit how often we call. You can try again now.",
    "error.unavailable.title": "The service is temporarily unavailable",
    "error.unavailable.text": "The phone network didn't accept our request. The problem is on our side; please try again later.",
    "error.server_error.title": "The phone network is having trouble",
    "error.server_error.text": "Please try again in a minute.",
    "error.timeout.title": "No answer from the phone network",
    "error.timeout.text": "It took too long. If your phone rings anyway, pick up and press 9; otherwise try again in a minute.",
    "error.network.title": "Couldn't reach the phone network",
    "error.network.text": "Please try again in a minute.",
    "error.provider_rate_limited.title": "The phone network is busy",
    "error.provider_rate_limited.text": "Please try again later.",
    "error.provider.title": "Something went wrong",
    "error.provider.text": "The phone network answered unexpectedly. Please try again later.",
    "error.offline.title": "You seem to be offline",
    "error.offline.text": "Check your connection and try again.",
    "error.lost.title": "This verification has expired",
    "error.lost.text": "Please start again.",
    "error.no_result.title": "No result yet",
    "error.no_result.text": "The phone network hasn't reported the outcome. If you answered, it may still arrive; otherwise try again.",
    "error.generic.title": "Something went wrong",
    "error.generic.text": "Please reload the page and try again.",
    "wait.seconds": "{n} s",
    "wait.minutes": "{n} min",
    "playground.title": "Playground",
    "playground.lead":
      "Paste what the provider sent you and see what the library makes of it. This runs the package's WebAssembly right here in your browser; nothing is sent anywhere.",
    "playground.mode": "What do you have?",
    "mode.response": "API response",
    "mode.webhook": "Webhook body",
    "mode.uuid": "Call uuid",
    "mode.status": "Cause code",
    "mode.phone": "Number format",
    "pg.responseBody": "Response body (JSON)",
    "pg.responseStatus": "HTTP status (optional)",
    "pg.webhookBody": "Webhook body (JSON, or query/form text)",
    "pg.uuid": "verification_call_uuid",
    "pg.q931": "q931_status (cause code)",
    "pg.final": "final_status (optional)",
    "pg.phone": "Phone number, as a person types it",
    "pg.example": "Load an example",
    "pg.run": "Run",
    "pg.result": "Result",
    "pg.ok": "Result of {fn}",
    "pg.error": "{fn} threw {name}: {kind}",
    "pg.loading": "Loading the library…",
    "pg.failed": "The library could not be loaded.",
    "footer.text": "Reference Worker and demo of",
    "footer.token": "The provider's token stays in the Worker; this page never sees it.",
  },
  sk: {
    skip: "Preskočiť na obsah",
    language: "Jazyk",
    "verify.title": "Overte svoje telefónne číslo",
    "verify.lead": "Hneď vám zavoláme. Zdvihnite a stlačte 9. Hovor je pre vás bezplatný.",
    "verify.label": "Telefónne číslo",
    "verify.hint": "V medzinárodnom formáte s predvoľbou krajiny, napr. +421 900 123 450",
    "verify.submit": "Zavolajte mi",
    "verify.submitBusy": "Voláme…",
    "steps.label": "Ako to funguje",
    "steps.one": "Zadajte číslo a stlačte „Zavolajte mi“.",
    "steps.two": "O pár sekúnd vám zazvoní telefón.",
    "steps.three": "Zdvihnite a stlačte 9. Výsledok uvidíte na tejto stránke.",
    "starting.title": "Spúšťame hovor…",
    "starting.text": "Žiadame telefónnu sieť, aby zavolala na {phone}.",
    "pending.title": "Telefón zvoní",
    "pending.text": "Voláme na číslo {phone}. Zdvihnite a stlačte 9.",
    "pending.detail": "Čakáme na výsledok… {seconds} s",
    "outcome.answered": "Prijatý",
    "outcome.no_answer": "Neprijatý",
    "outcome.busy": "Obsadené",
    "outcome.rejected": "Odmietnutý",
    "outcome.billing_problem": "Problém s účtovaním",
    "outcome.unreachable": "Nedostupné",
    "title.answered": "Overené: hovor ste prijali",
    "title.no_answer": "Nikto hovor neprijal",
    "title.busy": "Linka bola obsadená",
    "title.rejected": "Hovor sa nepodarilo spojiť",
    "title.billing_problem": "Hovor sa nepodarilo uskutočniť",
    "title.unreachable": "Číslo je nedostupné",
    "outcome.detail": "Príčina podľa Q.850: {code} ({cause}) · konečný stav {final}",
    "outcome.retry": "Môžete to skúsiť znova o minútu.",
    "error.code": "Kód chyby: {kind}",
    "error.invalid_phone_number.title": "Skontrolujte číslo",
    "error.invalid_phone_number.text": "Zadajte číslo v medzinárodnom formáte s predvoľbou krajiny, napr. +421 900 123 450.",
    "error.country_not_allowed.title": "Na toto číslo nemôžeme volať",
    "error.country_not_allowed.text": "Táto služba volá len na čísla vybraných krajín.",
    "error.rate_limited.title": "Chvíľu počkajte",
    "error.rate_limited.text": "Aby sme ľudí chránili pred nechcenými hovormi, obmedzujeme, ako často voláme. Skúste to znova o {wait}.",
    "error.rate_limited.ready": "Aby sme ľudí chránili pred nechcenými hovormi, obmedzujeme, ako často voláme. Teraz to môžete skúsiť znova.",
    "error.unavailable.title": "Služba je dočasne nedostupná",
    "error.unavailable.text": "Telefónna sieť našu požiadavku neprijala. Chyba je na našej strane, skúste to prosím neskôr.",
    "error.server_error.title": "Telefónna sieť má problémy",
    "error.server_error.text": "Skúste to prosím o minútu.",
    "error.timeout.title": "Telefónna sieť neodpovedá",
    "error.timeout.text": "Trvalo to príliš dlho. Ak vám telefón predsa zazvoní, zdvihnite a stlačte 9; inak to skúste znova o minútu.",
    "error.network.title": "Telefónna sieť je nedostupná",
    "error.network.text": "Skúste to prosím o minútu.",
    "error.provider_rate_limited.title": "Telefónna sieť je preťažená",
    "error.provider_rate_limited.text": "Skúste to prosím neskôr.",
    "error.provider.title": "Niečo sa pokazilo",
    "error.provider.text": "Telefónna sieť odpovedala neočakávane. Skúste to prosím neskôr.",
    "error.offline.title": "Zdá sa, že ste offline",
    "error.offline.text": "Skontrolujte pripojenie a skúste to znova.",
    "error.lost.title": "Overenie vypršalo",
    "error.lost.text": "Začnite prosím znova.",
    "error.no_result.title": "Zatiaľ bez výsledku",
    "error.no_result.text": "Telefónna sieť ešte nenahlásila výsledok. Ak ste hovor prijali, môže ešte prísť; inak to skúste znova.",
    "error.generic.title": "Niečo sa pokazilo",
    "error.generic.text": "Obnovte stránku a skúste to znova.",
    "wait.seconds": "{n} s",
    "wait.minutes": "{n} min",
    "playground.title": "Pieskovisko",
    "playground.lead":
      "Vložte, čo vám poslal poskytovateľ, a pozrite sa, čo z toho knižnica vyčíta. Beží priamo vo vašom prehliadači ako WebAssembly; nič sa nikam neposiela.",
    "playground.mode": "Čo máte?",
    "mode.response": "Odpoveď API",
    "mode.webhook": "Telo webhooku",
    "mode.uuid": "UUID hovoru",
    "mode.status": "Kód príčiny",
    "mode.phone": "Formát čísla",
    "pg.responseBody": "Telo odpovede (JSON)",
    "pg.responseStatus": "HTTP stav (nepovinné)",
    "pg.webhookBody": "Telo webhooku (JSON alebo text dotazu či formulára)",
    "pg.uuid": "verification_call_uuid",
    "pg.q931": "q931_status (kód príčiny)",
    "pg.final": "final_status (nepovinné)",
    "pg.phone": "Telefónne číslo, ako ho človek napíše",
    "pg.example": "Načítať príklad",
    "pg.run": "Spustiť",
    "pg.result": "Výsledok",
    "pg.ok": "Výsledok {fn}",
    "pg.error": "{fn} vyhodila {name}: {kind}",
    "pg.loading": "Načítava sa knižnica…",
    "pg.failed": "Knižnicu sa nepodarilo načítať.",
    "footer.text": "Referenčný Worker a ukážka balíka",
    "footer.token": "Token poskytovateľa zostáva vo Workeri; táto stránka ho nikdy nevidí.",
  },
};

const LOCALES = Object.keys(TEXTS);
const OUTCOMES = ["answered", "no_answer", "busy", "rejected", "billing_problem", "unreachable"];

const $ = (selector) => document.querySelector(selector);
const elements = {
  form: $("#verify-form"),
  phone: $("#phone"),
  button: $("#call-button"),
  status: $("#status"),
  label: $("#status-label"),
  title: $("#status-title"),
  text: $("#status-text"),
  detail: $("#status-detail"),
};

let locale = initialLocale();

function initialLocale() {
  let saved = null;
  try {
    saved = localStorage.getItem("locale");
  } catch {
    // storage disabled: fall back to the browser's language
  }
  if (LOCALES.includes(saved)) return saved;
  return (navigator.language || "").toLowerCase().startsWith("sk") ? "sk" : "en";
}

function t(key, values = {}) {
  const template = TEXTS[locale][key] ?? TEXTS.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

// --- language ---------------------------------------------------------------------

function applyLocale() {
  document.documentElement.lang = locale;
  for (const element of document.querySelectorAll("[data-i18n]")) element.textContent = t(element.dataset.i18n);
  for (const element of document.querySelectorAll("[data-i18n-aria-label]")) {
    element.setAttribute("aria-label", t(element.dataset.i18nAriaLabel));
  }
  for (const button of document.querySelectorAll("[data-locale]")) {
    button.setAttribute("aria-pressed", String(button.dataset.locale === locale));
  }
  renderStatus();
  playground.run();
}

for (const button of document.querySelectorAll("[data-locale]")) {
  button.addEventListener("click", () => {
    if (button.dataset.locale === locale) return;
    locale = button.dataset.locale;
    try {
      localStorage.setItem("locale", locale);
    } catch {
      // not remembered; still switched
    }
    applyLocale();
    // The outcome's description comes from the Worker, in the reader's language.
    if (view?.state === "outcome") refreshOutcome(view);
  });
}

// --- verify a phone -----------------------------------------------------------------

/**
 * What the status panel shows; rendered again when the language changes.
 *   { state: "starting" | "pending", phone, startedAt }
 *   { state: "outcome", phone, data }        data = GET /api/verifications/<id>
 *   { state: "error", kind, retryAt? }       kind: a key under "error."
 */
let view = null;
// Every verification gets a new run; a poll loop stops when its run is not current.
let run = 0;
let ticker = null;

elements.form.addEventListener("submit", (event) => {
  event.preventDefault();
  startVerification(elements.phone.value.trim());
});

async function startVerification(phone) {
  const thisRun = ++run;
  setBusy(true);
  setInvalid(false);
  show({ state: "starting", phone, startedAt: Date.now() });

  let response;
  let body = null;
  try {
    response = await fetch(API, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ phoneNumber: phone }),
    });
    body = await response.json().catch(() => null);
  } catch {
    if (thisRun === run) failWith("offline");
    return;
  } finally {
    if (thisRun === run) setBusy(false);
  }
  if (thisRun !== run) return;

  if (response.status === 202 && body?.id) {
    show({ state: "pending", phone, id: body.id, startedAt: Date.now() });
    poll(thisRun, body.id, phone);
    return;
  }
  const kind = body?.error?.kind;
  if (response.status === 429) {
    const seconds = Number(response.headers.get("Retry-After"));
    failWith("rate_limited", { retryAt: Date.now() + (Number.isFinite(seconds) && seconds > 0 ? seconds : 60) * 1000 });
  } else if (response.status === 400 && (kind === "invalid_phone_number" || kind === "country_not_allowed")) {
    failWith(kind);
    setInvalid(true);
    elements.phone.focus();
  } else if (response.status === 502) {
    failWith(providerErrorKey(kind), { code: kind });
  } else if (response.status >= 500) {
    failWith("unavailable", { code: kind });
  } else {
    failWith("generic", { code: kind ?? `HTTP ${response.status}` });
  }
}

function providerErrorKey(kind) {
  switch (kind) {
    case "unauthorized":
      return "unavailable";
    case "server_error":
    case "timeout":
    case "network":
      return kind;
    case "rate_limited":
      return "provider_rate_limited";
    default:
      return "provider";
  }
}

async function poll(thisRun, id, phone) {
  const deadline = Date.now() + POLL_GIVE_UP_MS;
  let failures = 0;
  while (thisRun === run) {
    await sleep(POLL_INTERVAL_MS);
    if (thisRun !== run) return;
    let response;
    let data;
    try {
      response = await fetch(`${API}/${encodeURIComponent(id)}?locale=${locale}`, {
        headers: { Accept: "application/json" },
        cache: "no-store",
      });
      data = await response.json();
    } catch {
      // A dropped poll is no reason to give up; several in a row are.
      if (++failures >= 5) return thisRun === run && failWith("offline");
      continue;
    }
    if (thisRun !== run) return;
    failures = 0;
    if (response.status === 404) return failWith("lost");
    if (response.ok && data.status !== "pending") return show({ state: "outcome", phone, data });
    if (Date.now() > deadline) return failWith("no_result");
  }
}

async function refreshOutcome(shown) {
  try {
    const response = await fetch(`${API}/${encodeURIComponent(shown.data.id)}?locale=${locale}`, {
      headers: { Accept: "application/json" },
      cache: "no-store",
    });
    if (!response.ok) return;
    const data = await response.json();
    if (view === shown) show({ ...shown, data });
  } catch {
    // keep the description in the previous language
  }
}

function failWith(kind, extra = {}) {
  show({ state: "error", kind, ...extra });
}

function show(next) {
  view = next;
  renderStatus();
}

function renderStatus() {
  clearInterval(ticker);
  ticker = null;
  const status = elements.status;
  if (!view) {
    status.hidden = true;
    return;
  }
  status.hidden = false;
  status.dataset.state = view.state;
  delete status.dataset.outcome;
  delete status.dataset.error;
  elements.label.textContent = "";
  elements.detail.textContent = "";

  if (view.state === "starting" || view.state === "pending") {
    elements.title.textContent = t(`${view.state}.title`);
    elements.text.textContent = t(`${view.state}.text`, { phone: view.phone });
    if (view.state === "pending") {
      const tick = () => {
        const seconds = Math.floor((Date.now() - view.startedAt) / 1000);
        elements.detail.textContent = t("pending.detail", { seconds });
      };
      tick();
      ticker = setInterval(tick, 1000);
    }
    return;
  }

  if (view.state === "outcome") {
    const { data } = view;
    const outcome = OUTCOMES.includes(data.status) ? data.status : "unreachable";
    status.dataset.outcome = outcome;
    elements.label.textContent = t(`outcome.${outcome}`);
    elements.title.textContent = t(`title.${outcome}`);
    elements.text.textContent = data.description ?? "";
    const detail = t("outcome.detail", { code: data.q931Status, cause: data.cause, final: data.finalStatus ?? "–" });
    elements.detail.textContent = data.confirmed ? detail : `${detail}. ${t("outcome.retry")}`;
    return;
  }

  // errors
  status.dataset.error = view.kind;
  elements.title.textContent = t(`error.${view.kind}.title`);
  if (view.kind === "rate_limited") {
    const tick = () => {
      const seconds = Math.ceil((view.retryAt - Date.now()) / 1000);
      if (seconds <= 0) {
        elements.text.textContent = t("error.rate_limited.ready");
        clearInterval(ticker);
        return;
      }
      const wait = seconds > 90 ? t("wait.minutes", { n: Math.ceil(seconds / 60) }) : t("wait.seconds", { n: seconds });
      elements.text.textContent = t("error.rate_limited.text", { wait });
    };
    tick();
    ticker = setInterval(tick, 1000);
  } else {
    elements.text.textContent = t(`error.${view.kind}.text`);
  }
  if (view.code) elements.detail.textContent = t("error.code", { kind: view.code });
}

function setBusy(busy) {
  elements.button.disabled = busy;
  elements.button.setAttribute("aria-busy", String(busy));
  elements.button.querySelector("span").textContent = t(busy ? "verify.submitBusy" : "verify.submit");
  elements.button.querySelector("span").dataset.i18n = busy ? "verify.submitBusy" : "verify.submit";
}

function setInvalid(invalid) {
  if (invalid) {
    elements.phone.setAttribute("aria-invalid", "true");
    elements.phone.setAttribute("aria-describedby", "phone-hint status");
  } else {
    elements.phone.removeAttribute("aria-invalid");
    elements.phone.setAttribute("aria-describedby", "phone-hint");
  }
}

elements.phone.addEventListener("input", () => setInvalid(false));

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// --- playground ---------------------------------------------------------------------

const playground = (() => {
  const form = $("#playground");
  const summary = $("#pg-summary");
  const result = $("#pg-result");
  const field = (id) => $(`#${id}`);

  // The provider's own examples (provider/README.md) first, then the cases worth seeing.
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
  };
  const exampleIndex = Object.fromEntries(Object.keys(EXAMPLES).map((mode) => [mode, 0]));

  const CALLS = {
    response: (lib) => {
      const status = field("pg-response-status").value.trim();
      return lib.parseConfirmationCallResponse(field("pg-response-body").value, status === "" ? undefined : Number(status));
    },
    webhook: (lib) => lib.parseCallWebhook(field("pg-webhook-body").value, { locale }),
    uuid: (lib) => lib.splitVerificationCallUuid(field("pg-uuid").value),
    status: (lib) => {
      const finalStatus = field("pg-final").value.trim();
      return lib.interpretCallStatus(field("pg-q931").value.trim(), finalStatus === "" ? null : finalStatus, { locale });
    },
    phone: (lib) => lib.normalizePhoneNumber(field("pg-phone").value),
  };
  const FUNCTION_NAMES = {
    response: "parseConfirmationCallResponse",
    webhook: "parseCallWebhook",
    uuid: "splitVerificationCallUuid",
    status: "interpretCallStatus",
    phone: "normalizePhoneNumber",
  };

  let library = null;
  let libraryFailed = false;
  const mode = () => form.ownerDocument.querySelector('input[name="mode"]:checked').value;

  function loadExample(which, advance) {
    if (advance) exampleIndex[which] = (exampleIndex[which] + 1) % EXAMPLES[which].length;
    for (const [id, value] of Object.entries(EXAMPLES[which][exampleIndex[which]])) field(id).value = value;
  }

  function selectMode() {
    const current = mode();
    for (const section of form.querySelectorAll("[data-mode]")) section.hidden = section.dataset.mode !== current;
    run();
  }

  function run() {
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

  for (const which of Object.keys(EXAMPLES)) loadExample(which, false);
  for (const radio of document.querySelectorAll('input[name="mode"]')) radio.addEventListener("change", selectMode);
  form.addEventListener("input", run);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  $("#pg-example").addEventListener("click", () => {
    loadExample(mode(), true);
    run();
  });

  // The library loads in the background; the verify form does not need it.
  import(LIBRARY_URL).then(
    (lib) => {
      library = lib;
      form.dataset.ready = "true";
      run();
    },
    (error) => {
      libraryFailed = true;
      console.error("kompaas-confirmation-call could not be loaded", error);
      run();
    },
  );

  return { run, selectMode };
})();

applyLocale();
playground.selectMode();
