// Dates are shown in UTC: a server-rendered page has no reliable idea of the viewer's time zone,
// and audit trails are easier to compare across people in one zone.
const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function formatDateTime(value: Date | null | undefined): string {
  return value ? `${dateTime.format(value)} UTC` : "—";
}
