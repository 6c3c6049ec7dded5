// The REST API reference: /api/v1/openapi.json rendered by Scalar. Requests made from it ("Test
// request") go to this dashboard with the session cookie, so they act as the signed-in user.
import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { ApiReference } from "./api-reference";

export const metadata: Metadata = { title: "API reference" };

export default function ApiReferencePage() {
  return (
    <>
      <PageHeader
        title="API reference"
        description={
          <>
            Every route of <code className="font-mono text-xs">/api/v1</code>, generated from{" "}
            <a href="/api/v1/openapi.json" className="font-medium text-primary hover:underline">
              openapi.json
            </a>
            . Scripts authenticate with an org API key: <code className="font-mono text-xs">Authorization: Bearer gthk_…</code>.
          </>
        }
      />
      <ApiReference specUrl="/api/v1/openapi.json" />
    </>
  );
}
