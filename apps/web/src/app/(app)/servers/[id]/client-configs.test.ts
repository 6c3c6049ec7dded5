// The client configurations a user copies: each parses in its client's format and carries the
// proxy URL and the bearer token (or the placeholder).
import { describe, expect, it } from "vitest";
import { TOKEN_PLACEHOLDER, clientConfigs, configKey } from "./client-configs";

const proxyUrl = "http://127.0.0.1:4000/mcp/srv_123";

describe("clientConfigs", () => {
  it("uses the placeholder until a token is minted, then the token", () => {
    for (const config of clientConfigs({ serverName: "Flux", proxyUrl })) expect(config.text).toContain(`Bearer ${TOKEN_PLACEHOLDER}`);
    for (const config of clientConfigs({ serverName: "Flux", proxyUrl, token: "gth_abc" })) {
      expect(config.text).toContain("Bearer gth_abc");
      expect(config.text).toContain(proxyUrl);
    }
  });

  it("writes valid JSON in each client's shape", () => {
    const byId = Object.fromEntries(clientConfigs({ serverName: "Flux demo (prod)", proxyUrl, token: "gth_abc" }).map((c) => [c.id, c]));
    expect(JSON.parse(byId.cursor?.text ?? "")).toEqual({ mcpServers: { "flux-demo-prod": { url: proxyUrl, headers: { Authorization: "Bearer gth_abc" } } } });
    expect(JSON.parse(byId.vscode?.text ?? "")).toEqual({ servers: { "flux-demo-prod": { type: "http", url: proxyUrl, headers: { Authorization: "Bearer gth_abc" } } } });
    expect(JSON.parse(byId["claude-desktop"]?.text ?? "").mcpServers["flux-demo-prod"].args).toEqual(["-y", "mcp-remote", proxyUrl, "--header", "Authorization:Bearer gth_abc"]);
    expect(byId["claude-code"]?.text).toBe(`claude mcp add --transport http flux-demo-prod ${proxyUrl} --header "Authorization: Bearer gth_abc"`);
  });

  it("makes a config key from any server name", () => {
    expect(configKey("GitHub")).toBe("github");
    expect(configKey("!!!")).toBe("gatehouse");
  });
});
