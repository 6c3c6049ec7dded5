"use client";
// The members list. Admins change roles in place and remove people; the API refuses to leave the
// org without an admin, and that refusal is shown above the table (and in a toast).
import type { MemberResponse, Role } from "@gatehouse/shared";
import { ROLE_LABELS } from "@gatehouse/shared";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { UserMinus, Users } from "lucide-react";
import Link from "next/link";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { DataTable, dataTableColumns, actionsColumn } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { FormError } from "@/components/ui/form-field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { EmptyState, QueryErrorState } from "@/components/ui/states";
import { errorMessage } from "@/lib/api/api-error";
import { apiFetch } from "@/lib/api/api-fetch";
import { queryKeys } from "@/lib/api/query-keys";
import { type CursorPage, cursorPages, useCursorList } from "@/lib/api/use-cursor-list";
import { ROLE_OPTIONS } from "../roles";

const col = dataTableColumns<MemberResponse>();

export function MembersTable({ initialPage, canManage, currentUserId }: { initialPage: CursorPage<MemberResponse>; canManage: boolean; currentUserId: string }) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const list = useCursorList({ queryKey: queryKeys.members.list(), fetchPage: cursorPages<MemberResponse>("/members"), initialPage });

  const changeRole = useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: Role }) => apiFetch<MemberResponse>(`/members/${userId}`, { method: "PATCH", body: { role } }),
    onSuccess: (member) => {
      setError(null);
      toast.success(`${member.email} is now ${ROLE_LABELS[member.role].toLowerCase()}`);
      return queryClient.invalidateQueries({ queryKey: queryKeys.members.all });
    },
    onError: (cause) => {
      setError(errorMessage(cause));
      toast.error(errorMessage(cause));
    },
  });

  const columns = useMemo(
    () =>
      col.columns([
        col.accessor("name", {
          header: "Name",
          cell: (info) => (
            <span className="inline-flex items-center gap-1.5">
              {info.getValue() ?? "—"}
              {info.row.original.userId === currentUserId && <Badge tone="info">You</Badge>}
            </span>
          ),
        }),
        col.accessor("email", { header: "Email" }),
        col.accessor("role", {
          header: "Role",
          cell: (info) => {
            const member = info.row.original;
            if (!canManage) return <Badge tone={member.role === "admin" ? "info" : "neutral"}>{ROLE_LABELS[member.role]}</Badge>;
            return (
              <Select value={member.role} onValueChange={(role) => changeRole.mutate({ userId: member.userId, role: role as Role })} disabled={changeRole.isPending}>
                <SelectTrigger className="h-8 w-40" aria-label={`Role of ${member.email}`}>
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
            );
          },
        }),
        col.accessor("joinedAt", { header: "Joined", sortFn: "datetime", cell: (info) => <DateTime value={info.getValue()} /> }),
        col.display({
          ...actionsColumn,
          cell: (info) => (
            <span className="flex items-center justify-end gap-1">
              <Button variant="ghost" size="sm" asChild>
                <Link href={`/audit?actor=${encodeURIComponent(info.row.original.userId)}`} aria-label={`Activity of ${info.row.original.email}`}>
                  Activity
                </Link>
              </Button>
              {canManage && <RemoveMember member={info.row.original} self={info.row.original.userId === currentUserId} onError={setError} />}
            </span>
          ),
        }),
      ]),
    [canManage, currentUserId, changeRole],
  );

  if (list.isError) {
    return (
      <QueryErrorState error={list.error} onRetry={list.refetch} />
    );
  }
  return (
    <div className="flex flex-col gap-3">
      <FormError message={error ?? undefined} />
      <DataTable
        label="Members"
        columns={columns}
        data={list.rows}
        getRowId={(member) => member.userId}
        loading={list.isPending}
        pagination={list.pagination}
        empty={<EmptyState icon={Users} title="No members" />}
      />
    </div>
  );
}

function RemoveMember({ member, self, onError }: { member: MemberResponse; self: boolean; onError: (message: string | null) => void }) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => apiFetch<void>(`/members/${member.userId}`, { method: "DELETE" }),
    onSuccess: () => {
      onError(null);
      toast.success(`Removed ${member.email}`);
      if (self) window.location.assign("/");
      return queryClient.invalidateQueries({ queryKey: queryKeys.members.all });
    },
  });
  return (
    <ConfirmDialog
      trigger={
        <Button variant="ghost" size="sm" aria-label={`Remove ${member.email}`}>
          <UserMinus aria-hidden />
          <span className="hidden sm:inline">Remove</span>
        </Button>
      }
      title={self ? "Leave this organization?" : `Remove ${member.email}?`}
      description={self ? "You lose access at once; an admin would have to invite you again." : "They lose access at once. Their past actions stay in the audit trail."}
      confirmLabel={self ? "Leave" : "Remove member"}
      onConfirm={() => remove.mutateAsync()}
    />
  );
}
