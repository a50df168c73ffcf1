// "Verify your phone": starts a verification through the Worker's API (never the
// provider: the token lives only in the Worker) and follows it to its end. One at a
// time: while one is followed the button is disabled, and a reload picks the same one up
// again instead of starting another.

import { countriesSentence, currentLocale, errorMessage, t, verificationMessage } from "./texts.js";

const API = "/api/verifications";
const POLL_INTERVAL_MS = 1000;
const MAX_RETRY_MS = 5000;
// The Worker ends every verification by its expiresAt (status "expired" at the latest).
// The page gives up by itself only when it cannot hear that, this long after.
const GRACE_AFTER_EXPIRY_MS = 60_000;
const STORAGE_KEY = "kompaas-verification";

const $ = (selector) => document.querySelector(selector);
const elements = {
  form: $("#verify-form"),
  phone: $("#phone"),
  button: $("#call-button"),
  countries: $("#countries"),
  status: $("#status"),
  label: $("#status-label"),
  title: $("#status-title"),
  text: $("#status-text"),
  detail: $("#status-detail"),
};

/**
 * What the status panel shows; rendered again every second and on a language switch.
 *   { kind: "verification", data, phone, startedAt, reconnecting }   data = the API's view
 *   { kind: "error", error, retryAt? }                             error = the API's error
 */
let view = null;
/** The verification being followed: { id, phone, startedAt }; null when none. */
let following = null;
let starting = false;
let countries = null;
let ticker = null;

export function initVerify() {
  elements.form.addEventListener("submit", (event) => {
    event.preventDefault();
    start(elements.phone.value.trim());
  });
  elements.phone.addEventListener("input", () => setInvalid(false));
  loadCountries();
  resume();
}

/** Draws the status panel and the countries line in the current language. */
export function renderVerify() {
  if (countries) setText(elements.countries, countriesSentence(countries));
  elements.countries.hidden = !countries;
  setBusy(starting || following !== null);
  clearTimeout(ticker);
  ticker = null;
  const status = elements.status;
  if (!view) {
    status.hidden = true;
    return;
  }
  status.hidden = false;
  for (const name of ["state", "status", "outcome", "error"]) delete status.dataset[name];

  let message;
  if (view.kind === "verification") {
    const { data } = view;
    status.dataset.status = data.status;
    status.dataset.state = data.final ? "outcome" : "waiting";
    if (data.final) status.dataset.outcome = data.status;
    message = verificationMessage(data, { phone: view.phone, elapsedMs: Date.now() - view.startedAt, reconnecting: view.reconnecting });
    // The seconds tick; a screen reader should not hear them every second.
    elements.detail.toggleAttribute("aria-hidden", !data.final);
    if (!data.final) ticker = setTimeout(renderVerify, 1000);
  } else {
    status.dataset.state = "error";
    status.dataset.error = view.error.kind;
    message = errorMessage(view.error, { retryInMs: (view.retryAt ?? 0) - Date.now(), countries });
    elements.detail.removeAttribute("aria-hidden");
    if (view.retryAt && view.retryAt > Date.now()) ticker = setTimeout(renderVerify, 1000);
  }
  setText(elements.label, message.label ?? "");
  setText(elements.title, message.title);
  setText(elements.text, message.text);
  setText(elements.detail, message.detail ?? "");
  if (message.detailLang && message.detailLang !== currentLocale()) elements.detail.lang = message.detailLang;
  else elements.detail.removeAttribute("lang");
}

async function start(phone) {
  if (starting || following) return; // one verification at a time
  starting = true;
  setInvalid(false);
  const startedAt = Date.now();
  show({ kind: "verification", data: { status: "calling", final: false }, phone, startedAt, reconnecting: false });

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
    starting = false;
    return show({ kind: "error", error: { kind: "offline" } });
  }
  starting = false;

  if (response.status === 202 && body?.id) {
    following = { id: body.id, phone, startedAt };
    remember(following);
    show({ kind: "verification", data: body, phone, startedAt, reconnecting: false });
    follow(following);
    return;
  }
  const error = body?.error ?? { kind: `HTTP ${response.status}` };
  if (response.status === 429) {
    show({ kind: "error", error, retryAt: Date.now() + retryAfterMs(response) });
  } else if (response.status === 400 && (error.kind === "invalid_phone_number" || error.kind === "country_not_allowed")) {
    show({ kind: "error", error });
    setInvalid(true);
    elements.phone.focus();
  } else if (response.status >= 500) {
    show({ kind: "error", error: { kind: "unavailable" } });
  } else {
    show({ kind: "error", error });
  }
}

/** Reads the verification until it has ended; survives dropped connections. */
async function follow(which) {
  let expiresAt = Date.now() + 10 * 60 * 1000;
  let waitMs = POLL_INTERVAL_MS;
  while (following === which) {
    await sleep(waitMs);
    if (following !== which) return;
    let response;
    let data;
    try {
      response = await fetch(`${API}/${encodeURIComponent(which.id)}`, { headers: { Accept: "application/json" }, cache: "no-store" });
      data = await response.json();
    } catch {
      response = null;
    }
    if (following !== which) return;

    if (response?.status === 200) {
      waitMs = POLL_INTERVAL_MS;
      if (data.expiresAt) expiresAt = Date.parse(data.expiresAt);
      show({ ...view, kind: "verification", data, reconnecting: false });
      if (data.final) return end();
      continue;
    }
    if (response?.status === 404) return end({ kind: "lost" });
    if (response?.status === 429) {
      waitMs = Math.max(POLL_INTERVAL_MS, retryAfterMs(response));
      continue;
    }
    // No answer, or a server error: keep trying while the verification may still change.
    if (Date.now() > expiresAt + GRACE_AFTER_EXPIRY_MS) return end({ kind: response ? "no_result" : "offline" });
    waitMs = Math.min(MAX_RETRY_MS, waitMs * 2);
    if (view?.kind === "verification") show({ ...view, reconnecting: true });
  }
}

function end(error = null) {
  following = null;
  forget();
  if (error) show({ kind: "error", error });
  else renderVerify();
}

function show(next) {
  view = next;
  renderVerify();
}

// A reload (or a restart of the page) follows the same verification again.
function resume() {
  let saved = null;
  try {
    saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null");
  } catch {
    // storage disabled or garbled: nothing to resume
  }
  if (!saved?.id) return;
  following = { id: saved.id, phone: saved.phone ?? "", startedAt: Number(saved.startedAt) || Date.now() };
  elements.phone.value = following.phone;
  show({ kind: "verification", data: { status: "calling", final: false }, phone: following.phone, startedAt: following.startedAt, reconnecting: false });
  follow(following);
}

function remember(which) {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(which));
  } catch {
    // a reload will not resume; nothing else changes
  }
}

function forget() {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing was stored
  }
}

async function loadCountries() {
  try {
    const response = await fetch("/api/countries", { headers: { Accept: "application/json" } });
    if (response.ok) countries = await response.json();
  } catch {
    // the sentence is left out
  }
  renderVerify();
}

function setBusy(busy) {
  elements.button.disabled = busy;
  elements.button.setAttribute("aria-busy", String(busy));
  const label = elements.button.querySelector("span");
  label.dataset.i18n = busy ? "verify.submitBusy" : "verify.submit";
  label.textContent = t(label.dataset.i18n);
}

function setInvalid(invalid) {
  if (invalid) {
    elements.phone.setAttribute("aria-invalid", "true");
    elements.phone.setAttribute("aria-describedby", "phone-hint countries status");
  } else {
    elements.phone.removeAttribute("aria-invalid");
    elements.phone.setAttribute("aria-describedby", "phone-hint countries");
  }
}

// Only real changes touch the live region: the panel is drawn again every second.
function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

function retryAfterMs(response) {
  const seconds = Number(response.headers.get("Retry-After"));
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : 60) * 1000;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
