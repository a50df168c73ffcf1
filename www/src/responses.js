// The Worker's HTTP answers. Every API answer is JSON, never cached (a verification's
// status changes), and errors share one shape: {"error": {"kind", "message"}}, where
// `kind` is the package's error kind when the package produced the error.

const API_HEADERS = Object.freeze({
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
});

export function json(status, body, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...API_HEADERS, "Content-Type": "application/json; charset=utf-8", ...headers },
  });
}

export function errorResponse(status, kind, message, headers = {}) {
  return json(status, { error: { kind, message } }, headers);
}

export function noContent() {
  return new Response(null, { status: 204, headers: API_HEADERS });
}

export function notFound(message = "Not found") {
  return errorResponse(404, "not_found", message);
}

export function methodNotAllowed(allowed) {
  return errorResponse(405, "method_not_allowed", `Use ${allowed.join(" or ")}`, { Allow: allowed.join(", ") });
}
