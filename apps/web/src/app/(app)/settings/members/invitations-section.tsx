"use client";
// Invite by email with a role, and the invitations still waiting to be accepted. The link itself
// goes only to the invited address (the API never returns it).
import { type CreatedInvitationResponse, CreateInvitationInput, INVITATION_LIFETIME_DAYS, type InvitationResponse, ROLE_LABELS, type Role } from "@gatehouse/shared";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { MailPlus, X } from "lucide-react";
import { type FormEvent, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable, dataTableColumns, actionsColumn } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { EmptyState, QueryErrorState } from "@/components/ui/states";
import { apiFetch } from "@/lib/api/api-fetch";
import { queryKeys } from "@/lib/api/query-keys";
import { type CursorPage, cursorPages, useCursorList } from "@/lib/api/use-cursor-list";
import { FORM_ERROR, type FieldErrors, fieldErrorsFromIssues, fieldErrorsOf } from "@/lib/field-errors";
import { ROLE_OPTIONS } from "../roles";

const PENDING = { status: "pending" } as const;
const col = dataTableColumns<InvitationResponse>();
const columns = col.columns([
  col.accessor("email", { header: "Email" }),
  col.accessor("role", { header: "Role", cell: (info) => <Badge>{ROLE_LABELS[info.getValue()]}</Badge> }),
  col.accessor("createdAt", { header: "Sent", sortFn: "datetime", cell: (info) => <DateTime value={info.getValue()} /> }),
  col.accessor("expiresAt", { header: "Expires", sortFn: "datetime", cell: (info) => <DateTime value={info.getValue()} /> }),
  col.display({ ...actionsColumn, cell: (info) => <WithdrawInvitation invitation={info.row.original} /> }),
]);

export function InvitationsSection({ initialPage }: { initialPage: CursorPage<InvitationResponse> }) {
  const list = useCursorList({ queryKey: queryKeys.invitations.list(PENDING), fetchPage: cursorPages<InvitationResponse>("/invitations", PENDING), initialPage });
  return (
    <section aria-labelledby="invite-heading" className="flex flex-col gap-4">
      <div>
        <h2 id="invite-heading" className="text-base font-semibold">
          Invite people
        </h2>
        <p className="text-sm text-muted-foreground">
          They get an email with a link; they join by signing in, or creating an account, with that address. Inviting an address again replaces its earlier link.
        </p>
      </div>
      <InviteForm />
      <h3 className="text-sm font-semibold">Pending invitations</h3>
      {list.isError ? (
        <QueryErrorState error={list.error} onRetry={list.refetch} />
      ) : (
        <DataTable
          label="Pending invitations"
          columns={columns}
          data={list.rows}
          getRowId={(invitation) => invitation.id}
          loading={list.isPending}
          pagination={list.pagination}
          empty={
            <EmptyState icon={MailPlus} title="No pending invitations" className="py-6">
              Invitations you send show here until they are accepted, withdrawn or expire.
            </EmptyState>
          }
        />
      )}
    </section>
  );
}

function InviteForm() {
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [role, setRole] = useState<Role>("viewer");
  const invite = useMutation({
    mutationFn: (input: CreateInvitationInput) => apiFetch<CreatedInvitationResponse>("/invitations", { method: "POST", body: input }),
    onSuccess: (invitation) => {
      setErrors({});
      formRef.current?.reset();
      if (invitation.emailSent) toast.success(`Invitation sent to ${invitation.email}`);
      else toast.warning(`Invitation for ${invitation.email} created, but no email could be sent. Check the mail settings and invite again.`);
      return queryClient.invalidateQueries({ queryKey: queryKeys.invitations.all });
    },
    onError: (error) => setErrors(fieldErrorsOf(error)),
  });
  const roleHint = useMemo(() => ROLE_OPTIONS.find((option) => option.value === role)?.description, [role]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = CreateInvitationInput.safeParse({ email: form.get("email"), role, expiresInDays: form.get("expiresInDays") || undefined });
    if (!parsed.success) return setErrors(fieldErrorsFromIssues(parsed.error.issues));
    invite.mutate(parsed.data);
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-label="Invite a member" className="flex flex-col gap-3 rounded-xl border border-border bg-card p-4">
      <FormError message={errors[FORM_ERROR]} />
      <div className="grid gap-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_8rem]">
        <FormField label="Email" required error={errors.email}>
          <Input name="email" type="email" autoComplete="off" placeholder="name@example.com" />
        </FormField>
        <FormField label="Role" required error={errors.role} description={roleHint}>
          {(control) => (
            <Select value={role} onValueChange={(value) => setRole(value as Role)}>
              <SelectTrigger {...control}>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {ROLE_OPTIONS.map((option) => (
                  <SelectItem key={option.value} value={option.value}>
                    {option.label}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          )}
        </FormField>
        <FormField label="Expires in (days)" error={errors.expiresInDays}>
          <Input name="expiresInDays" type="number" inputMode="numeric" min={INVITATION_LIFETIME_DAYS.min} max={INVITATION_LIFETIME_DAYS.max} defaultValue={INVITATION_LIFETIME_DAYS.default} />
        </FormField>
      </div>
      <div>
        <Button type="submit" loading={invite.isPending}>
          <MailPlus aria-hidden />
          Send invitation
        </Button>
      </div>
    </form>
  );
}

function WithdrawInvitation({ invitation }: { invitation: InvitationResponse }) {
  const queryClient = useQueryClient();
  const withdraw = useMutation({
    mutationFn: () => apiFetch<void>(`/invitations/${invitation.id}`, { method: "DELETE" }),
    onSuccess: () => {
      toast.success(`Invitation for ${invitation.email} withdrawn`);
      return queryClient.invalidateQueries({ queryKey: queryKeys.invitations.all });
    },
  });
  return (
    <ConfirmDialog
      trigger={
        <Button variant="ghost" size="sm" aria-label={`Withdraw the invitation for ${invitation.email}`}>
          <X aria-hidden />
          <span className="hidden sm:inline">Withdraw</span>
        </Button>
      }
      title={`Withdraw the invitation for ${invitation.email}?`}
      description="The link in their email stops working. You can invite them again later."
      confirmLabel="Withdraw"
      onConfirm={() => withdraw.mutateAsync()}
    />
  );
}
