"use client";
// Argument capture (PATCH /servers/{id} `captureArguments`, `captureRetentionDays`): off by
// default. When on, the proxy records each tools/call's arguments encrypted, so replay in the
// policy editor can decide a draft with real values. Everyone sees the state; admins change it.
import type { ServerResponse } from "@gatehouse/shared";
import { CaptureRetentionDays } from "@gatehouse/shared";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import { errorMessage } from "@/lib/api/api-error";
import { apiFetch } from "@/lib/api/api-fetch";
import { queryKeys } from "@/lib/api/query-keys";

type CapturePatch = { captureArguments?: boolean; captureRetentionDays?: number };

export function ArgumentCaptureCard({ server, canWrite }: { server: ServerResponse; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const [days, setDays] = useState(String(server.captureRetentionDays));
  const [daysError, setDaysError] = useState<string | undefined>();
  const save = useMutation({
    mutationFn: (patch: CapturePatch) => apiFetch<ServerResponse>(`/servers/${server.id}`, { method: "PATCH", body: patch }),
    onSuccess: (updated, patch) => {
      if (patch.captureArguments !== undefined) toast.success(updated.captureArguments ? "Argument capture is on" : "Argument capture is off");
      else toast.success(`Captured arguments are now kept ${updated.captureRetentionDays} days`);
      queryClient.setQueryData(queryKeys.servers.detail(server.id), updated);
      return queryClient.invalidateQueries({ queryKey: queryKeys.servers.lists() });
    },
    onError: (error) => toast.error(errorMessage(error)),
  });
  const saveDays = (event: FormEvent) => {
    event.preventDefault();
    const parsed = CaptureRetentionDays.safeParse(Number(days));
    if (!parsed.success) return setDaysError("Enter a whole number of days from 1 to 90.");
    setDaysError(undefined);
    save.mutate({ captureRetentionDays: parsed.data });
  };

  return (
    <Card data-testid="argument-capture">
      <CardHeader>
        <CardTitle>Argument capture for replay</CardTitle>
        <CardDescription>
          Off by default: decision logs keep argument names and a hash, never values. When on, the proxy also records each tool call's arguments, encrypted with the same key
          as upstream credentials, so replay in the policy editor can tell what a stricter draft (a <code>deny_if</code> on an argument, say) would have refused. Values are
          never shown, only used by replay for admins and policy managers, and deleted after the retention below.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4 text-sm">
        <div className="flex items-center gap-3">
          <Switch
            id="capture-arguments"
            checked={server.captureArguments}
            disabled={!canWrite || save.isPending}
            onCheckedChange={(checked) => save.mutate({ captureArguments: checked })}
          />
          <label htmlFor="capture-arguments" className="font-medium">
            Capture tool call arguments
          </label>
          <span className="text-muted-foreground">{server.captureArguments ? `On · kept ${server.captureRetentionDays} days` : "Off"}</span>
        </div>
        {canWrite && (
          <form className="flex flex-wrap items-end gap-3" onSubmit={saveDays} noValidate aria-label="Captured arguments retention">
            <FormField label="Days to keep captured arguments" error={daysError}>
              <Input type="number" inputMode="numeric" min={1} max={90} value={days} onChange={(e) => setDays(e.target.value)} className="w-28" />
            </FormField>
            <Button type="submit" variant="secondary" loading={save.isPending} disabled={Number(days) === server.captureRetentionDays}>
              Save retention
            </Button>
          </form>
        )}
      </CardContent>
    </Card>
  );
}
