"use client";
// The log's filter bar. Selects apply at once; text filters (tool, rule, request id) apply on
// Enter or when the field loses focus. Every filter lands in the URL, so a view can be shared.
import { DecisionOutcome } from "@gatehouse/shared";
import { X } from "lucide-react";
import { type FormEvent, useEffect, useState } from "react";
import { humanize } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { DEFAULT_RANGE, type LogFilters, RANGE_LABELS, RANGES, type Range } from "./filters";

const ANY = "__any";
export type Option = { id: string; name: string };

type Props = {
  filters: LogFilters;
  onChange: (filters: LogFilters) => void;
  servers: Option[];
  identities: Option[];
  /** Filters fixed by the page (a server's or identity's own slice): not shown. */
  fixed: Partial<Pick<LogFilters, "serverId" | "identityId">>;
};

export function FilterBar({ filters, onChange, servers, identities, fixed }: Props) {
  const [text, setText] = useState({ tool: filters.tool ?? "", rule: filters.rule ?? "", requestId: filters.requestId ?? "" });
  useEffect(() => setText({ tool: filters.tool ?? "", rule: filters.rule ?? "", requestId: filters.requestId ?? "" }), [filters.tool, filters.rule, filters.requestId]);

  const set = (patch: Partial<LogFilters>) => onChange({ ...filters, ...patch });
  const applyText = () => {
    const next = { tool: text.tool.trim() || undefined, rule: text.rule.trim() || undefined, requestId: text.requestId.trim() || undefined };
    if (next.tool !== filters.tool || next.rule !== filters.rule || next.requestId !== filters.requestId) set(next);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    applyText();
  };
  const active = Boolean(filters.outcome || filters.tool || filters.rule || filters.requestId || (!fixed.serverId && filters.serverId) || (!fixed.identityId && filters.identityId) || filters.range !== DEFAULT_RANGE);

  return (
    <form onSubmit={submit} aria-label="Filter decisions" className="grid grid-cols-2 gap-3 rounded-xl border border-border bg-card p-3 sm:grid-cols-4 xl:grid-cols-7">
      <SelectFilter label="Time" id="f-range" value={filters.range} onChange={(v) => set({ range: v as Range })} options={Object.keys(RANGES).map((r) => ({ id: r, name: RANGE_LABELS[r as Range] }))} />
      <SelectFilter
        label="Outcome"
        id="f-outcome"
        value={filters.outcome}
        onChange={(v) => set({ outcome: v as DecisionOutcome | undefined })}
        options={DecisionOutcome.options.map((o) => ({ id: o, name: humanize(o) }))}
        anyLabel="Any outcome"
      />
      <TextFilter label="Tool" id="f-tool" value={text.tool} placeholder="e.g. refund_order" onChange={(tool) => setText({ ...text, tool })} onCommit={applyText} />
      {!fixed.serverId && <SelectFilter label="Server" id="f-server" value={filters.serverId} onChange={(v) => set({ serverId: v })} options={servers} anyLabel="Any server" />}
      {!fixed.identityId && (
        <SelectFilter label="Identity" id="f-identity" value={filters.identityId} onChange={(v) => set({ identityId: v })} options={identities} anyLabel="Any identity" />
      )}
      <TextFilter label="Rule" id="f-rule" value={text.rule} placeholder="rule id" onChange={(rule) => setText({ ...text, rule })} onCommit={applyText} />
      <div className="flex items-end gap-2">
        <div className="min-w-0 flex-1">
          <TextFilter label="Request id" id="f-request" value={text.requestId} placeholder="req_…" onChange={(requestId) => setText({ ...text, requestId })} onCommit={applyText} />
        </div>
        {active && (
          <Button
            variant="ghost"
            size="icon"
            aria-label="Clear filters"
            onClick={() => onChange({ range: DEFAULT_RANGE, ...(fixed.serverId ? { serverId: fixed.serverId } : {}), ...(fixed.identityId ? { identityId: fixed.identityId } : {}) })}
          >
            <X aria-hidden className="size-4" />
          </Button>
        )}
      </div>
      <button type="submit" className="sr-only">
        Apply filters
      </button>
    </form>
  );
}

function SelectFilter({ label, id, value, onChange, options, anyLabel }: { label: string; id: string; value: string | undefined; onChange: (value: string | undefined) => void; options: Option[]; anyLabel?: string }) {
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <Label htmlFor={id} className="text-xs text-muted-foreground">
        {label}
      </Label>
      <Select value={value ?? ANY} onValueChange={(v) => onChange(v === ANY ? undefined : v)}>
        <SelectTrigger id={id} className="h-9 w-full">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {anyLabel && <SelectItem value={ANY}>{anyLabel}</SelectItem>}
          {options.map((o) => (
            <SelectItem key={o.id} value={o.id}>
              {o.name}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </div>
  );
}

function TextFilter({ label, id, value, placeholder, onChange, onCommit }: { label: string; id: string; value: string; placeholder: string; onChange: (value: string) => void; onCommit: () => void }) {
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <Label htmlFor={id} className="text-xs text-muted-foreground">
        {label}
      </Label>
      <Input id={id} className="h-9 font-mono text-xs" value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} onBlur={onCommit} />
    </div>
  );
}
