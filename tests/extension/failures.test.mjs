// The sentences a user reads when something fails.
import assert from "node:assert/strict";
import { test } from "node:test";

import { BAD_TOKEN, failureMessage, SERVER_DOWN, saveOutcome } from "../../extension/lib/failures.js";

test("no reply means the server is not running, and says how to start it", () => {
  assert.equal(failureMessage(0), "papershelf is not running: start it with `papershelf serve`");
  assert.equal(SERVER_DOWN, failureMessage(0));
});

test("401 asks the user to pair; other errors pass the server's message through", () => {
  assert.equal(failureMessage(401, { error: "unauthorized", message: "wrong token" }), BAD_TOKEN);
  assert.equal(BAD_TOKEN, "wrong or missing token: pair in the extension options");
  assert.equal(failureMessage(400, { error: "bad", message: "papers[0].title is missing" }), "papers[0].title is missing");
  assert.equal(failureMessage(502, null), "papershelf answered HTTP 502");
});

test("per-item save results become button states", () => {
  assert.deepEqual(saveOutcome({ id: "1", status: "saved" }), { state: "saved", message: "Saved" });
  assert.deepEqual(saveOutcome({ id: "1", status: "exists" }), { state: "exists", message: "Already in library" });
  assert.deepEqual(
    saveOutcome({ id: "1", status: "failed", message: "Zotero refused the API key (403)" }),
    { state: "error", message: "Zotero refused the API key (403)" },
  );
  assert.equal(saveOutcome(undefined).state, "error");
});

test("an uncertain save keeps the server's reason: the button offers Save anyway", () => {
  const said = "not confirmed: no reply; it may be in Zotero: check Zotero, then save again";
  assert.deepEqual(saveOutcome({ id: "1", status: "uncertain", message: said }), {
    state: "uncertain",
    message: said,
  });
  assert.equal(saveOutcome({ id: "1", status: "uncertain" }).message, "not confirmed: check Zotero, then Save anyway");
});
