"use client";
// The visual builder: document settings (default, mode, list), every tool with its state, the
// Custom editors for a tool's predicates and limits, and the all_tools rules. It reads and writes
// the draft document; the JSON tab shows the same draft.
import { ChevronDown, ChevronRight } from "lucide-react";
import { useState } from "react";
import { Badge, type RiskLevel, RiskBadge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { fieldClasses } from "@/components/ui/input";
import {
  type ApprovalMode,
  approvalModeOf,
  type Doc,
  TOOL_STATES,
  type ToolState,
  rateLimitOf,
  setField,
  setRateLimit,
  setToolReason,
  setToolRules,
  setToolState,
  setApprovalMode,
  setValidateArguments,
  toolReason,
  toolState,
  toolsOf,
  type ValidateArguments,
  validateArgumentsOf,
} from "@/lib/policy-editor/builder-model";
import { cn } from "@/lib/utils";
import { LimitListEditor, PredicateListEditor, RateLimitEditor } from "./rule-editors";
import { type ToolView, argPathsOf } from "./types";

const select = cn(fieldClasses, "h-8 w-auto py-1 text-sm");
const STATE_TONE: Record<ToolState, "neutral" | "success" | "danger" | "warning" | "info" | "caution"> = {
  default: "neutral",
  allow: "success",
  deny: "danger",
  hide: "caution",
  approval: "warning",
  custom: "info",
};
const isObject = (v: unknown): v is Doc => typeof v === "object" && v !== null && !Array.isArray(v);
const PREDICATE_LISTS = ["require", "deny_if", "approve_if"] as const;

type Props = { doc: Doc; onChange: (doc: Doc) => void; tools: ToolView[]; toolNames: string[]; readOnly: boolean };

export function VisualBuilder({ doc, onChange, tools, toolNames, readOnly }: Props) {
  const [open, setOpen] = useState<string | null>(null);
  // Tools switched to Custom here: `{}` reads as Allow until a rule is added, so remember the choice.
  const [customized, setCustomized] = useState<ReadonlySet<string>>(new Set());
  const byName = new Map(tools.map((t) => [t.name, t]));
  const allArgPaths = [...new Set(tools.flatMap((t) => argPathsOf(t.inputSchema)))].sort();
  const allTools = isObject(doc.all_tools) ? doc.all_tools : {};
  const setAllTools = (key: string, value: unknown) => {
    const next: Doc = { ...allTools };
    if (value === undefined) delete next[key];
    else next[key] = value;
    onChange(setField(doc, "all_tools", Object.keys(next).length > 0 ? next : undefined));
  };

  return (
    <div className="space-y-4">
      <Card>
        <CardHeader>
          <CardTitle>Settings</CardTitle>
          <CardDescription>What happens to tools the policy does not list, whether it refuses or only logs, and what agents see in tools/list.</CardDescription>
        </CardHeader>
        <CardContent>
          <fieldset disabled={readOnly} className="flex flex-wrap gap-4 text-sm">
            <label className="flex items-center gap-2">
              Default
              <select className={select} value={String(doc.default ?? "deny")} onChange={(e) => onChange(setField(doc, "default", e.target.value))}>
                <option value="deny">Deny unlisted tools</option>
                <option value="allow">Allow unlisted tools</option>
              </select>
            </label>
            <label className="flex items-center gap-2">
              Mode
              <select className={select} value={doc.mode === "shadow" ? "shadow" : "enforce"} onChange={(e) => onChange(setField(doc, "mode", e.target.value === "shadow" ? "shadow" : undefined))}>
                <option value="enforce">Enforce</option>
                <option value="shadow">Shadow (log, never refuse)</option>
              </select>
            </label>
            <label className="flex items-center gap-2">
              tools/list
              <select className={select} value={doc.list === "callable" ? "callable" : "all"} onChange={(e) => onChange(setField(doc, "list", e.target.value === "callable" ? "callable" : undefined))}>
                <option value="all">All tools except hidden</option>
                <option value="callable">Only tools that can be allowed</option>
              </select>
            </label>
          </fieldset>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Tools</CardTitle>
          <CardDescription>
            {tools.length > 0 ? "The server's discovered tools, and any the policy names." : "The tools the policy names (discover the server's tools to list them all)."} Custom opens
            conditions and limits.
          </CardDescription>
        </CardHeader>
        <CardContent className="p-0">
          {toolNames.length === 0 && <p className="px-6 pb-6 text-sm text-muted-foreground">No tools yet. Add rules in the JSON tab, or discover the server's tools.</p>}
          <ul className="divide-y divide-border" aria-label="Tool rules">
            {toolNames.map((name) => {
              const read = toolState(doc, name);
              const state: ToolState = read !== "hide" && read !== "default" && customized.has(name) ? "custom" : read;
              const tool = byName.get(name);
              const rules = toolsOf(doc)[name];
              const expanded = open === name && state === "custom";
              const argPaths = argPathsOf(tool?.inputSchema);
              return (
                <li key={name} data-testid={`tool-row-${name}`} className="px-4 py-3 sm:px-6">
                  <div className="flex flex-wrap items-center gap-2">
                    <button
                      type="button"
                      className="flex min-w-0 flex-1 items-center gap-2 text-left disabled:cursor-default"
                      disabled={state !== "custom"}
                      aria-expanded={state === "custom" ? expanded : undefined}
                      onClick={() => setOpen(expanded ? null : name)}
                    >
                      {state === "custom" ? expanded ? <ChevronDown aria-hidden className="size-4" /> : <ChevronRight aria-hidden className="size-4" /> : <span className="size-4" />}
                      <span className="truncate font-mono text-sm">{name}</span>
                      {tool?.riskLevel && <RiskBadge level={tool.riskLevel as RiskLevel} />}
                      {!tool && <Badge>not discovered</Badge>}
                    </button>
                    {readOnly ? (
                      <Badge tone={STATE_TONE[state]}>{TOOL_STATES.find((s) => s.value === state)?.label}</Badge>
                    ) : (
                      <select
                        className={select}
                        aria-label={`Rule for ${name}`}
                        value={state}
                        onChange={(e) => {
                          const next = e.target.value as ToolState;
                          onChange(setToolState(doc, name, next));
                          const marked = new Set(customized);
                          if (next === "custom") marked.add(name);
                          else marked.delete(name);
                          setCustomized(marked);
                          if (next === "custom") setOpen(name);
                        }}
                      >
                        {TOOL_STATES.map((s) => (
                          <option key={s.value} value={s.value}>
                            {s.value === "default" ? `Default (${doc.default === "allow" ? "allow" : "deny"})` : s.label}
                          </option>
                        ))}
                      </select>
                    )}
                    {state !== "default" && state !== "hide" && (
                      <select
                        className={select}
                        aria-label={`Argument validation for ${name}`}
                        title="validate_arguments: check calls against the tool's accepted inputSchema"
                        disabled={readOnly}
                        value={validateArgumentsOf(doc, name) ?? ""}
                        onChange={(e) => onChange(setValidateArguments(doc, name, (e.target.value || undefined) as ValidateArguments | undefined))}
                      >
                        <option value="">Arguments: server setting</option>
                        <option value="enforce">Arguments: enforce</option>
                        <option value="shadow">Arguments: shadow</option>
                        <option value="off">Arguments: off</option>
                      </select>
                    )}
                    {state === "approval" && (
                      <select
                        className={select}
                        aria-label={`How an agent waits for approval of ${name}`}
                        title="approval.mode: an MCP task when the client supports tasks, else the call is held; or always hold"
                        disabled={readOnly}
                        value={approvalModeOf(doc, name) ?? ""}
                        onChange={(e) => onChange(setApprovalMode(doc, name, (e.target.value || undefined) as ApprovalMode | undefined))}
                      >
                        <option value="">Waits: policy default</option>
                        <option value="task">Waits: as a task</option>
                        <option value="hold">Waits: held call</option>
                      </select>
                    )}
                  </div>
                  {(state === "deny" || state === "approval") && (
                    <div className="mt-2 pl-0 sm:pl-6">
                      <input
                        className={cn(fieldClasses, "h-8 py-1 text-xs")}
                        aria-label={`Reason for ${name}`}
                        placeholder={state === "deny" ? "Reason the agent sees when refused (optional)" : "Reason shown with the approval request (optional)"}
                        readOnly={readOnly}
                        value={toolReason(doc, name) ?? ""}
                        onChange={(e) => onChange(setToolReason(doc, name, e.target.value))}
                      />
                    </div>
                  )}
                  {tool?.description && <p className="mt-1 pl-6 text-xs text-muted-foreground">{tool.description}</p>}
                  {expanded && isObject(rules) && (
                    <div className="mt-3 grid gap-3 pl-0 sm:pl-6">
                      {PREDICATE_LISTS.map((key) => (
                        <PredicateListEditor
                          key={key}
                          label={key}
                          value={rules[key]}
                          argPaths={argPaths}
                          readOnly={readOnly}
                          onChange={(list) => onChange(setToolRules(doc, name, withField(rules, key, list)))}
                        />
                      ))}
                      <RateLimitEditor value={rateLimitOf(doc, name)} readOnly={readOnly} onChange={(patch) => onChange(setRateLimit(doc, name, patch))} />
                      <LimitListEditor
                        value={rules.limits}
                        argPaths={argPaths}
                        readOnly={readOnly}
                        defaultCounter={`${name}_calls`}
                        onChange={(list) => onChange(setToolRules(doc, name, withField(rules, "limits", list)))}
                      />
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>All tools</CardTitle>
          <CardDescription>Rules applied to every call before the tool's own (limits after).</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3">
          {PREDICATE_LISTS.map((key) => (
            <PredicateListEditor key={key} label={`all_tools ${key}`} value={allTools[key]} argPaths={allArgPaths} readOnly={readOnly} onChange={(list) => setAllTools(key, list)} />
          ))}
          <LimitListEditor value={allTools.limits} argPaths={allArgPaths} readOnly={readOnly} defaultCounter="calls" onChange={(list) => setAllTools("limits", list)} />
        </CardContent>
      </Card>
    </div>
  );
}

function withField(rules: Doc, key: string, value: unknown): Doc {
  const next: Doc = { ...rules };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}
