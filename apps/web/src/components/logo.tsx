// The wordmark. A drawn mark rather than an emoji: Debian's Chromium has no emoji font.
export function Logo() {
  return (
    <span className="inline-flex items-center gap-2 font-semibold tracking-tight">
      <span aria-hidden className="grid size-6 place-items-center rounded-md bg-zinc-900 text-xs font-bold text-white">
        G
      </span>
      Gatehouse
    </span>
  );
}
