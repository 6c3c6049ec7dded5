// Badges: a short status word with a colour. The colour is never the only signal (the word is
// always there), and every domain status maps to one tone here, so "denied" looks the same on
// the decision log, the approval inbox and a chart legend.
import type { DecisionOutcome } from "@gatehouse/shared";
import { type VariantProps, cva } from "class-variance-authority";
import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";

export const badgeVariants = cva("inline-flex items-center gap-1 whitespace-nowrap rounded-full border px-2 py-0.5 text-xs font-medium", {
  variants: {
    tone: {
      neutral: "border-zinc-200 bg-zinc-100 text-zinc-700",
      info: "border-indigo-200 bg-indigo-50 text-indigo-700",
      success: "border-emerald-200 bg-emerald-50 text-emerald-800",
      warning: "border-amber-200 bg-amber-50 text-amber-800",
      caution: "border-orange-200 bg-orange-50 text-orange-800",
      danger: "border-red-200 bg-red-50 text-red-700",
      critical: "border-red-700 bg-red-700 text-white",
    },
  },
  defaultVariants: { tone: "neutral" },
});

export type BadgeTone = NonNullable<VariantProps<typeof badgeVariants>["tone"]>;

export function Badge({ className, tone, ...props }: ComponentProps<"span"> & VariantProps<typeof badgeVariants>) {
  return <span className={cn(badgeVariants({ tone }), className)} {...props} />;
}

/** "rate_limited" → "Rate limited". */
export function humanize(value: string): string {
  const spaced = value.replaceAll("_", " ");
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export type RiskLevel = "low" | "medium" | "high" | "critical";

export const RISK_TONE: Record<RiskLevel, BadgeTone> = { low: "success", medium: "warning", high: "caution", critical: "critical" };

export function RiskBadge({ level, className }: { level: RiskLevel; className?: string }) {
  return (
    <Badge tone={RISK_TONE[level]} className={className}>
      {humanize(level)} risk
    </Badge>
  );
}

export const OUTCOME_TONE: Record<DecisionOutcome, BadgeTone> = {
  allowed: "success",
  denied: "danger",
  rate_limited: "warning",
  approval_pending: "info",
  approval_denied: "danger",
  approval_expired: "neutral",
  rejected: "danger",
  upstream_error: "caution",
};

export function OutcomeBadge({ outcome, className }: { outcome: DecisionOutcome; className?: string }) {
  return (
    <Badge tone={OUTCOME_TONE[outcome]} className={className}>
      {humanize(outcome)}
    </Badge>
  );
}

export type ApprovalStatus = "pending" | "approved" | "denied" | "expired" | "consumed" | "cancelled";

export const APPROVAL_TONE: Record<ApprovalStatus, BadgeTone> = {
  pending: "warning",
  approved: "success",
  consumed: "success",
  denied: "danger",
  expired: "neutral",
  cancelled: "neutral",
};

export function ApprovalStatusBadge({ status, className }: { status: ApprovalStatus; className?: string }) {
  return (
    <Badge tone={APPROVAL_TONE[status]} className={className}>
      {humanize(status)}
    </Badge>
  );
}
