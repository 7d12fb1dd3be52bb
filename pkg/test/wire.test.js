// The shared wire fixtures, run against the npm package: the same core, through wasm-bindgen.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const core = require("..");

const fixtures = path.join(__dirname, "..", "..", "fixtures", "wire");

function responseCases() {
  const dir = path.join(fixtures, "responses");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => {
      const name = f.slice(0, -4);
      return {
        name,
        body: fs.readFileSync(path.join(dir, f), "utf8"),
        expected: JSON.parse(fs.readFileSync(path.join(dir, name + ".json"), "utf8")),
      };
    });
}

test("every response fixture parses as expected", () => {
  const cases = responseCases();
  assert.ok(cases.length > 0);
  for (const { name, body, expected } of cases) {
    const got = core.parseResponse(body);
    for (const [field, want] of Object.entries(expected)) {
      if (field === "description_prefix") {
        assert.ok(got.description.startsWith(want), `${name}: description ${got.description}`);
      } else {
        assert.deepEqual(got[field], want, `${name}: ${field}`);
      }
    }
  }
});

test("every command fixture encodes as expected", () => {
  const cases = JSON.parse(fs.readFileSync(path.join(fixtures, "commands.json"), "utf8"));
  assert.ok(cases.length > 0);
  for (const c of cases) {
    if ("text" in c) {
      assert.equal(core.encodeCommand(c.command), c.text, c.name);
    } else {
      assert.throws(() => core.encodeCommand(c.command), (e) => e.code === c.error_code, c.name);
    }
  }
});

test("build request masks the password in the redacted copy", () => {
  const r = core.buildRequest({
    api: "cnr",
    environment: "ote",
    login: "me",
    password: "pa55word!",
    command: { COMMAND: "StatusAccount" },
  });
  assert.equal(r.url, "https://api-ote.rrpproxy.net/api/call.cgi");
  assert.match(r.body, /s_pw=pa55word%21/);
  assert.ok(!JSON.stringify(r.redacted).includes("pa55word"));
});

test("retry policy never resends a timed-out registration", () => {
  assert.equal(core.retryPolicy({ command: "AddDomain", attempt: 1, outcome: "timeout" }).retry, false);
  assert.equal(core.retryPolicy({ command: "QueryDomainList", attempt: 1, outcome: "timeout" }).retry, true);
});

test("an unknown function throws a coded error", () => {
  assert.throws(() => core.call("no_such_function", {}), (e) => e.code === "unknown_function");
});
