import { formatDateTime } from "@/components/format";

/** A timestamp as text people read and a machine-readable <time>; "—" when there is none. */
export function DateTime({ value }: { value: Date | string | null | undefined }) {
  if (!value) return <span className="text-muted-foreground">—</span>;
  const date = typeof value === "string" ? new Date(value) : value;
  return (
    <time dateTime={date.toISOString()} className="whitespace-nowrap">
      {formatDateTime(date)}
    </time>
  );
}
