"use client";
import { Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { ApprovalStatusBadge, Badge, OutcomeBadge, RiskBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";

const OUTCOMES = ["allowed", "denied", "rate_limited", "approval_pending", "approval_denied", "approval_expired", "rejected", "upstream_error"] as const;

export function KitBasics() {
  const [loading, setLoading] = useState(false);
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center gap-2">
        <Button>Primary</Button>
        <Button variant="secondary">Secondary</Button>
        <Button variant="ghost">Ghost</Button>
        <Button variant="link">Link</Button>
        <Button variant="destructive">
          <Trash2 aria-hidden />
          Destructive
        </Button>
        <Button size="sm">
          <Plus aria-hidden />
          Small
        </Button>
        <Button disabled>Disabled</Button>
        <Button
          loading={loading}
          onClick={() => {
            setLoading(true);
            setTimeout(() => setLoading(false), 1500);
          }}
        >
          {loading ? "Saving…" : "Save (shows loading)"}
        </Button>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <RiskBadge level="low" />
        <RiskBadge level="medium" />
        <RiskBadge level="high" />
        <RiskBadge level="critical" />
        <Badge tone="info">Info</Badge>
        <ApprovalStatusBadge status="pending" />
        <ApprovalStatusBadge status="approved" />
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {OUTCOMES.map((outcome) => (
          <OutcomeBadge key={outcome} outcome={outcome} />
        ))}
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        <EmptyState title="No servers registered" action={<Button size="sm">Register a server</Button>}>
          Each registered MCP server gets a proxy URL here.
        </EmptyState>
        <ErrorState
          message="Gatehouse is not answering properly right now. Try again in a moment."
          requestId="req_01JEXAMPLE"
          action={
            <Button size="sm" variant="secondary">
              Try again
            </Button>
          }
        />
        <LoadingState label="Loading servers…" rows={3} />
      </div>
      <div className="flex items-center gap-3">
        <Skeleton className="size-9 rounded-full" />
        <div className="flex flex-1 flex-col gap-2">
          <Skeleton className="h-4 w-1/3" />
          <Skeleton className="h-4 w-2/3" />
        </div>
      </div>
    </div>
  );
}
