"use client";
// A cursor-paginated API list (`{ data, nextCursor }`, API.md: Lists) as rows for a DataTable:
//
//   const servers = useCursorList({
//     queryKey: queryKeys.servers.list(filters),
//     fetchPage: cursorPages<Server>("/servers", filters),
//     initialPage,                       // the first page, loaded by the server component
//   });
//   <DataTable rows={servers.rows} pagination={servers.pagination} … />
import { type QueryKey, useInfiniteQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { DataTablePagination } from "@/components/ui/data-table";
import { apiFetch } from "./api-fetch";

export type CursorPage<T> = { data: T[]; nextCursor: string | null };

// One empty array for "nothing loaded yet": a fresh [] per render would make the table rebuild.
const NO_ROWS: never[] = [];

type FetchPage<T> = (cursor: string | null, signal: AbortSignal) => Promise<CursorPage<T>>;

/** Fetches pages of an /api/v1 list route with its filters and a page size (1–200, API.md). */
export function cursorPages<T>(path: string, filters: Record<string, string | number | boolean | null | undefined> = {}, limit = 50): FetchPage<T> {
  return (cursor, signal) => apiFetch<CursorPage<T>>(path, { query: { ...filters, limit, cursor }, signal });
}

export function useCursorList<T>({ queryKey, fetchPage, initialPage }: { queryKey: QueryKey; fetchPage: FetchPage<T>; initialPage?: CursorPage<T> }) {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => fetchPage(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last: CursorPage<T>) => last.nextCursor,
    ...(initialPage ? { initialData: { pages: [initialPage], pageParams: [null] } } : {}),
  });
  const rows = useMemo(() => query.data?.pages.flatMap((page) => page.data) ?? (NO_ROWS as T[]), [query.data]);
  const pagination: DataTablePagination = {
    hasMore: query.hasNextPage,
    onLoadMore: () => void query.fetchNextPage(),
    loading: query.isFetchingNextPage,
  };
  return { ...query, rows, pagination };
}
