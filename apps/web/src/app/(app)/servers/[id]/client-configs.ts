// Ready-to-paste client configurations for a server's proxy URL: each MCP client's own format,
// with the identity token (or a placeholder to replace). Pure, so a unit test pins the formats.

export const TOKEN_PLACEHOLDER = "<YOUR_GATEHOUSE_TOKEN>";

export type ClientConfig = { id: string; label: string; where: string; language: "json" | "shell" | "typescript"; text: string };

/** A config key from a server name: "Flux demo (prod)" → "flux-demo-prod". */
export function configKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "gatehouse";
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

export function clientConfigs(input: { serverName: string; proxyUrl: string; token?: string | null }): ClientConfig[] {
  const key = configKey(input.serverName);
  const token = input.token || TOKEN_PLACEHOLDER;
  const authorization = `Bearer ${token}`;
  return [
    {
      id: "claude-code",
      label: "Claude Code",
      where: "Run in your project, or put the JSON in .mcp.json",
      language: "shell",
      text: `claude mcp add --transport http ${key} ${input.proxyUrl} --header "Authorization: ${authorization}"`,
    },
    {
      id: "claude-desktop",
      label: "Claude Desktop",
      where: "claude_desktop_config.json (Settings → Developer → Edit config)",
      language: "json",
      text: json({ mcpServers: { [key]: { command: "npx", args: ["-y", "mcp-remote", input.proxyUrl, "--header", `Authorization:${authorization}`] } } }),
    },
    {
      id: "cursor",
      label: "Cursor",
      where: "~/.cursor/mcp.json or .cursor/mcp.json in the project",
      language: "json",
      text: json({ mcpServers: { [key]: { url: input.proxyUrl, headers: { Authorization: authorization } } } }),
    },
    {
      id: "vscode",
      label: "VS Code",
      where: ".vscode/mcp.json",
      language: "json",
      text: json({ servers: { [key]: { type: "http", url: input.proxyUrl, headers: { Authorization: authorization } } } }),
    },
    {
      id: "typescript",
      label: "TypeScript SDK",
      where: "npm install @modelcontextprotocol/sdk",
      language: "typescript",
      text: [
        'import { Client } from "@modelcontextprotocol/sdk/client/index.js";',
        'import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";',
        "",
        `const transport = new StreamableHTTPClientTransport(new URL("${input.proxyUrl}"), {`,
        `  requestInit: { headers: { Authorization: "${authorization}" } },`,
        "});",
        'const client = new Client({ name: "my-agent", version: "1.0.0" });',
        "await client.connect(transport);",
        "const { tools } = await client.listTools();",
      ].join("\n"),
    },
  ];
}
