// Ambiguous webhooks: a body that names one of the record's fields twice. The package
// reads them as parsers do (a JSON object's last copy, form text's first copy), so the
// same bytes would mean different calls or outcomes depending on the encoding. A
// template that repeats a field is a mistake or a forgery; either way the Worker refuses
// it (400 ambiguous_webhook) rather than pick a copy.
//
// Checked on the raw text, before parsing, with the same rules the package uses to find
// the fields: a JSON object's top-level keys (after unescaping, so "q931\u005fstatus"
// counts as q931_status), or form/query names (after percent-decoding).

/** The fields of the call-detail record that decide what a webhook means. */
const WEBHOOK_FIELDS = Object.freeze(["verification_call_uuid", "q931_status", "final_status"]);

/** The first of WEBHOOK_FIELDS the payload text names more than once, or null. */
export function repeatedWebhookField(text) {
  const names = fieldNames(text);
  for (const field of WEBHOOK_FIELDS) {
    if (names.filter((name) => name === field).length > 1) return field;
  }
  return null;
}

/** The first of WEBHOOK_FIELDS that query text (a URL's search part) names, or null. */
export function webhookFieldInQuery(search) {
  const names = formNames(search.replace(/^\?/, ""));
  return WEBHOOK_FIELDS.find((field) => names.includes(field)) ?? null;
}

// The package's own choice between the two: JSON when the text opens with { or [, else
// form text, where a whole URL or path contributes only its query.
function fieldNames(text) {
  const trimmed = text.replace(/^\uFEFF/, "").trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) return topLevelKeys(trimmed);
  let query = trimmed;
  if (/^(https?:\/\/|\/)/.test(trimmed)) query = trimmed.includes("?") ? trimmed.slice(trimmed.indexOf("?") + 1) : "";
  else query = trimmed.replace(/^\?/, "");
  return formNames(query.split("#")[0]);
}

/**
 * The keys of a JSON text's top-level object, in order, repeats included. Not a JSON
 * parser: it only tracks strings and nesting, which is all it takes to find the keys.
 * Malformed text yields what it yields; the package's parser rejects it afterwards.
 */
export function topLevelKeys(text) {
  const keys = [];
  const open = []; // the containers we are in: "{" or "["
  let expectingKey = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      if (open.length === 1 && open[0] === "{" && expectingKey) {
        try {
          keys.push(JSON.parse(text.slice(i, end + 1)));
        } catch {
          keys.push(text.slice(i + 1, end)); // a broken escape; the parser will refuse it
        }
        expectingKey = false;
      }
      i = end;
    } else if (c === "{" || c === "[") {
      open.push(c);
      expectingKey = c === "{" && open.length === 1;
    } else if (c === "}" || c === "]") {
      open.pop();
    } else if (c === "," && open.length === 1 && open[0] === "{") {
      expectingKey = true;
    }
  }
  return keys;
}

// Form text as the package reads it (formObject): lines joined with "&", each without
// its trailing "\r"s, then URLSearchParams' names, repeats included.
function formNames(text) {
  if (text.includes("\n")) text = text.split("\n").map((line) => line.replace(/\r+$/, "")).join("&");
  return [...new URLSearchParams("&" + text).keys()];
}
