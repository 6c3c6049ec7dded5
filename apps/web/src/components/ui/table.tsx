// Table primitives (server- and client-safe). DataTable builds on them; a short static list can
// use them directly. The wrapper scrolls sideways when columns do not fit instead of squeezing them.
//
// A `<Table stacked>` does not scroll at phone width (below `sm`): each row becomes a card. Its
// title cell (`stack="title"`) heads the card, every other cell is a line of "label value" (the
// label is the cell's `label`, drawn as generated content so it is neither duplicated in the DOM
// nor shown from `sm` up), and the actions cell (`stack="actions"`) closes it, right-aligned. The
// header row is hidden there; the `stacked:` variant is defined in globals.css and applies only
// below `sm`, so from `sm` up a stacked table is the plain table.
import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";

export type TableCellStack = "title" | "actions";

const STACKED_CELL = {
  // Whatever a column's own classes say about width, alignment or wrapping is for the table layout.
  // `wrap-anywhere` (not break-word) lets a long id or URL shrink inside a flex row too.
  all: "stacked:block stacked:p-0 stacked:min-w-0 stacked:max-w-none stacked:text-left stacked:whitespace-normal stacked:wrap-anywhere",
  title: "stacked:order-first stacked:font-medium",
  actions: "stacked:order-last stacked:flex stacked:justify-end stacked:pt-1 stacked:empty:hidden",
  field:
    "stacked:relative stacked:pl-28 stacked:before:absolute stacked:before:top-0.5 stacked:before:left-0 stacked:before:w-26 stacked:before:font-sans stacked:before:text-xs stacked:before:font-normal stacked:before:text-muted-foreground stacked:before:content-[attr(data-label)]",
} as const;

// `relative`: visually hidden text in a cell (an sr-only "Actions" header) is absolutely
// positioned; without a positioned ancestor it escapes the scroll box and widens the page.
export function TableContainer({ className, ...props }: ComponentProps<"div">) {
  return <div className={cn("relative w-full overflow-x-auto rounded-xl border border-border bg-card shadow-xs", className)} {...props} />;
}

/** `stacked`: a card per row below `sm` (see the top of this file); give its cells a `label`. */
export function Table({ className, stacked = false, ...props }: ComponentProps<"table"> & { stacked?: boolean }) {
  return (
    <table
      data-stacked={stacked || undefined}
      className={cn("w-full caption-bottom border-collapse text-left text-sm stacked:block", className)}
      {...props}
    />
  );
}

export function TableHeader({ className, ...props }: ComponentProps<"thead">) {
  return <thead className={cn("border-b border-border bg-zinc-50/80 text-xs uppercase tracking-wide text-muted-foreground stacked:hidden", className)} {...props} />;
}

export function TableBody({ className, ...props }: ComponentProps<"tbody">) {
  return <tbody className={cn("divide-y divide-zinc-100 stacked:block", className)} {...props} />;
}

export function TableRow({ className, ...props }: ComponentProps<"tr">) {
  return <tr className={cn("transition-colors stacked:flex stacked:flex-col stacked:gap-1.5 stacked:px-4 stacked:py-3", className)} {...props} />;
}

export function TableHead({ className, ...props }: ComponentProps<"th">) {
  return <th scope="col" className={cn("h-9 px-4 font-medium whitespace-nowrap", className)} {...props} />;
}

/**
 * `label` names the value on a stacked table's card (usually the column's header); `stack` makes
 * the cell the card's title or its actions instead of a labelled line.
 */
export function TableCell({ className, mono = false, label, stack, ...props }: ComponentProps<"td"> & { mono?: boolean; label?: string; stack?: TableCellStack }) {
  return (
    <td
      data-label={stack ? undefined : label}
      className={cn(
        "px-4 py-2.5 align-top",
        mono && "font-mono text-xs wrap-anywhere",
        className,
        STACKED_CELL.all,
        stack ? STACKED_CELL[stack] : label && STACKED_CELL.field,
      )}
      {...props}
    />
  );
}

export function TableCaption({ className, ...props }: ComponentProps<"caption">) {
  return <caption className={cn("py-2 text-xs text-muted-foreground", className)} {...props} />;
}
