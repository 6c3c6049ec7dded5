// One CSV cell for the exports (audit trail, decision logs): RFC 4180 quoting, plus a leading `'`
// on text a spreadsheet would run as a formula — labels, messages and tool names come from users
// and upstreams, and `=HYPERLINK(…)` must stay text when the file is opened.
export function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
