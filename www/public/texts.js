// Every text the page shows, in English and Slovak, and the one mapping from what the
// Worker answers (a verification's `status` and `reason`, an error's `kind` and `scope`)
// to what a person reads. The Worker sends stable codes only; the words live here.

export const LOCALES = ["en", "sk"];

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
    "countries.every": "We call numbers in every country.",
    "countries.everyAnd": "We call numbers in every country, and {codes} numbers.",
    "countries.some": "We call numbers in {list}.",
    "steps.label": "How it works",
    "steps.one": "Enter your number and press “Call me”.",
    "steps.two": "Your phone rings within a few seconds.",
    "steps.three": "Pick up and press 9. This page shows the result.",

    // While a verification waits (status calling, unconfirmed, pending).
    "calling.title": "Starting the call…",
    "calling.text": "Asking the phone network to call {phone}.",
    "unconfirmed.title": "Your phone may ring any moment",
    "unconfirmed.text": "The phone network is slow to confirm the call to {phone}. If your phone rings, pick up and press 9. We keep watching for the result.",
    "pending.title": "Your phone is ringing",
    "pending.text": "We're calling {phone}. Pick up and press 9.",
    "waiting.detail": "Waiting for the result… {elapsed}",
    "waiting.reconnecting": "Connection lost, still trying… {elapsed}",

    // How a verification ended.
    "answered.label": "Answered",
    "answered.title": "Confirmed: you answered the call",
    "answered.text": "Your phone number is verified.",
    "no_answer.label": "Not answered",
    "no_answer.title": "Nobody answered",
    "no_answer.text": "We called, but nobody picked up. You can try again in a minute.",
    "busy.label": "Busy",
    "busy.title": "The line was busy",
    "busy.text": "Your phone was busy. You can try again in a minute.",
    "rejected.label": "Not connected",
    "rejected.title": "The call didn't go through",
    "rejected.text": "Another phone network refused to connect the call. Please try again later.",
    "billing_problem.label": "Not placed",
    "billing_problem.title": "We couldn't place the call",
    "billing_problem.text": "The problem is on our side, not yours. Please try again later.",
    "unreachable.label": "Unreachable",
    "unreachable.title": "The number can't be reached",
    "unreachable.text": "The phone network couldn't reach this number. Please check that it is right.",
    "expired.label": "No result",
    "expired.title": "We didn't get the result of the call",
    "expired.text": "The phone network didn't report how the call ended. If your phone didn't ring, check the number and try again.",
    "failed.label": "Not placed",
    "failed.title": "We couldn't place the call",
    "failed.temporary": "The phone network didn't accept our request, so your phone won't ring. Please try again in a few minutes.",
    "failed.service": "The problem is on our side, not yours. Please try again later.",
    "outcome.detail": "Q.850 cause {code} ({cause}) · final status {final}",

    // Requests that were refused, and the page's own troubles.
    "error.code": "Error code: {kind}",
    "error.reason": "Reason: {reason}",
    "invalid_phone_number.title": "Check the number",
    "invalid_phone_number.text": "Enter the number in international format with the country code, e.g. +421 900 123 450.",
    "country_not_allowed.title": "We can't call this number",
    "country_not_allowed.region": "We don't call numbers in {country}.",
    "country_not_allowed.nonGeographic": "We don't call international network, satellite, shared-cost or premium-rate numbers.",
    "country_not_allowed.code": "We don't call numbers with the code +{code}.",
    "rate_limited.title": "Please wait a moment",
    "rate_limited.phone_number": "We called this number a moment ago. To protect people from unwanted calls, we don't call the same number again right away. Try again in {wait}.",
    "rate_limited.client": "Too many calls were requested from your network. Try again in {wait}.",
    "rate_limited.account": "We're verifying a lot of numbers right now. Try again in {wait}.",
    "rate_limited.busy": "Too many requests at once. Try again in {wait}.",
    "rate_limited.ready": "You can try again now.",
    "unavailable.title": "The service is temporarily unavailable",
    "unavailable.text": "The problem is on our side, not yours. Please try again later.",
    "offline.title": "You seem to be offline",
    "offline.text": "Check your connection and try again.",
    "lost.title": "This verification is no longer available",
    "lost.text": "Please start again.",
    "no_result.title": "No result yet",
    "no_result.text": "The phone network hasn't reported the outcome. If your phone didn't ring, try again.",
    "generic.title": "Something went wrong",
    "generic.text": "Please reload the page and try again.",
    "wait.seconds": "{n} s",
    "wait.minutes": "{n} min",
    "elapsed.seconds": "{n} s",
    "elapsed.minutes": "{m} min {s} s",

    "playground.title": "Playground",
    "playground.lead":
      "Paste what the provider sent you and see what the library makes of it. This runs the package's WebAssembly right here in your browser; nothing is sent anywhere.",
    "playground.mode": "What do you have?",
    "mode.response": "API response",
    "mode.webhook": "Webhook body",
    "mode.uuid": "Call uuid",
    "mode.status": "Cause code",
    "mode.phone": "Number format",
    "mode.describe": "Number details",
    "pg.responseBody": "Response body (JSON)",
    "pg.responseStatus": "HTTP status (optional)",
    "pg.webhookBody": "Webhook body (JSON, or query/form text)",
    "pg.uuid": "verification_call_uuid",
    "pg.q931": "q931_status (cause code)",
    "pg.final": "final_status (optional)",
    "pg.phone": "Phone number, as a person types it",
    "pg.describe": "Phone number, to describe",
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
    "countries.every": "Voláme na čísla zo všetkých krajín.",
    "countries.everyAnd": "Voláme na čísla zo všetkých krajín a na čísla {codes}.",
    "countries.some": "Voláme na čísla z týchto krajín: {list}.",
    "steps.label": "Ako to funguje",
    "steps.one": "Zadajte číslo a stlačte „Zavolajte mi“.",
    "steps.two": "O pár sekúnd vám zazvoní telefón.",
    "steps.three": "Zdvihnite a stlačte 9. Výsledok uvidíte na tejto stránke.",

    "calling.title": "Spúšťame hovor…",
    "calling.text": "Žiadame telefónnu sieť, aby zavolala na {phone}.",
    "unconfirmed.title": "Telefón vám môže každú chvíľu zazvoniť",
    "unconfirmed.text": "Telefónna sieť zatiaľ nepotvrdila hovor na {phone}. Ak vám zazvoní telefón, zdvihnite a stlačte 9. Výsledok stále sledujeme.",
    "pending.title": "Telefón zvoní",
    "pending.text": "Voláme na číslo {phone}. Zdvihnite a stlačte 9.",
    "waiting.detail": "Čakáme na výsledok… {elapsed}",
    "waiting.reconnecting": "Spojenie sa prerušilo, skúšame znova… {elapsed}",

    "answered.label": "Prijatý",
    "answered.title": "Overené: hovor ste prijali",
    "answered.text": "Vaše telefónne číslo je overené.",
    "no_answer.label": "Neprijatý",
    "no_answer.title": "Nikto hovor neprijal",
    "no_answer.text": "Volali sme, ale nikto nezdvihol. Môžete to skúsiť znova o minútu.",
    "busy.label": "Obsadené",
    "busy.title": "Linka bola obsadená",
    "busy.text": "Váš telefón bol obsadený. Môžete to skúsiť znova o minútu.",
    "rejected.label": "Nespojený",
    "rejected.title": "Hovor sa nepodarilo spojiť",
    "rejected.text": "Iná telefónna sieť hovor odmietla spojiť. Skúste to prosím neskôr.",
    "billing_problem.label": "Neuskutočnený",
    "billing_problem.title": "Hovor sa nepodarilo uskutočniť",
    "billing_problem.text": "Chyba je na našej strane, nie na vašej. Skúste to prosím neskôr.",
    "unreachable.label": "Nedostupné",
    "unreachable.title": "Číslo je nedostupné",
    "unreachable.text": "Telefónna sieť sa na toto číslo nedovolala. Skontrolujte prosím, či je správne.",
    "expired.label": "Bez výsledku",
    "expired.title": "Výsledok hovoru sme nedostali",
    "expired.text": "Telefónna sieť nenahlásila, ako sa hovor skončil. Ak vám telefón nezazvonil, skontrolujte číslo a skúste to znova.",
    "failed.label": "Neuskutočnený",
    "failed.title": "Hovor sa nepodarilo uskutočniť",
    "failed.temporary": "Telefónna sieť našu požiadavku neprijala, takže vám telefón nezazvoní. Skúste to prosím o pár minút.",
    "failed.service": "Chyba je na našej strane, nie na vašej. Skúste to prosím neskôr.",
    // The Q.850 names the Worker sends are English: here the code alone.
    "outcome.detail": "Príčina podľa Q.850: {code} · konečný stav {final}",

    "error.code": "Kód chyby: {kind}",
    "error.reason": "Dôvod: {reason}",
    "invalid_phone_number.title": "Skontrolujte číslo",
    "invalid_phone_number.text": "Zadajte číslo v medzinárodnom formáte s predvoľbou krajiny, napr. +421 900 123 450.",
    "country_not_allowed.title": "Na toto číslo nemôžeme volať",
    "country_not_allowed.region": "Na čísla z krajiny {country} nevoláme.",
    "country_not_allowed.nonGeographic": "Na čísla medzinárodných sietí, satelitných telefónov, so zdieľanými nákladmi ani na prémiové čísla nevoláme.",
    "country_not_allowed.code": "Na čísla s predvoľbou +{code} nevoláme.",
    "rate_limited.title": "Chvíľu počkajte",
    "rate_limited.phone_number": "Na toto číslo sme práve volali. Aby sme ľudí chránili pred nechcenými hovormi, na to isté číslo hneď znova nevoláme. Skúste to znova o {wait}.",
    "rate_limited.client": "Z vašej siete prišlo priveľa žiadostí o hovor. Skúste to znova o {wait}.",
    "rate_limited.account": "Práve overujeme veľa čísel naraz. Skúste to znova o {wait}.",
    "rate_limited.busy": "Prišlo priveľa žiadostí naraz. Skúste to znova o {wait}.",
    "rate_limited.ready": "Teraz to môžete skúsiť znova.",
    "unavailable.title": "Služba je dočasne nedostupná",
    "unavailable.text": "Chyba je na našej strane, nie na vašej. Skúste to prosím neskôr.",
    "offline.title": "Zdá sa, že ste offline",
    "offline.text": "Skontrolujte pripojenie a skúste to znova.",
    "lost.title": "Toto overenie už nie je dostupné",
    "lost.text": "Začnite prosím znova.",
    "no_result.title": "Zatiaľ bez výsledku",
    "no_result.text": "Telefónna sieť ešte nenahlásila výsledok. Ak vám telefón nezazvonil, skúste to znova.",
    "generic.title": "Niečo sa pokazilo",
    "generic.text": "Obnovte stránku a skúste to znova.",
    "wait.seconds": "{n} s",
    "wait.minutes": "{n} min",
    "elapsed.seconds": "{n} s",
    "elapsed.minutes": "{m} min {s} s",

    "playground.title": "Pieskovisko",
    "playground.lead":
      "Vložte, čo vám poslal poskytovateľ, a pozrite sa, čo z toho knižnica vyčíta. Beží priamo vo vašom prehliadači ako WebAssembly; nič sa nikam neposiela.",
    "playground.mode": "Čo máte?",
    "mode.response": "Odpoveď API",
    "mode.webhook": "Telo webhooku",
    "mode.uuid": "UUID hovoru",
    "mode.status": "Kód príčiny",
    "mode.phone": "Formát čísla",
    "mode.describe": "Údaje o čísle",
    "pg.responseBody": "Telo odpovede (JSON)",
    "pg.responseStatus": "HTTP stav (nepovinné)",
    "pg.webhookBody": "Telo webhooku (JSON alebo text dotazu či formulára)",
    "pg.uuid": "verification_call_uuid",
    "pg.q931": "q931_status (kód príčiny)",
    "pg.final": "final_status (nepovinné)",
    "pg.phone": "Telefónne číslo, ako ho človek napíše",
    "pg.describe": "Telefónne číslo na rozbor",
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

let locale = initialLocale();

export function currentLocale() {
  return locale;
}

export function setLocale(next) {
  if (!LOCALES.includes(next)) return;
  locale = next;
  try {
    localStorage.setItem("locale", next);
  } catch {
    // not remembered; still switched
  }
}

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

/** The text for `key` in the page's language, with {placeholders} filled in. */
export function t(key, values = {}) {
  const template = TEXTS[locale][key] ?? TEXTS.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

// --- what the Worker says, in words --------------------------------------------------

const WAITING = ["calling", "unconfirmed", "pending"];
const OUTCOMES = ["answered", "no_answer", "busy", "rejected", "billing_problem", "unreachable", "expired", "failed"];
// Reasons of a failed call that are the service's own fault, not the phone network's.
const SERVICE_REASONS = ["unauthorized", "server_misconfigured"];

/**
 * The status panel's words for a verification (GET /api/verifications/<id>).
 * @returns {{ title: string, text: string, label?: string, detail?: string }}
 */
export function verificationMessage(data, { phone, elapsedMs, reconnecting = false }) {
  if (WAITING.includes(data.status)) {
    return {
      title: t(`${data.status}.title`),
      text: t(`${data.status}.text`, { phone }),
      detail: t(reconnecting ? "waiting.reconnecting" : "waiting.detail", { elapsed: duration(elapsedMs) }),
    };
  }
  const status = OUTCOMES.includes(data.status) ? data.status : "expired";
  const text = status === "failed" ? t(SERVICE_REASONS.includes(data.reason) ? "failed.service" : "failed.temporary") : t(`${status}.text`);
  return { label: t(`${status}.label`), title: t(`${status}.title`), text, detail: causeDetail(data) };
}

// The Q.850 cause: its English name from the Worker on the English page, the code alone
// on any other (a name in the wrong language is worse than none).
function causeDetail(data) {
  if (data.q931Status === null || data.q931Status === undefined) return undefined;
  return t("outcome.detail", { code: data.q931Status, cause: data.cause ?? "", final: data.finalStatus ?? "–" });
}

/**
 * The status panel's words for a refused request or the page's own trouble.
 * @param {object} error `{ kind, scope?, message?, region?, countryCallingCode?, nonGeographic? }`
 *   as the Worker answered it, or `{ kind: "offline" | "lost" | "no_result" | "unavailable" | "generic" }`
 * @returns {{ title: string, text: string, detail?: string, detailLang?: string }}
 */
export function errorMessage(error, { retryInMs = 0, countries = null } = {}) {
  switch (error.kind) {
    case "invalid_phone_number":
      // The package's reason is precise (which character, how many digits) and in English.
      return {
        title: t("invalid_phone_number.title"),
        text: t("invalid_phone_number.text"),
        detail: error.message ? t("error.reason", { reason: error.message }) : undefined,
        detailLang: "en",
      };
    case "country_not_allowed": {
      let text = t("country_not_allowed.code", { code: error.countryCallingCode ?? "" });
      if (error.nonGeographic) text = t("country_not_allowed.nonGeographic");
      else if (error.region) text = t("country_not_allowed.region", { country: regionName(error.region) });
      return { title: t("country_not_allowed.title"), text, detail: countries ? countriesSentence(countries) : undefined };
    }
    case "rate_limited": {
      const scope = ["phone_number", "client", "account", "busy"].includes(error.scope) ? error.scope : "busy";
      const seconds = Math.ceil(retryInMs / 1000);
      const text =
        seconds <= 0
          ? t("rate_limited.ready")
          : t(`rate_limited.${scope}`, { wait: seconds > 90 ? t("wait.minutes", { n: Math.ceil(seconds / 60) }) : t("wait.seconds", { n: seconds }) });
      return { title: t("rate_limited.title"), text };
    }
    case "offline":
    case "lost":
    case "no_result":
    case "unavailable":
      return { title: t(`${error.kind}.title`), text: t(`${error.kind}.text`) };
    default:
      return { title: t("generic.title"), text: t("generic.text"), detail: t("error.code", { kind: error.kind ?? "?" }) };
  }
}

/** "We call numbers in Slovakia and Czechia." from GET /api/countries. */
export function countriesSentence({ anyCountry, regions, callingCodes }) {
  const codes = callingCodes.map((code) => `+${code}`);
  if (anyCountry) return codes.length === 0 ? t("countries.every") : t("countries.everyAnd", { codes: list(codes) });
  return t("countries.some", { list: list([...regions.map(regionName), ...codes]) });
}

// Made once per locale: the status panel is drawn again every second while it waits.
const regionNames = new Map();
const listFormats = new Map();

function regionName(region) {
  try {
    if (!regionNames.has(locale)) regionNames.set(locale, new Intl.DisplayNames([locale], { type: "region" }));
    return regionNames.get(locale).of(region) ?? region;
  } catch {
    return region;
  }
}

function list(items) {
  try {
    if (!listFormats.has(locale)) listFormats.set(locale, new Intl.ListFormat(locale, { type: "conjunction" }));
    return listFormats.get(locale).format(items);
  } catch {
    return items.join(", ");
  }
}

function duration(ms) {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return t("elapsed.seconds", { n: seconds });
  return t("elapsed.minutes", { m: Math.floor(seconds / 60), s: seconds % 60 });
}
