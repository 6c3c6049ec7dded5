"use client";
// Polls the mailbox so a link requested in another tab shows up without reloading.
import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/lib/api/api-fetch";
import { queryKeys } from "@/lib/api/query-keys";
import type { MailboxMessage } from "@/server/dev-mailbox";

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

async function fetchMailbox(signal: AbortSignal): Promise<MailboxMessage[]> {
  return (await fetchJson<{ messages: MailboxMessage[] }>("/api/dev/mailbox", { signal })).messages;
}

export function MailboxList({ initial }: { initial: MailboxMessage[] }) {
  const { data: messages } = useQuery({
    queryKey: queryKeys.devMailbox.all,
    queryFn: ({ signal }) => fetchMailbox(signal),
    initialData: initial,
    refetchInterval: 2_000,
  });
  if (messages.length === 0) {
    return <p className="mt-6 rounded-lg border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-500">No messages yet. This page checks every two seconds.</p>;
  }
  return (
    <ul className="mt-6 flex flex-col gap-3">
      {messages.map((message) => (
        <li key={message.id} data-testid="mailbox-message" className="rounded-lg border border-zinc-200 bg-white p-4 shadow-xs">
          <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
            <span>
              To <strong>{message.to}</strong> — {message.subject}
            </span>
            <time dateTime={message.sentAt} className="text-xs text-zinc-500">
              {when.format(new Date(message.sentAt))} UTC
            </time>
          </div>
          <a href={message.url} className="mt-2 block break-all font-mono text-xs text-indigo-600 hover:underline">
            {message.url}
          </a>
        </li>
      ))}
    </ul>
  );
}
