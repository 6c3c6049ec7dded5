"use client";
// DataTable: the dashboard's list view, on TanStack Table v9. What it adds to the Table
// primitives: sortable headers (aria-sort, keyboard), an optional "Columns" menu, rows that
// open something on click or Enter, a "Load more" control for the API's cursor pagination, and a
// card per row at phone width (below `sm`), so no row needs sideways scrolling there. Data and
// fetching stay with the caller (react-query): pass the rows loaded so far and what "load more" does.
//
// Define columns at module scope (or useMemo) with `dataTableColumns<Row>()`: a new columns
// array on every render makes the table rebuild its models each time.
import {
  type ColumnDef,
  type SortingState,
  type ColumnVisibilityState,
  type RowData,
  columnVisibilityFeature,
  createColumnHelper,
  createSortedRowModel,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  sortFn_datetime,
  sortFn_text,
  tableFeatures,
  useTable,
} from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown, Columns3 } from "lucide-react";
import { type KeyboardEvent, type MouseEvent, type ReactNode, useId } from "react";
import { cn } from "@/lib/utils";
import { Button } from "./button";
import { LoadingState } from "./states";
import { DropdownMenu, DropdownMenuCheckboxItem, DropdownMenuContent, DropdownMenuLabel, DropdownMenuTrigger } from "./dropdown-menu";
import { Table, TableBody, TableCell, type TableCellStack, TableContainer, TableHead, TableHeader, TableRow } from "./table";

/** Per-column presentation, set as `meta` on a column definition. */
export type DataTableColumnMeta = {
  /** Name in the Columns menu when the header is not plain text. */
  label?: string;
  /** Monospace, breakable text (ids, URLs, hashes). */
  mono?: boolean;
  /** Extra classes for this column's cells (width, alignment). They apply from `sm` up. */
  className?: string;
  /**
   * Below `sm` each row is a card (see table.tsx): "title" heads it (without this, the first
   * visible column does), "actions" closes it; other cells are lines labelled with their header.
   */
  stack?: TableCellStack;
};

export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  columnVisibilityFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, text: sortFn_text, datetime: sortFn_datetime, basic: sortFn_basic },
  columnMeta: {} as DataTableColumnMeta,
});
export type DataTableFeatures = typeof dataTableFeatures;
// biome-ignore lint/suspicious/noExplicitAny: a row's columns hold values of different types; TanStack's own helper types the array this way
export type DataTableColumn<TData extends RowData> = ColumnDef<DataTableFeatures, TData, any>;

/** `const col = dataTableColumns<Server>(); const columns = col.columns([col.accessor("name", { header: "Name" })])`. */
export function dataTableColumns<TData extends RowData>() {
  return createColumnHelper<DataTableFeatures, TData>();
}

export type DataTablePagination = {
  /** The API returned a nextCursor: more rows exist. */
  hasMore: boolean;
  onLoadMore: () => void;
  loading?: boolean;
};

type DataTableProps<TData extends RowData> = {
  /** The table's accessible name ("Servers"). */
  label: string;
  columns: ReadonlyArray<DataTableColumn<TData>>;
  data: TData[];
  getRowId?: (row: TData) => string;
  /** Makes rows focusable; click or Enter on a row calls it (clicks on links/buttons inside a row do not). */
  onRowClick?: (row: TData) => void;
  /** Shown instead of the table when there are no rows (an EmptyState). */
  empty?: ReactNode;
  /** The first page is on its way: placeholder rows instead of an empty table. */
  loading?: boolean;
  /** Filters and actions shown above the table, left of the Columns menu. */
  toolbar?: ReactNode;
  enableColumnVisibility?: boolean;
  initialSorting?: SortingState;
  initialColumnVisibility?: ColumnVisibilityState;
  /**
   * Server-side sorting: pass the current sorting and a setter, and fetch rows in that order. Without
   * these the table sorts the rows it has (for cursor-paginated lists: the pages loaded so far).
   */
  sorting?: SortingState;
  onSortingChange?: (sorting: SortingState) => void;
  pagination?: DataTablePagination;
  className?: string;
};

const INTERACTIVE = "a,button,input,select,textarea,label,[role=menuitem],[role=checkbox],[role=switch]";

export function DataTable<TData extends RowData>({
  label,
  columns,
  data,
  getRowId,
  onRowClick,
  empty,
  loading = false,
  toolbar,
  enableColumnVisibility = false,
  initialSorting = [],
  initialColumnVisibility = {},
  sorting,
  onSortingChange,
  pagination,
  className,
}: DataTableProps<TData>) {
  const statusId = useId();
  const controlled = sorting !== undefined && onSortingChange !== undefined;
  const table = useTable({
    features: dataTableFeatures,
    columns: columns as DataTableColumn<TData>[],
    data,
    ...(getRowId ? { getRowId: (row: TData) => getRowId(row) } : {}),
    initialState: { sorting: initialSorting, columnVisibility: initialColumnVisibility },
    ...(controlled
      ? {
          manualSorting: true,
          state: { sorting },
          onSortingChange: (updater: SortingState | ((old: SortingState) => SortingState)) =>
            onSortingChange(typeof updater === "function" ? updater(sorting) : updater),
        }
      : {}),
  });

  if (data.length === 0 && loading) return <LoadingState label={`Loading ${label.toLowerCase()}…`} />;
  if (data.length === 0 && empty) return <>{empty}</>;

  const hideable = table.getAllLeafColumns().filter((column) => column.getCanHide());
  const rows = table.getRowModel().rows;
  const visible = table.getVisibleLeafColumns();
  const titleId = (visible.find((column) => column.columnDef.meta?.stack === "title") ?? visible.find((column) => column.columnDef.meta?.stack !== "actions"))?.id;

  function activate(event: MouseEvent<HTMLTableRowElement> | KeyboardEvent<HTMLTableRowElement>, row: TData) {
    if (!onRowClick) return;
    // A link or button inside the row does its own thing.
    if (event.target instanceof Element && event.target.closest(INTERACTIVE) && event.target !== event.currentTarget) return;
    if ("key" in event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
    }
    onRowClick(row);
  }

  return (
    <div className={cn("flex flex-col gap-3", className)}>
      {(toolbar || (enableColumnVisibility && hideable.length > 0)) && (
        <div className="flex flex-wrap items-center gap-2">
          <div className="flex flex-1 flex-wrap items-center gap-2">{toolbar}</div>
          {enableColumnVisibility && hideable.length > 0 && (
            <DropdownMenu>
              <DropdownMenuTrigger asChild>
                <Button variant="secondary" size="sm">
                  <Columns3 aria-hidden />
                  Columns
                </Button>
              </DropdownMenuTrigger>
              <DropdownMenuContent align="end">
                <DropdownMenuLabel>Show columns</DropdownMenuLabel>
                {hideable.map((column) => (
                  <DropdownMenuCheckboxItem
                    key={column.id}
                    checked={column.getIsVisible()}
                    // Keep the menu open to toggle several columns.
                    onSelect={(event) => event.preventDefault()}
                    onCheckedChange={(checked) => column.toggleVisibility(checked === true)}
                  >
                    {column.columnDef.meta?.label ?? (typeof column.columnDef.header === "string" ? column.columnDef.header : column.id)}
                  </DropdownMenuCheckboxItem>
                ))}
              </DropdownMenuContent>
            </DropdownMenu>
          )}
        </div>
      )}

      {/* A named, focusable region: keyboard users can scroll a table wider than the screen. */}
      <TableContainer role="region" aria-label={`${label} (scrolls sideways)`} tabIndex={0} className="outline-hidden focus-visible:ring-2 focus-visible:ring-ring">
        <Table stacked aria-label={label} aria-describedby={pagination ? statusId : undefined}>
          <TableHeader>
            {table.getHeaderGroups().map((group) => (
              <TableRow key={group.id}>
                {group.headers.map((header) => {
                  const column = header.column;
                  const sorted = column.getIsSorted();
                  const canSort = column.getCanSort();
                  return (
                    <TableHead
                      key={header.id}
                      aria-sort={canSort ? (sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none") : undefined}
                      className={column.columnDef.meta?.className}
                    >
                      {header.isPlaceholder ? null : canSort ? (
                        <button
                          type="button"
                          onClick={column.getToggleSortingHandler()}
                          className="-mx-1.5 inline-flex items-center gap-1 rounded px-1.5 py-0.5 uppercase tracking-wide outline-hidden hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring"
                        >
                          <table.FlexRender header={header} />
                          {sorted === "asc" ? (
                            <ArrowUp aria-hidden className="size-3.5" />
                          ) : sorted === "desc" ? (
                            <ArrowDown aria-hidden className="size-3.5" />
                          ) : (
                            <ArrowUpDown aria-hidden className="size-3.5 opacity-40" />
                          )}
                        </button>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </TableHead>
                  );
                })}
              </TableRow>
            ))}
          </TableHeader>
          <TableBody>
            {rows.map((row) => (
              <TableRow
                key={row.id}
                data-row-id={row.id}
                tabIndex={onRowClick ? 0 : undefined}
                onClick={onRowClick ? (event) => activate(event, row.original) : undefined}
                onKeyDown={onRowClick ? (event) => activate(event, row.original) : undefined}
                className={cn(onRowClick && "cursor-pointer outline-hidden hover:bg-zinc-50 focus-visible:bg-indigo-50/60 focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-inset")}
              >
                {row.getVisibleCells().map((cell) => {
                  const { columnDef } = cell.column;
                  return (
                    <TableCell
                      key={cell.id}
                      mono={columnDef.meta?.mono}
                      className={columnDef.meta?.className}
                      label={typeof columnDef.header === "string" ? columnDef.header : columnDef.meta?.label}
                      stack={cell.column.id === titleId ? "title" : columnDef.meta?.stack}
                    >
                      <table.FlexRender cell={cell} />
                    </TableCell>
                  );
                })}
              </TableRow>
            ))}
            {rows.length === 0 && (
              <TableRow>
                <TableCell colSpan={table.getVisibleLeafColumns().length} className="py-8 text-center text-muted-foreground">
                  No rows.
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </TableContainer>

      {pagination && (
        <div className="flex flex-wrap items-center justify-between gap-2 text-sm text-muted-foreground">
          <p id={statusId} role="status" aria-live="polite">
            {pagination.hasMore ? `Showing the first ${data.length} rows` : `Showing all ${data.length} ${data.length === 1 ? "row" : "rows"}`}
          </p>
          {pagination.hasMore && (
            <Button variant="secondary" size="sm" loading={pagination.loading} onClick={pagination.onLoadMore}>
              Load more
            </Button>
          )}
        </div>
      )}
    </div>
  );
}

/**
 * The spread-in start of a row-actions column: an invisible "Actions" header for screen readers
 * (positioned, so the sr-only text stays inside a table that scrolls at phone width) and
 * right-aligned cells. `col.display({ ...actionsColumn, cell: … })`.
 */
export const actionsColumn = {
  id: "actions",
  header: () => (
    <span className="relative block">
      <span className="sr-only">Actions</span>
    </span>
  ),
  meta: { label: "Actions", className: "text-right", stack: "actions" } satisfies DataTableColumnMeta,
};
