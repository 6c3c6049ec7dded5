// The wordmark. A drawn mark rather than an emoji: Debian's Chromium has no emoji font.
// `compact` hides the word at phone width (the header needs the room for the org switcher).
import { cn } from "@/lib/utils";

export function Logo({ compact = false }: { compact?: boolean }) {
  return (
    <span className="inline-flex items-center gap-2 font-semibold tracking-tight">
      <span aria-hidden className="grid size-7 place-items-center rounded-md bg-zinc-900 text-xs font-bold text-white">
        G
      </span>
      <span className={cn(compact && "sr-only sm:not-sr-only")}>Gatehouse</span>
    </span>
  );
}
