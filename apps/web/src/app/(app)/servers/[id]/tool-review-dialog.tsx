"use client";
// Reviewing a changed tool: the definition that was accepted next to the one the upstream offers
// now, and "Accept" to trust the new one (ends a quarantine).
import type { ServerResponse, ToolResponse } from "@gatehouse/shared";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/form-field";
import { apiFetch } from "@/lib/api/api-fetch";
import { errorMessage } from "@/lib/api/api-error";
import { queryKeys } from "@/lib/api/query-keys";

function currentDefinition(tool: ToolResponse) {
  return {
    name: tool.name,
    ...(tool.title ? { title: tool.title } : {}),
    ...(tool.description ? { description: tool.description } : {}),
    inputSchema: tool.inputSchema,
    ...(tool.annotations ? { annotations: tool.annotations } : {}),
  };
}

/** Lines of `after` not in `before` are marked +, lines of `before` not in `after` are marked -. */
function lineDiff(before: string, after: string) {
  const a = before.split("\n");
  const b = after.split("\n");
  const inA = new Set(a);
  const inB = new Set(b);
  return { removed: a.filter((line) => !inB.has(line)), added: b.filter((line) => !inA.has(line)) };
}

export function ToolReviewDialog({ server, tool }: { server: ServerResponse; tool: ToolResponse }) {
  const [open, setOpen] = useState(false);
  const queryClient = useQueryClient();
  const accept = useMutation({
    mutationFn: () => apiFetch<ToolResponse>(`/servers/${server.id}/tools/${encodeURIComponent(tool.name)}/accept`, { method: "POST" }),
    onSuccess: () => {
      toast.success(`Accepted the new definition of ${tool.name}`);
      setOpen(false);
      return Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.tools.all }), queryClient.invalidateQueries({ queryKey: queryKeys.servers.all })]);
    },
  });
  const before = tool.previousDefinition ? JSON.stringify(tool.previousDefinition, null, 2) : "(no accepted definition: the tool is new)";
  const after = JSON.stringify(currentDefinition(tool), null, 2);
  const diff = lineDiff(before, after);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm" variant="secondary">
          Review change
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-3xl">
        <DialogHeader>
          <DialogTitle>Review {tool.name}</DialogTitle>
          <DialogDescription>
            The upstream changed this tool's definition since it was accepted. {tool.status === "quarantined" ? "Agents cannot see or call it until you accept." : "It keeps working; accept to mark it reviewed."}
          </DialogDescription>
        </DialogHeader>
        <div className="flex max-h-[60vh] flex-col gap-3 overflow-auto text-xs">
          <section aria-label="What changed">
            <p className="mb-1 font-medium">What changed</p>
            <pre className="overflow-x-auto rounded-md border border-border bg-muted/40 p-2 font-mono whitespace-pre-wrap">
              {diff.removed.map((line) => (
                <span key={`-${line}`} className="block bg-red-50 text-red-800">
                  - {line}
                </span>
              ))}
              {diff.added.map((line) => (
                <span key={`+${line}`} className="block bg-emerald-50 text-emerald-800">
                  + {line}
                </span>
              ))}
            </pre>
          </section>
          <div className="grid gap-3 md:grid-cols-2">
            <section aria-label="Accepted definition">
              <p className="mb-1 font-medium">Accepted</p>
              <pre className="overflow-x-auto rounded-md border border-border p-2 font-mono whitespace-pre-wrap">{before}</pre>
            </section>
            <section aria-label="New definition">
              <p className="mb-1 font-medium">Now offered</p>
              <pre className="overflow-x-auto rounded-md border border-border p-2 font-mono whitespace-pre-wrap">{after}</pre>
            </section>
          </div>
        </div>
        {accept.isError && <FormError message={errorMessage(accept.error)} />}
        <DialogFooter>
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Not now
          </Button>
          <Button onClick={() => accept.mutate()} loading={accept.isPending}>
            Accept new definition
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
