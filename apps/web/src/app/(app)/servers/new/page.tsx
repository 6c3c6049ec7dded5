// Register a server: the form, or the demo upstream in one click when this machine runs it.
import { can } from "@gatehouse/shared";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { env } from "@/env";
import { getServiceContext } from "@/server/context";
import { NewServerForm } from "./new-server-form";

export const metadata: Metadata = { title: "Register a server" };

export default async function NewServerPage() {
  const ctx = await getServiceContext();
  if (!can(ctx.role, "servers:write")) redirect("/servers");
  const config = env();
  return (
    <>
      <PageHeader
        title="Register a server"
        description="Paste your MCP server's URL. Gatehouse connects to it, lists its tools and rates their risk; your agents then connect to the proxy URL it gives you."
      />
      <NewServerForm demoAvailable={Boolean(config.GATEHOUSE_DEMO_UPSTREAM_URL)} />
    </>
  );
}
