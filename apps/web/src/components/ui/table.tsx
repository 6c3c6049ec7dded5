// Table primitives (server- and client-safe). DataTable builds on them; a short static list can
// use them directly. The wrapper scrolls sideways at phone width instead of squeezing columns.
import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";

// `relative`: visually hidden text in a cell (an sr-only "Actions" header) is absolutely
// positioned; without a positioned ancestor it escapes the scroll box and widens the page.
export function TableContainer({ className, ...props }: ComponentProps<"div">) {
  return <div className={cn("relative w-full overflow-x-auto rounded-xl border border-border bg-card shadow-xs", className)} {...props} />;
}

export function Table({ className, ...props }: ComponentProps<"table">) {
  return <table className={cn("w-full caption-bottom border-collapse text-left text-sm", className)} {...props} />;
}

export function TableHeader({ className, ...props }: ComponentProps<"thead">) {
  return <thead className={cn("border-b border-border bg-zinc-50/80 text-xs uppercase tracking-wide text-muted-foreground", className)} {...props} />;
}

export function TableBody({ className, ...props }: ComponentProps<"tbody">) {
  return <tbody className={cn("divide-y divide-zinc-100", className)} {...props} />;
}

export function TableRow({ className, ...props }: ComponentProps<"tr">) {
  return <tr className={cn("transition-colors", className)} {...props} />;
}

export function TableHead({ className, ...props }: ComponentProps<"th">) {
  return <th scope="col" className={cn("h-9 px-4 font-medium whitespace-nowrap", className)} {...props} />;
}

export function TableCell({ className, mono = false, ...props }: ComponentProps<"td"> & { mono?: boolean }) {
  return <td className={cn("px-4 py-2.5 align-top", mono && "font-mono text-xs wrap-anywhere", className)} {...props} />;
}

export function TableCaption({ className, ...props }: ComponentProps<"caption">) {
  return <caption className={cn("py-2 text-xs text-muted-foreground", className)} {...props} />;
}
