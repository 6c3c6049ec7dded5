// Tool pinning (rug-pull protection) for servers that quarantine changed tools. The bundle
// carries each tool's accepted definition hash; the proxy hashes every tool it relays in
// tools/list the same way (toolDefinitionHash). A tool that is new, quarantined, or whose live
// definition differs from the accepted one is dropped from the list, and refused at call time
// with rule "(tool changed)" until an admin accepts it in the dashboard.
import { toolDefinitionHash } from "@gatehouse/policy";
import type { BundleServer } from "@gatehouse/shared";

export const TOOL_CHANGED_RULE = "(tool changed)";

/**
 * What this proxy process has seen upstream: the live hash of pinned tools whose definition
 * differed from the accepted one. It lets a call be refused even before discovery on the control
 * plane has marked the tool quarantined (the call may come in a session that never listed).
 */
export class ToolDrift {
  private readonly seen = new Map<string, string>();

  observe(serverId: string, name: string, liveHash: string, accepted: string | null | undefined): void {
    const key = `${serverId}\u0000${name}`;
    if (accepted !== undefined && accepted !== null && liveHash === accepted) this.seen.delete(key);
    else this.seen.set(key, liveHash);
    // Bounded: an upstream listing thousands of ever-new names must not grow this forever.
    if (this.seen.size > 10_000) this.seen.delete(this.seen.keys().next().value as string);
  }

  drifted(serverId: string, name: string, accepted: string): boolean {
    const live = this.seen.get(`${serverId}\u0000${name}`);
    return live !== undefined && live !== accepted;
  }
}

/** The refusal message when `name` may not be called on this server now, else null. */
export function pinnedRefusal(server: BundleServer, name: string, drift: ToolDrift): string | null {
  const pins = server.toolPins;
  if (!pins) return null;
  const accepted = pins[name];
  if (accepted === undefined) return `Tool ${JSON.stringify(name)} is new on this server and is quarantined until an admin reviews and accepts it.`;
  if (accepted === null || drift.drifted(server.id, name, accepted)) {
    return `Tool ${JSON.stringify(name)} changed since it was accepted and is quarantined until an admin reviews the change and accepts it.`;
  }
  return null;
}

/** The tools of a tools/list result an agent may see: those whose live definition is the accepted one. */
export function keepAcceptedTools<T extends { name: string }>(server: BundleServer, tools: T[], drift: ToolDrift): T[] {
  const pins = server.toolPins;
  if (!pins) return tools;
  return tools.filter((tool) => {
    const live = toolDefinitionHash(tool as unknown as Parameters<typeof toolDefinitionHash>[0]);
    const accepted = pins[tool.name];
    drift.observe(server.id, tool.name, live, accepted);
    return accepted !== undefined && accepted !== null && live === accepted;
  });
}
