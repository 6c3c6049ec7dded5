"use client";
// The simulator: pick a tool, an identity and arguments (a form from the tool's input schema, or
// JSON), and see the decision and explain trace the proxy would produce — computed by the API
// with the same compilePolicy/explain the proxy's evaluate runs.
import type { SimulateResponse } from "@gatehouse/shared";
import { useMutation } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { fieldClasses } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { errorMessage } from "@/lib/api/api-error";
import { apiFetch } from "@/lib/api/api-fetch";
import type { Doc } from "@/lib/policy-editor/builder-model";
import { cn } from "@/lib/utils";
import { DecisionView } from "./decision-view";
import { type IdentityView, type ToolView, formFieldsOf } from "./types";

type Props = { policyId: string; draft: Doc | null; tools: ToolView[]; toolNames: string[]; identities: IdentityView[] };
const select = cn(fieldClasses, "h-9 py-1");

export function SimulatorPanel({ policyId, draft, tools, toolNames, identities }: Props) {
  const [tool, setTool] = useState(toolNames[0] ?? "");
  const [customTool, setCustomTool] = useState("");
  const [identityId, setIdentityId] = useState("");
  const [source, setSource] = useState<"draft" | "published">("draft");
  const [argsText, setArgsText] = useState("{}");
  const name = tool === "__other" ? customTool : tool;
  const fields = useMemo(() => formFieldsOf(tools.find((t) => t.name === name)?.inputSchema), [tools, name]);
  const args = useMemo(() => {
    try {
      const v: unknown = JSON.parse(argsText);
      return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }, [argsText]);

  const run = useMutation({
    mutationFn: () =>
      apiFetch<SimulateResponse>(`/policies/${policyId}/simulate`, {
        method: "POST",
        body: { ...(source === "draft" && draft ? { document: draft } : {}), calls: [{ tool: name, arguments: args ?? {}, ...(identityId ? { identityId } : {}) }] },
      }),
  });
  const setArg = (key: string, value: unknown) => {
    const next = { ...(args ?? {}) };
    if (value === "" || value === undefined) delete next[key];
    else next[key] = value;
    setArgsText(JSON.stringify(next, null, 2));
  };

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.4fr)]">
      <Card>
        <CardHeader>
          <CardTitle>Call</CardTitle>
          <CardDescription>Decided exactly as the proxy would, without calling the server or counting against limits.</CardDescription>
        </CardHeader>
        <CardContent>
          <form
            className="space-y-3 text-sm"
            aria-label="Simulate a call"
            onSubmit={(e) => {
              e.preventDefault();
              run.mutate();
            }}
          >
            <label className="block space-y-1">
              <span className="font-medium">Policy</span>
              <select className={select} value={source} onChange={(e) => setSource(e.target.value as "draft" | "published")}>
                <option value="draft" disabled={!draft}>
                  The draft{draft ? "" : " (fix its errors first)"}
                </option>
                <option value="published">The published version</option>
              </select>
            </label>
            <label className="block space-y-1">
              <span className="font-medium">Tool</span>
              <select className={select} value={tool} onChange={(e) => setTool(e.target.value)} aria-label="Tool">
                {toolNames.map((t) => (
                  <option key={t}>{t}</option>
                ))}
                <option value="__other">Another tool…</option>
              </select>
            </label>
            {tool === "__other" && <input className={cn(select)} aria-label="Tool name" value={customTool} onChange={(e) => setCustomTool(e.target.value)} placeholder="tool_name" />}
            <label className="block space-y-1">
              <span className="font-medium">Identity</span>
              <select className={select} value={identityId} onChange={(e) => setIdentityId(e.target.value)} aria-label="Identity">
                <option value="">Anonymous agent (no labels)</option>
                {identities.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.name} ({i.kind})
                  </option>
                ))}
              </select>
            </label>
            {fields.length > 0 && (
              <fieldset className="space-y-2 rounded-md border border-border p-3">
                <legend className="px-1 text-xs font-semibold">Arguments</legend>
                {fields.map((f) => (
                  <div key={f.name} className="block space-y-1">
                    <label htmlFor={`arg-${f.name}`} className="font-mono text-xs">
                      {f.name}
                    </label>
                    {f.type === "boolean" ? (
                      <select id={`arg-${f.name}`} className={select} value={args?.[f.name] === undefined ? "" : String(args[f.name])} onChange={(e) => setArg(f.name, e.target.value === "" ? undefined : e.target.value === "true")}>
                        <option value="">(absent)</option>
                        <option value="true">true</option>
                        <option value="false">false</option>
                      </select>
                    ) : f.options ? (
                      <select id={`arg-${f.name}`} className={select} value={String(args?.[f.name] ?? "")} onChange={(e) => setArg(f.name, e.target.value)}>
                        <option value="">(absent)</option>
                        {f.options.map((o) => (
                          <option key={o}>{o}</option>
                        ))}
                      </select>
                    ) : (
                      <input
                        id={`arg-${f.name}`}
                        className={cn(select)}
                        type={f.type === "number" ? "number" : "text"}
                        value={args?.[f.name] === undefined ? "" : typeof args[f.name] === "string" || typeof args[f.name] === "number" ? String(args[f.name]) : JSON.stringify(args[f.name])}
                        onChange={(e) => setArg(f.name, f.type === "number" ? (e.target.value === "" ? undefined : Number(e.target.value)) : e.target.value)}
                        placeholder={f.description}
                      />
                    )}
                  </div>
                ))}
              </fieldset>
            )}
            <div className="block space-y-1">
              <label htmlFor="sim-args" className="font-medium">
                Arguments (JSON)
              </label>
              <Textarea id="sim-args" className="font-mono text-xs" rows={6} value={argsText} onChange={(e) => setArgsText(e.target.value)} aria-invalid={args === null} />
              {args === null && <span className="text-xs text-destructive">Arguments must be a JSON object.</span>}
            </div>
            <Button type="submit" loading={run.isPending} disabled={!name || args === null}>
              Simulate
            </Button>
          </form>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Decision</CardTitle>
          <CardDescription>{run.data ? (run.data.source.kind === "document" ? "Decided by the draft." : `Decided by version ${run.data.source.number ?? "— (none published)"}.`) : "Run a call to see what the proxy would decide and why."}</CardDescription>
        </CardHeader>
        <CardContent>
          {run.isError && (
            <p role="alert" className="text-sm text-destructive">
              {errorMessage(run.error)}
            </p>
          )}
          {run.data?.results[0] && <DecisionView result={run.data.results[0]} />}
        </CardContent>
      </Card>
    </div>
  );
}
