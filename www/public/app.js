// The demo page's entry: the language switch, then the two parts of the page.
//   texts.js       every text in English and Slovak, and what the Worker's codes mean
//   verify.js      "Verify your phone": the Worker's API, one verification at a time
//   playground.js  the package's wasm in this browser

import { currentLocale, setLocale, t } from "./texts.js";
import { initPlayground, runPlayground } from "./playground.js";
import { initVerify, renderVerify } from "./verify.js";

function applyLocale() {
  const locale = currentLocale();
  document.documentElement.lang = locale;
  for (const element of document.querySelectorAll("[data-i18n]")) element.textContent = t(element.dataset.i18n);
  for (const element of document.querySelectorAll("[data-i18n-aria-label]")) {
    element.setAttribute("aria-label", t(element.dataset.i18nAriaLabel));
  }
  for (const button of document.querySelectorAll("[data-locale]")) {
    button.setAttribute("aria-pressed", String(button.dataset.locale === locale));
  }
  renderVerify();
  runPlayground();
}

for (const button of document.querySelectorAll("[data-locale]")) {
  button.addEventListener("click", () => {
    if (button.dataset.locale === currentLocale()) return;
    setLocale(button.dataset.locale);
    applyLocale();
  });
}

initVerify();
initPlayground();
applyLocale();
