// What "a tool's definition" is for pinning (rug-pull protection): the fields an agent reads and relies on. The hash
// is hex SHA-256 of its canonical JSON (keys sorted at every depth), so the proxy, the control
// plane and a test compute the same value for the same tool.
import { argumentsHash } from "./canonical-json.ts";

export type ListedTool = {
  name: string;
  title?: string | undefined;
  description?: string | undefined;
  inputSchema: unknown;
  outputSchema?: unknown;
  annotations?: unknown;
};

export function toolDefinition(tool: ListedTool): Record<string, unknown> {
  const definition: Record<string, unknown> = { name: tool.name, inputSchema: tool.inputSchema ?? {} };
  if (tool.title !== undefined) definition.title = tool.title;
  if (tool.description !== undefined) definition.description = tool.description;
  if (tool.outputSchema !== undefined) definition.outputSchema = tool.outputSchema;
  if (tool.annotations !== undefined) definition.annotations = tool.annotations;
  return definition;
}

export function toolDefinitionHash(tool: ListedTool): string {
  return argumentsHash(toolDefinition(tool));
}
