// Tool pinning (rug-pull protection) for servers that quarantine changed tools. The bundle
// carries each tool's accepted definition hash; the proxy hashes every tool it relays in
// tools/list the same way (toolDefinitionHash). A tool that is new, quarantined, or whose live
// definition differs from the accepted one is dropped from the list, and refused at call time
// with rule "(tool changed)" until an admin accepts it in the dashboard.
//
// Drift reporting (every discovered server, whatever its onToolChange): the bundle also carries
// the hash the control plane last saw of each tool (`toolHashes`). A relayed tool that is not
// there, or hashes differently, is reported to the control plane (POST /api/internal/tool-drift),
// which marks it changed or quarantined at once instead of at the next discovery. At most one
// report per server and tool per interval, so a flapping upstream cannot flood the control plane;
// a report that fails is simply sent again after the interval while the drift lasts.
import { type ListedTool, toolDefinition, toolDefinitionHash } from "@gatehouse/policy";
import type { BundleServer } from "@gatehouse/shared";

export const TOOL_CHANGED_RULE = "(tool changed)";

/**
 * What this proxy process has seen upstream: the live hash of pinned tools whose definition
 * differed from the accepted one. It lets a call be refused even before discovery on the control
 * plane has marked the tool quarantined (the call may come in a session that never listed).
 */
export class ToolDrift {
  private readonly seen = new Map<string, string>();

  constructor(private readonly reporter: DriftReporter | null = null) {}

  /** Every tool of a relayed tools/list result (before any filtering): reports the ones the control plane does not know. */
  report(server: BundleServer, tools: readonly unknown[]): void {
    this.reporter?.check(server, tools);
  }

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

/** Sends one report (orgId is looked up by the sender); must not throw. */
export type DriftSend = (serverId: string, tools: ListedTool[]) => void;

/** Bounds of what one report carries (ToolDriftReport in @gatehouse/shared accepts these). */
const MAX_TOOLS_PER_REPORT = 100;
const MAX_DEFINITION_CHARS = 256 * 1024;
const MAX_REMEMBERED = 10_000;

export class DriftReporter {
  /** serverId\0name → when it was last reported; oldest first (re-inserted on each report). */
  private readonly last = new Map<string, number>();

  constructor(
    private readonly send: DriftSend,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  check(server: BundleServer, tools: readonly unknown[]): void {
    const known = server.toolHashes;
    // Never discovered: nothing to compare with, and every tool would look new.
    if (!known) return;
    const at = this.now();
    const drifted: ListedTool[] = [];
    for (const tool of tools) {
      if (drifted.length >= MAX_TOOLS_PER_REPORT) break;
      const definition = listedTool(tool);
      if (!definition || known[definition.name] === toolDefinitionHash(definition)) continue;
      const key = `${server.id}\u0000${definition.name}`;
      const previous = this.last.get(key);
      if (previous !== undefined && at - previous < this.intervalMs) continue;
      this.last.delete(key);
      this.last.set(key, at);
      if (this.last.size > MAX_REMEMBERED) this.last.delete(this.last.keys().next().value as string);
      drifted.push(definition);
    }
    if (drifted.length > 0) this.send(server.id, drifted);
  }
}

/** The definition fields of a relayed tool, or null when it is not one the control plane would accept. */
function listedTool(value: unknown): ListedTool | null {
  if (typeof value !== "object" || value === null) return null;
  const t = value as Record<string, unknown>;
  if (typeof t.name !== "string" || t.name.length === 0 || t.name.length > 200) return null;
  if (t.title !== undefined && (typeof t.title !== "string" || t.title.length > 1000)) return null;
  if (t.description !== undefined && (typeof t.description !== "string" || t.description.length > 100_000)) return null;
  const definition = toolDefinition(t as ListedTool) as ListedTool;
  return JSON.stringify(definition).length > MAX_DEFINITION_CHARS ? null : definition;
}
