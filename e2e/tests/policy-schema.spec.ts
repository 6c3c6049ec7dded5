// The policy JSON Schema is served publicly, so editors can validate and autocomplete policies.
import { expect, test } from "@playwright/test";

test("the policy JSON Schema is public and describes the document", async ({ request }) => {
  const response = await request.get("/schemas/policy-v1.json");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/json");
  const schema = await response.json();
  expect(schema.$schema).toMatch(/json-schema\.org/);
  expect(schema.required).toEqual(expect.arrayContaining(["version", "default"]));
  expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(["version", "default", "hide", "all_tools", "tools"]));
  // The PolicyLayer shorthand on a tool rule (issue 16), so editors accept and complete it.
  const toolRule = schema.properties.tools.additionalProperties;
  expect(Object.keys(toolRule.properties)).toEqual(expect.arrayContaining(["action", "reason", "rate_limit"]));
  expect(toolRule.properties.rate_limit.required).toEqual(["max", "window"]);
});
