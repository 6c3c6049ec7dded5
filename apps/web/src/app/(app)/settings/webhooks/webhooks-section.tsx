"use client";
// Webhook endpoints: create one (its signing secret is shown once, with a copy button), change
// its events, send a test event, read its delivery log (every attempt), delete it.
import {
  CreateWebhookInput,
  type CreatedWebhookResponse,
  UpdateWebhookInput,
  WEBHOOK_EVENTS,
  type WebhookDeliveryResponse,
  type WebhookResponse,
  type WebhookTestResponse,
} from "@gatehouse/shared";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, Webhook } from "lucide-react";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { DataTable, actionsColumn, dataTableColumns } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SecretReveal } from "@/components/ui/secret-reveal";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { ApiError, errorMessage } from "@/lib/api/api-error";
import { apiFetch } from "@/lib/api/api-fetch";
import { queryKeys } from "@/lib/api/query-keys";
import { type CursorPage, cursorPages, useCursorList } from "@/lib/api/use-cursor-list";
import { FORM_ERROR, type FieldErrors, fieldErrorsFromIssues, fieldErrorsOf } from "@/lib/field-errors";

const EVENT_HINTS: Record<(typeof WEBHOOK_EVENTS)[number], string> = {
  "approval.requested": "A call is held for a human decision.",
  "approval.decided": "Someone approved or denied a held call.",
  "approval.expired": "Nobody decided in time.",
  "tool.changed": "A server's tool definition changed (found by discovery or reported by a proxy).",
};

type Dialogs = { kind: "create" } | { kind: "edit"; webhook: WebhookResponse } | { kind: "log"; webhook: WebhookResponse } | null;

export function WebhooksSection({ initialPage }: { initialPage: CursorPage<WebhookResponse> }) {
  const [dialog, setDialog] = useState<Dialogs>(null);
  const list = useCursorList({ queryKey: queryKeys.webhooks.list(), fetchPage: cursorPages<WebhookResponse>("/webhooks"), initialPage });

  const col = dataTableColumns<WebhookResponse>();
  const columns = col.columns([
    col.accessor("url", { header: "Endpoint", meta: { mono: true }, cell: (info) => <span className="break-all">{info.getValue()}</span> }),
    col.accessor("events", {
      header: "Events",
      enableSorting: false,
      cell: (info) => (
        <span className="flex flex-wrap gap-1">
          {info.getValue().map((event) => (
            <Badge key={event}>{event}</Badge>
          ))}
        </span>
      ),
    }),
    col.display({
      id: "status",
      header: "Status",
      cell: (info) =>
        !info.row.original.enabled ? (
          <Badge tone="neutral">Disabled</Badge>
        ) : info.row.original.failureCount > 0 ? (
          <Badge tone="danger">{info.row.original.failureCount} failed</Badge>
        ) : (
          <Badge tone="success">Active</Badge>
        ),
    }),
    col.accessor("lastDeliveryAt", { header: "Last delivery", sortFn: "datetime", cell: (info) => (info.getValue() ? <DateTime value={info.getValue()} /> : "Never") }),
    col.display({
      ...actionsColumn,
      cell: (info) => (
        <span className="flex items-center justify-end gap-1">
          <SendTest webhook={info.row.original} />
          <Button variant="ghost" size="sm" onClick={() => setDialog({ kind: "log", webhook: info.row.original })} aria-label={`Delivery log of ${info.row.original.url}`}>
            Deliveries
          </Button>
          <Button variant="ghost" size="sm" onClick={() => setDialog({ kind: "edit", webhook: info.row.original })} aria-label={`Edit ${info.row.original.url}`}>
            Edit
          </Button>
          <DeleteWebhook webhook={info.row.original} />
        </span>
      ),
    }),
  ]);

  const newButton = (
    <Button onClick={() => setDialog({ kind: "create" })}>
      <Plus aria-hidden />
      New webhook
    </Button>
  );
  return (
    <section aria-labelledby="webhooks-heading" className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="webhooks-heading" className="text-base font-semibold">
            Webhooks
          </h2>
          <p className="max-w-2xl text-sm text-muted-foreground">
            Gatehouse POSTs approval events to your endpoints, signed per Standard Webhooks (<code className="font-mono text-xs">webhook-signature</code>), and
            retries failures with backoff.
          </p>
        </div>
        {newButton}
      </div>
      {list.isError ? (
        <ErrorState
          message={errorMessage(list.error)}
          requestId={list.error instanceof ApiError ? list.error.requestId : null}
          action={
            <Button variant="secondary" onClick={() => list.refetch()}>
              Try again
            </Button>
          }
        />
      ) : (
        <DataTable
          label="Webhooks"
          columns={columns}
          data={list.rows}
          getRowId={(webhook) => webhook.id}
          loading={list.isPending}
          pagination={list.pagination}
          empty={
            <EmptyState icon={Webhook} title="No webhooks yet" action={newButton}>
              Add an endpoint to hear about approvals as they happen; you see its signing secret once.
            </EmptyState>
          }
        />
      )}
      <WebhookDialog open={dialog?.kind === "create" || dialog?.kind === "edit"} webhook={dialog?.kind === "edit" ? dialog.webhook : null} onClose={() => setDialog(null)} />
      <DeliveryLog webhook={dialog?.kind === "log" ? dialog.webhook : null} onClose={() => setDialog(null)} />
    </section>
  );
}

function WebhookDialog({ open, webhook, onClose }: { open: boolean; webhook: WebhookResponse | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<CreatedWebhookResponse | null>(null);
  const save = useMutation({
    mutationFn: (input: CreateWebhookInput) =>
      webhook
        ? apiFetch<WebhookResponse>(`/webhooks/${webhook.id}`, { method: "PATCH", body: input })
        : apiFetch<CreatedWebhookResponse>("/webhooks", { method: "POST", body: input }),
    onSuccess: (saved) => {
      setErrors({});
      if ("secret" in saved) {
        setCreated(saved as CreatedWebhookResponse);
        toast.success("Webhook created");
      } else {
        toast.success("Webhook saved");
        close();
      }
      return queryClient.invalidateQueries({ queryKey: queryKeys.webhooks.all });
    },
    onError: (error) => setErrors(fieldErrorsOf(error)),
  });

  function close() {
    // The secret leaves the page with the dialog: it cannot be shown again.
    setCreated(null);
    setErrors({});
    onClose();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { url: String(form.get("url") ?? ""), events: form.getAll("events").map(String), description: String(form.get("description") ?? "") };
    const parsed = (webhook ? UpdateWebhookInput : CreateWebhookInput).safeParse(input);
    if (!parsed.success) return setErrors(fieldErrorsFromIssues(parsed.error.issues));
    save.mutate(parsed.data as CreateWebhookInput);
  }

  return (
    <Dialog open={open} onOpenChange={(next) => (next ? undefined : close())}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{created ? "Your webhook's signing secret" : webhook ? "Edit webhook" : "New webhook"}</DialogTitle>
          <DialogDescription>{created ? created.url : "An https URL of yours that accepts POSTed JSON."}</DialogDescription>
        </DialogHeader>
        {created ? (
          <>
            <SecretReveal label="Signing secret" value={created.secret} defaultVisible note="It is shown only once. Gatehouse keeps it encrypted, to sign deliveries, and never shows it again.">
              Verify each request with it (the <code className="font-mono text-xs">standardwebhooks</code> libraries).
            </SecretReveal>
            <DialogFooter>
              <Button onClick={close}>Done</Button>
            </DialogFooter>
          </>
        ) : (
          <form onSubmit={submit} noValidate aria-label={webhook ? "Edit webhook" : "Create webhook"} className="flex flex-col gap-4">
            <FormError message={errors[FORM_ERROR]} />
            <FormField label="Endpoint URL" required error={errors.url}>
              <Input name="url" type="url" autoComplete="off" placeholder="https://example.com/gatehouse" defaultValue={webhook?.url} />
            </FormField>
            <fieldset className="flex flex-col gap-2" aria-describedby={errors.events ? "webhook-events-error" : undefined}>
              <legend className="mb-1 text-sm font-medium">Events</legend>
              {WEBHOOK_EVENTS.map((event) => (
                <div key={event} className="flex items-start gap-2 text-sm">
                  <Checkbox id={`webhook-event-${event}`} name="events" value={event} defaultChecked={webhook ? webhook.events.includes(event) : true} className="mt-0.5" />
                  <label htmlFor={`webhook-event-${event}`}>
                    <span className="font-mono text-xs">{event}</span>
                    <span className="block text-muted-foreground">{EVENT_HINTS[event]}</span>
                  </label>
                </div>
              ))}
              {errors.events ? (
                <p id="webhook-events-error" role="alert" className="text-sm text-destructive">
                  {errors.events}
                </p>
              ) : null}
            </fieldset>
            <FormField label="Description" error={errors.description}>
              <Input name="description" autoComplete="off" maxLength={500} defaultValue={webhook?.description ?? ""} />
            </FormField>
            <DialogFooter>
              <Button variant="secondary" type="button" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={save.isPending}>
                {webhook ? "Save" : "Create webhook"}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

function SendTest({ webhook }: { webhook: WebhookResponse }) {
  const queryClient = useQueryClient();
  const send = useMutation({
    mutationFn: () => apiFetch<WebhookTestResponse>(`/webhooks/${webhook.id}/test`, { method: "POST" }),
    onSuccess: () => {
      toast.success("Test event queued: see Deliveries");
      return queryClient.invalidateQueries({ queryKey: queryKeys.webhooks.all });
    },
    onError: (error) => toast.error(errorMessage(error)),
  });
  return (
    <Button variant="ghost" size="sm" loading={send.isPending} onClick={() => send.mutate()} aria-label={`Send a test event to ${webhook.url}`}>
      Send test event
    </Button>
  );
}

const STATUS_TONE = { pending: "neutral", delivered: "success", failed: "danger" } as const;

function DeliveryLog({ webhook, onClose }: { webhook: WebhookResponse | null; onClose: () => void }) {
  const log = useQuery({
    queryKey: [...queryKeys.webhooks.detail(webhook?.id ?? ""), "deliveries"],
    queryFn: () => apiFetch<CursorPage<WebhookDeliveryResponse>>(`/webhooks/${webhook?.id}/deliveries?limit=50`),
    enabled: webhook !== null,
    refetchInterval: (query) => (query.state.data?.data.some((d) => d.status === "pending") ? 2000 : false),
  });
  return (
    <Dialog open={webhook !== null} onOpenChange={(next) => (next ? undefined : onClose())}>
      <DialogContent className="max-h-[85vh] overflow-y-auto sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>Delivery log</DialogTitle>
          <DialogDescription className="break-all">{webhook?.url}</DialogDescription>
        </DialogHeader>
        {log.isPending ? (
          <LoadingState label="Loading deliveries…" rows={3} />
        ) : log.isError ? (
          <ErrorState message={errorMessage(log.error)} requestId={log.error instanceof ApiError ? log.error.requestId : null} />
        ) : log.data.data.length === 0 ? (
          <EmptyState icon={Webhook} title="No deliveries yet">
            Send a test event, or wait for the next approval.
          </EmptyState>
        ) : (
          <ol className="flex flex-col gap-3" aria-label="Deliveries">
            {log.data.data.map((delivery) => (
              <li key={delivery.id} className="rounded-md border border-border p-3 text-sm">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-mono text-xs">{delivery.event}</span>
                  <Badge tone={STATUS_TONE[delivery.status]}>{delivery.status}</Badge>
                  <span className="text-muted-foreground">
                    <DateTime value={delivery.createdAt} />
                  </span>
                </div>
                {delivery.attemptLog.length > 0 ? (
                  <table className="mt-2 w-full text-xs">
                    <thead className="text-left text-muted-foreground">
                      <tr>
                        <th className="font-medium">Attempt</th>
                        <th className="font-medium">Status</th>
                        <th className="font-medium">Time</th>
                        <th className="font-medium">Error</th>
                      </tr>
                    </thead>
                    <tbody>
                      {delivery.attemptLog.map((attempt) => (
                        <tr key={attempt.attempt}>
                          <td>#{attempt.attempt}</td>
                          <td>
                            <Badge tone={attempt.error ? "danger" : "success"}>{attempt.responseStatus ?? "no answer"}</Badge>
                          </td>
                          <td>{attempt.durationMs} ms</td>
                          <td className="break-all text-muted-foreground">{attempt.error ?? "—"}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : (
                  <p className="mt-1 text-xs text-muted-foreground">Queued; no attempt yet.</p>
                )}
              </li>
            ))}
          </ol>
        )}
      </DialogContent>
    </Dialog>
  );
}

function DeleteWebhook({ webhook }: { webhook: WebhookResponse }) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => apiFetch<void>(`/webhooks/${webhook.id}`, { method: "DELETE" }),
    onSuccess: () => {
      toast.success("Webhook deleted");
      return queryClient.invalidateQueries({ queryKey: queryKeys.webhooks.all });
    },
  });
  return (
    <ConfirmDialog
      trigger={
        <Button variant="ghost" size="sm" aria-label={`Delete ${webhook.url}`}>
          Delete
        </Button>
      }
      title="Delete this webhook?"
      description="No more events are sent to it, and its delivery log goes with it."
      confirmLabel="Delete webhook"
      onConfirm={() => remove.mutateAsync()}
    />
  );
}
