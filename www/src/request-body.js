// Reading a request body with a size limit. Both bodies this Worker accepts (a phone
// number, a call-detail record) are a few hundred bytes; anything near the limit is
// abuse, so it is refused before it is buffered.

/** The limit: request bodies over 16 KiB are refused. */
export const MAX_BODY_BYTES = 16 * 1024;

// What is left of a refused body is read and dropped, up to this much, before the
// answer goes out: a client still sending would otherwise see its connection reset
// instead of the 413 (or 404). Beyond it, the connection is simply cut.
const DISCARD_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor() {
    super(`Request body is larger than ${MAX_BODY_BYTES} bytes`);
    this.name = "BodyTooLargeError";
  }
}

export class BodyNotTextError extends Error {
  constructor() {
    super("Request body is not valid UTF-8 text");
    this.name = "BodyNotTextError";
  }
}

/** The body as text; throws BodyTooLargeError or BodyNotTextError. */
export async function readBodyText(request, maxBytes = MAX_BODY_BYTES) {
  // A declared length settles it without reading a byte ...
  const declared = request.headers.get("Content-Length");
  if (declared !== null && Number(declared) > maxBytes) throw new BodyTooLargeError();
  if (request.body === null) return "";

  // ... a chunked body is counted as it arrives and dropped once over the limit.
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await discardRest(reader, size);
      throw new BodyTooLargeError();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new BodyNotTextError();
  }
}

/** Reads and drops a body nobody will use (see DISCARD_BYTES). */
export async function discardBody(request) {
  if (request.body === null || request.bodyUsed) return;
  await discardRest(request.body.getReader(), 0);
}

async function discardRest(reader, alreadyRead) {
  let size = alreadyRead;
  try {
    while (size <= DISCARD_BYTES) {
      const { done, value } = await reader.read();
      if (done) return;
      size += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // the client went away; nothing to answer
  }
}
