// `make demo` keeps its state across restarts: verifications (finished and waiting),
// limits, and the webhook secret, so a webhook delivered after a restart lands. Two runs
// of the demo over one state folder, as two `make demo`s over .demo-state/.

import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";

import { api, cdr, digitsOf, numberEndingIn, started, startTestDemo, startWithoutWebhook, waitForFinal } from "./demo-setup.mjs";

let stateDir;

before(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), "kompaas-demo-restart-"));
});

after(async () => {
  await rm(stateDir, { recursive: true, force: true });
});

test("a restart keeps verifications, limits and the webhook secret; a webhook after it lands", async () => {
  // The first run: one finished verification, one waiting for its webhook.
  const first = await startTestDemo({ stateDir });
  const browser = api(first.url);
  let finished;
  let waiting;
  let waitingUuid;
  const waitingPhone = numberEndingIn(0);
  try {
    finished = await started(browser, numberEndingIn(1));
    assert.equal((await waitForFinal(browser, finished)).body.status, "busy");
    ({ id: waiting, uuid: waitingUuid } = await startWithoutWebhook(first, browser, waitingPhone));
  } finally {
    await first.stop();
  }
  // The secret is kept privately in the state folder.
  assert.equal((await readFile(path.join(stateDir, "webhook-secret"), "utf8")).trim(), first.webhookSecret);
  assert.equal((await stat(path.join(stateDir, "webhook-secret"))).mode & 0o077, 0, "readable by its owner only");

  // The second run, on another port, over the same state.
  const second = await startTestDemo({ stateDir });
  try {
    assert.equal(second.webhookSecret, first.webhookSecret, "the dashboard's URL still works");
    const again = api(second.url);
    for (const [name, value] of browser.cookies) again.cookies.set(name, value); // the same browser

    assert.equal((await again.read(finished)).body.status, "busy", "a finished verification is still there");
    assert.equal((await again.read(waiting)).body.status, "pending", "a waiting one still waits");

    // The provider's webhook for the call placed before the restart.
    const delivered = await again.webhook(second.webhookSecret, cdr({ verification_call_uuid: waitingUuid, q931_status: 16, final_status: "ANSWER" }));
    assert.equal(delivered.status, 204);
    assert.equal((await waitForFinal(again, waiting)).body.status, "answered", "it landed");

    // The limits too: the number called a moment ago in the first run is still refused.
    const refused = await again.start(`+${digitsOf(waitingPhone)}`);
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error.scope, "phone_number");
  } finally {
    await second.stop();
  }
});
