"use client";
// Editors for the parts of a tool rule the Custom state opens: predicate lists (require /
// deny_if / approve_if: path, operator, value, on_deny) and limits (counter, window, max, scope,
// algorithm, increment_from). Each edits its JSON slice and hands back the new slice.
import { OPERATORS } from "@gatehouse/policy";
import { Plus, Trash2 } from "lucide-react";
import { useId } from "react";
import { Button } from "@/components/ui/button";
import { fieldClasses } from "@/components/ui/input";
import { NEW_RATE_LIMIT, readRateLimitWindow } from "@/lib/policy-editor/builder-model";
import { CALLER_PATHS } from "@/lib/policy-editor/json-completion";
import { cn } from "@/lib/utils";

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const input = cn(fieldClasses, "h-8 py-1 text-xs");

/** A value box's text: strings as typed, anything else as JSON. */
function showValue(value: unknown): string {
  return typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value);
}

/** Typed text back to a value: JSON when it parses (numbers, arrays, booleans), else the string. */
function readValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function PredicateListEditor({
  label,
  value,
  onChange,
  argPaths,
  readOnly,
}: { label: string; value: unknown; onChange: (next: Obj[] | undefined) => void; argPaths: string[]; readOnly: boolean }) {
  const list = Array.isArray(value) ? (value as unknown[]).filter(isObject) : [];
  const listId = useId();
  const set = (next: Obj[]) => onChange(next.length > 0 ? next : undefined);
  return (
    <fieldset className="space-y-2 rounded-md border border-border p-3" disabled={readOnly}>
      <legend className="px-1 text-xs font-semibold">{label}</legend>
      <datalist id={listId}>
        {[...argPaths, ...CALLER_PATHS].map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
      {list.length === 0 && <p className="text-xs text-muted-foreground">None.</p>}
      {list.map((predicate, pi) => {
        const conditions = Array.isArray(predicate.conditions) ? (predicate.conditions as unknown[]) : [];
        const setPredicate = (next: Obj) => set(list.map((p, i) => (i === pi ? next : p)));
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: predicates are positional in the document
          <fieldset key={pi} className="space-y-2 rounded border border-dashed border-border p-2" aria-label={`${label} ${pi + 1}`}>
            {conditions.length === 0 && <p className="text-xs text-muted-foreground">No conditions: matches every call.</p>}
            {conditions.map((condition, ci) => {
              if (!isObject(condition) || !("path" in condition)) {
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: conditions are positional
                  <p key={ci} className="font-mono text-xs text-muted-foreground">
                    {JSON.stringify(condition)} (edit in JSON)
                  </p>
                );
              }
              const setCondition = (patch: Obj) => setPredicate({ ...predicate, conditions: conditions.map((c, i) => (i === ci ? { ...(c as Obj), ...patch } : c)) });
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: conditions are positional
                <div key={ci} className="grid grid-cols-1 gap-1 sm:grid-cols-[2fr_1fr_2fr_auto]">
                  <input
                    className={input}
                    aria-label="Path"
                    list={listId}
                    value={String(condition.path ?? "")}
                    placeholder="args.amount"
                    onChange={(e) => setCondition({ path: e.target.value })}
                  />
                  <select className={input} aria-label="Operator" value={String(condition.op ?? "eq")} onChange={(e) => setCondition({ op: e.target.value })}>
                    {OPERATORS.map((op) => (
                      <option key={op} value={op}>
                        {op}
                      </option>
                    ))}
                  </select>
                  <input className={input} aria-label="Value" value={showValue(condition.value)} placeholder='100 or "text" or ["a","b"]' onChange={(e) => setCondition({ value: readValue(e.target.value) })} />
                  <Button
                    size="icon"
                    variant="ghost"
                    className="size-8"
                    aria-label="Remove condition"
                    onClick={() => setPredicate({ ...predicate, conditions: conditions.filter((_, i) => i !== ci) })}
                  >
                    <Trash2 aria-hidden />
                  </Button>
                </div>
              );
            })}
            <div className="flex flex-wrap items-center gap-2">
              <input
                className={cn(input, "flex-1")}
                aria-label="Message when refused (on_deny)"
                placeholder="Message the agent sees when refused (on_deny)"
                value={String(predicate.on_deny ?? "")}
                onChange={(e) => {
                  const next = { ...predicate };
                  if (e.target.value) next.on_deny = e.target.value;
                  else delete next.on_deny;
                  setPredicate(next);
                }}
              />
              <Button size="sm" variant="ghost" onClick={() => setPredicate({ ...predicate, conditions: [...conditions, { path: argPaths[0] ?? "args.", op: "eq", value: "" }] })}>
                <Plus aria-hidden /> Condition
              </Button>
              <Button size="sm" variant="ghost" onClick={() => set(list.filter((_, i) => i !== pi))}>
                <Trash2 aria-hidden /> Remove
              </Button>
            </div>
          </fieldset>
        );
      })}
      <Button size="sm" variant="secondary" onClick={() => set([...list, { conditions: [{ path: argPaths[0] ?? "args.", op: "eq", value: "" }] }])}>
        <Plus aria-hidden /> Add to {label}
      </Button>
    </fieldset>
  );
}

const WINDOWS = ["minute", "hour", "day", "week", "month"];
const SCOPES = ["grant", "identity", "server", "org", "session"];

export function LimitListEditor({ value, onChange, argPaths, readOnly, defaultCounter }: { value: unknown; onChange: (next: Obj[] | undefined) => void; argPaths: string[]; readOnly: boolean; defaultCounter: string }) {
  const list = Array.isArray(value) ? (value as unknown[]).filter(isObject) : [];
  const set = (next: Obj[]) => onChange(next.length > 0 ? next : undefined);
  const patch = (i: number, changes: Obj) =>
    set(
      list.map((l, j) => {
        if (j !== i) return l;
        const next = { ...l, ...changes };
        for (const [k, v] of Object.entries(changes)) if (v === undefined || v === "") delete next[k];
        return next;
      }),
    );
  return (
    <fieldset className="space-y-2 rounded-md border border-border p-3" disabled={readOnly}>
      <legend className="px-1 text-xs font-semibold">limits</legend>
      {list.length === 0 && <p className="text-xs text-muted-foreground">No limits.</p>}
      {list.map((limit, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: limits are positional in the document
        <fieldset key={i} aria-label={`Limit ${i + 1}`} className="grid grid-cols-2 gap-1 sm:grid-cols-[2fr_1fr_1fr_1fr_1fr_2fr_auto]">
          <input className={input} aria-label="Counter" value={String(limit.counter ?? "")} onChange={(e) => patch(i, { counter: e.target.value })} />
          <input className={input} aria-label="Window" list="gh-windows" value={String(limit.window ?? "")} onChange={(e) => patch(i, { window: e.target.value })} />
          <input className={input} aria-label="Max" type="number" min={0} value={String(limit.max ?? "")} onChange={(e) => patch(i, { max: e.target.value === "" ? undefined : Number(e.target.value) })} />
          <select className={input} aria-label="Scope" value={String(limit.scope ?? "grant")} onChange={(e) => patch(i, { scope: e.target.value })}>
            {SCOPES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
          <select className={input} aria-label="Algorithm" value={String(limit.algorithm ?? "fixed")} onChange={(e) => patch(i, { algorithm: e.target.value === "fixed" ? undefined : e.target.value })}>
            <option>fixed</option>
            <option>sliding</option>
          </select>
          <input className={input} aria-label="Increment from" list="gh-arg-paths" placeholder="increment_from (optional)" value={String(limit.increment_from ?? "")} onChange={(e) => patch(i, { increment_from: e.target.value })} />
          <Button size="icon" variant="ghost" className="size-8" aria-label="Remove limit" onClick={() => set(list.filter((_, j) => j !== i))}>
            <Trash2 aria-hidden />
          </Button>
        </fieldset>
      ))}
      <datalist id="gh-windows">
        {WINDOWS.map((w) => (
          <option key={w} value={w} />
        ))}
      </datalist>
      <datalist id="gh-arg-paths">
        {argPaths.map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
      <Button size="sm" variant="secondary" onClick={() => set([...list, { counter: defaultCounter, window: "minute", max: 60, scope: "grant" }])}>
        <Plus aria-hidden /> Add limit
      </Button>
    </fieldset>
  );
}

// The engine's limit scopes (packages/policy LIMIT_SCOPES), "session" (the shorthand's default) first.
const RATE_LIMIT_SCOPES = ["session", ...SCOPES.filter((s) => s !== "session")];

/**
 * A tool's `rate_limit` (PolicyLayer shorthand): max, window (seconds, or a duration like "15m")
 * and scope, edited in place; `counter` and any other field stay as written. Without one, "Add
 * rate limit" writes `{ "max": 10, "window": 60 }`.
 */
export function RateLimitEditor({ value, onChange, readOnly }: { value: Obj | undefined; onChange: (patch: Obj | undefined) => void; readOnly: boolean }) {
  return (
    <fieldset className="space-y-2 rounded-md border border-border p-3" disabled={readOnly} aria-label="Rate limit (PolicyLayer shorthand)">
      <legend className="px-1 text-xs font-semibold">Rate limit (PolicyLayer shorthand)</legend>
      {value ? (
        <div className="grid grid-cols-2 gap-1 sm:grid-cols-[1fr_1fr_1fr_auto]" data-testid="rate-limit-row">
          <label className="grid gap-0.5 text-xs">
            Max calls
            <input className={input} type="number" min={0} value={String(value.max ?? "")} onChange={(e) => onChange({ max: e.target.value === "" ? undefined : Number(e.target.value) })} />
          </label>
          <label className="grid gap-0.5 text-xs">
            Window (seconds)
            <input className={input} placeholder="60 or 15m" value={String(value.window ?? "")} onChange={(e) => onChange({ window: readRateLimitWindow(e.target.value) })} />
          </label>
          <label className="grid gap-0.5 text-xs">
            Scope
            <select className={input} value={String(value.scope ?? "session")} onChange={(e) => onChange({ scope: e.target.value })}>
              {RATE_LIMIT_SCOPES.map((s) => (
                <option key={s} value={s}>
                  {s === "session" ? "session (default)" : s}
                </option>
              ))}
            </select>
          </label>
          <Button size="icon" variant="ghost" className="size-8 self-end" aria-label="Remove rate limit" onClick={() => onChange(undefined)}>
            <Trash2 aria-hidden />
          </Button>
          {typeof value.counter === "string" && <p className="col-span-full text-xs text-muted-foreground">Counter: {value.counter}</p>}
        </div>
      ) : (
        <>
          <p className="text-xs text-muted-foreground">None. The shorthand for one limit per agent session, as PolicyLayer writes it.</p>
          <Button size="sm" variant="secondary" onClick={() => onChange({ ...NEW_RATE_LIMIT })}>
            <Plus aria-hidden /> Add rate limit
          </Button>
        </>
      )}
    </fieldset>
  );
}
