"use client";
// How an agent connects: the proxy URL and a ready-to-paste configuration per MCP client, with the
// token minted in the setup step when there is one, else a placeholder to replace.
import type { ServerResponse } from "@gatehouse/shared";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { TOKEN_PLACEHOLDER, clientConfigs } from "./client-configs";

export function ConnectCard({ server, token }: { server: ServerResponse; token: string | null }) {
  const configs = clientConfigs({ serverName: server.name, proxyUrl: server.proxyUrl, token });
  return (
    <Card>
      <CardHeader>
        <CardTitle>Connect an agent</CardTitle>
        <CardDescription>
          Point the agent's MCP client at the proxy URL with an identity token as its bearer token.{" "}
          {token ? "The snippets below carry the token you just created." : `Replace ${TOKEN_PLACEHOLDER} with an identity's token.`}
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <div className="flex flex-col gap-1">
          <span className="text-sm font-medium">Proxy URL</span>
          <div className="flex items-center gap-2 rounded-md border border-border bg-muted/40 px-3 py-1.5">
            <code className="min-w-0 flex-1 font-mono text-sm break-all" data-testid="proxy-url">
              {server.proxyUrl}
            </code>
            <CopyButton value={server.proxyUrl} label="Copy proxy URL" toastMessage="Proxy URL copied" />
          </div>
        </div>
        <Tabs defaultValue="claude-code">
          <TabsList aria-label="MCP client" className="flex-wrap">
            {configs.map((config) => (
              <TabsTrigger key={config.id} value={config.id}>
                {config.label}
              </TabsTrigger>
            ))}
          </TabsList>
          {configs.map((config) => (
            <TabsContent key={config.id} value={config.id} className="flex flex-col gap-2">
              <p className="text-xs text-muted-foreground">{config.where}</p>
              <div className="relative">
                <pre className="overflow-x-auto rounded-md border border-border bg-zinc-950 p-3 pr-12 font-mono text-xs whitespace-pre-wrap break-all text-zinc-100" data-testid={`config-${config.id}`}>
                  {config.text}
                </pre>
                <div className="absolute top-1.5 right-1.5">
                  <CopyButton value={config.text} label={`Copy ${config.label} configuration`} toastMessage={`${config.label} configuration copied`} variant="secondary" />
                </div>
              </div>
            </TabsContent>
          ))}
        </Tabs>
      </CardContent>
    </Card>
  );
}
