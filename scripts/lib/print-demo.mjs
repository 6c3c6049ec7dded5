// Prints what a new user needs, from the facts the seed wrote to .gatehouse/demo.json.
import { readFileSync } from "node:fs";

const demo = JSON.parse(readFileSync(process.argv[2], "utf8"));
const config = {
  mcpServers: {
    "gatehouse-demo": { type: "http", url: demo.proxyUrl, headers: { Authorization: `Bearer ${demo.token}` } },
  },
};
console.log(`
  Gatehouse is running.

  Dashboard   ${demo.dashboardUrl}
  Login       ${demo.login.email} / ${demo.login.password}
  Proxy URL   ${demo.proxyUrl}
  Token       ${demo.token}   (identity demo-agent)
  API         ${demo.apiUrl}   (admin key in .gatehouse/demo.json: apiKey)
              curl -H "Authorization: Bearer $(node -p 'require("./.gatehouse/demo.json").apiKey')" ${demo.apiUrl}/me

  MCP client config (Claude Desktop, Cursor, an SDK client):
${JSON.stringify(config, null, 2).replace(/^/gm, "    ")}

  The same facts are in .gatehouse/demo.json. Press Ctrl-C to stop everything.
`);
