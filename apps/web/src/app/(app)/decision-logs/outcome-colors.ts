// One colour per outcome for the charts, matching the badge tones (OUTCOME_TONE) so a chart and
// the table agree. The legend and tooltips always carry the outcome's name, never colour alone.
import type { DecisionOutcome } from "@gatehouse/shared";

export const OUTCOME_COLOR: Record<DecisionOutcome, string> = {
  allowed: "#16a34a",
  denied: "#dc2626",
  rate_limited: "#d97706",
  approval_pending: "#2563eb",
  approval_denied: "#9f1239",
  approval_expired: "#71717a",
  rejected: "#7f1d1d",
  upstream_error: "#ea580c",
};
