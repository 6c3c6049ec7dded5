"use client";
// The list pattern: useCursorList (react-query's infinite query over `{ data, nextCursor }`)
// feeding a DataTable, with sorting, optional columns, row click and "Load more". The pages come
// from a local function shaped like GET /api/v1/decision-logs.
import type { DecisionOutcome } from "@gatehouse/shared";
import { useState } from "react";
import { OutcomeBadge } from "@/components/ui/badge";
import { DataTable, dataTableColumns } from "@/components/ui/data-table";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { type CursorPage, useCursorList } from "@/lib/api/use-cursor-list";

type DemoRow = { id: string; tool: string; outcome: DecisionOutcome; latencyMs: number };

const TOOLS = ["flux_generate_image", "flux_edit_image", "flux_delete_image", "flux_list_images"];
const OUTCOMES: DecisionOutcome[] = ["allowed", "allowed", "denied", "rate_limited", "approval_pending"];
const ALL_ROWS: DemoRow[] = Array.from({ length: 45 }, (_, index) => ({
  id: `dec_demo_${String(index + 1).padStart(3, "0")}`,
  tool: TOOLS[index % TOOLS.length] ?? "flux_list_images",
  outcome: OUTCOMES[(index * 7) % OUTCOMES.length] ?? "allowed",
  latencyMs: ((index * 37) % 90) / 10 + 0.4,
}));
const PAGE_SIZE = 20;

async function fetchDemoPage(cursor: string | null): Promise<CursorPage<DemoRow>> {
  await new Promise((resolve) => setTimeout(resolve, 300));
  const start = cursor ? Number(cursor) : 0;
  const end = start + PAGE_SIZE;
  return { data: ALL_ROWS.slice(start, end), nextCursor: end < ALL_ROWS.length ? String(end) : null };
}

const col = dataTableColumns<DemoRow>();
const columns = col.columns([
  col.accessor("id", { header: "Decision", meta: { mono: true } }),
  col.accessor("tool", { header: "Tool", sortFn: "alphanumeric", meta: { mono: true } }),
  col.accessor("outcome", { header: "Outcome", sortFn: "text", cell: (info) => <OutcomeBadge outcome={info.getValue()} /> }),
  col.accessor("latencyMs", { header: "Latency", sortFn: "basic", meta: { className: "text-right" }, cell: (info) => `${info.getValue().toFixed(1)} ms` }),
]);

export function KitTableDemo() {
  const list = useCursorList({ queryKey: ["kit-demo-decisions"], fetchPage: (cursor) => fetchDemoPage(cursor) });
  const [opened, setOpened] = useState<DemoRow | null>(null);
  return (
    <>
      <DataTable
        label="Demo decisions"
        columns={columns}
        data={list.rows}
        getRowId={(row) => row.id}
        onRowClick={setOpened}
        loading={list.isPending}
        enableColumnVisibility
        pagination={list.pagination}
        toolbar={<p className="text-sm text-muted-foreground">Click a row (or press Enter on it) to open it.</p>}
      />
      <Dialog open={opened !== null} onOpenChange={(open) => !open && setOpened(null)}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>{opened?.id}</DialogTitle>
            <DialogDescription>
              {opened?.tool} — {opened?.outcome}
            </DialogDescription>
          </DialogHeader>
        </DialogContent>
      </Dialog>
    </>
  );
}
