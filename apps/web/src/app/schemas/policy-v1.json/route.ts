// GET /schemas/policy-v1.json — the JSON Schema of a policy document, public, for editors and
// IDEs (`"$schema": "<dashboard>/schemas/policy-v1.json"` in a policy file) and the raw editor.
import { policyJsonSchema } from "@gatehouse/policy";

export const dynamic = "force-static";

export function GET(): Response {
  return Response.json(policyJsonSchema, {
    headers: { "cache-control": "public, max-age=3600", "access-control-allow-origin": "*" },
  });
}
