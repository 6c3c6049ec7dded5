import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";

/** A grey placeholder block. Decorative: pair it with LoadingState, which tells screen readers. */
export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return <div aria-hidden className={cn("animate-pulse rounded-md bg-zinc-200/80", className)} {...props} />;
}
