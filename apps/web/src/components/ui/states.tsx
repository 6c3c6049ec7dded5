// The three states every list and detail screen has besides "here is the data". Each says what
// happened and what to do next, in words a person can act on.
import { CircleAlert, Inbox, type LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { ApiError, errorMessage } from "@/lib/api/api-error";
import { cn } from "@/lib/utils";
import { Button } from "./button";
import { Skeleton } from "./skeleton";

type EmptyStateProps = {
  title: string;
  /** What will appear here and how it gets there. */
  children?: ReactNode;
  /** The next step, usually a Button ("Register a server"). */
  action?: ReactNode;
  icon?: LucideIcon;
  className?: string;
};

export function EmptyState({ title, children, action, icon: Icon = Inbox, className }: EmptyStateProps) {
  return (
    <div data-testid="empty-state" className={cn("flex flex-col items-center rounded-xl border border-dashed border-zinc-300 bg-card px-6 py-12 text-center", className)}>
      <Icon aria-hidden className="mb-3 size-8 text-zinc-400" />
      <p className="font-medium text-foreground">{title}</p>
      {children && <div className="mt-1.5 max-w-md text-sm text-muted-foreground">{children}</div>}
      {action && <div className="mt-4">{action}</div>}
    </div>
  );
}

type ErrorStateProps = {
  title?: string;
  message: string;
  /** Shown so a person can quote it to support / find it in the logs. */
  requestId?: string | null | undefined;
  /** A "Try again" control, usually a Button calling refetch(). */
  action?: ReactNode;
  className?: string;
};

export function ErrorState({ title = "Could not load this", message, requestId, action, className }: ErrorStateProps) {
  return (
    <div role="alert" data-testid="error-state" className={cn("flex flex-col items-center rounded-xl border border-red-200 bg-red-50 px-6 py-10 text-center", className)}>
      <CircleAlert aria-hidden className="mb-3 size-8 text-red-600" />
      <p className="font-medium text-red-900">{title}</p>
      <p className="mt-1.5 max-w-md text-sm text-red-800">{message}</p>
      {requestId && <p className="mt-2 font-mono text-xs text-red-700">Request id: {requestId}</p>}
      {action && <div className="mt-4">{action}</div>}
    </div>
  );
}

/** A failed query (react-query): its message and request id, and "Try again" to refetch. */
export function QueryErrorState({ title, error, onRetry, className }: { title?: string; error: unknown; onRetry: () => unknown; className?: string }) {
  return (
    <ErrorState
      {...(title ? { title } : {})}
      message={errorMessage(error)}
      requestId={error instanceof ApiError ? error.requestId : null}
      className={className}
      action={
        <Button variant="secondary" onClick={() => onRetry()}>
          Try again
        </Button>
      }
    />
  );
}

/** Placeholder rows while data loads; screen readers hear the label once, not the shapes. */
export function LoadingState({ label = "Loading…", rows = 4, className }: { label?: string; rows?: number; className?: string }) {
  return (
    <div role="status" aria-live="polite" data-testid="loading-state" className={cn("flex flex-col gap-3 rounded-xl border border-border bg-card p-5", className)}>
      <span className="sr-only">{label}</span>
      {Array.from({ length: rows }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: identical placeholders, never reordered
        <div key={index} className="flex items-center gap-4">
          <Skeleton className="h-4 w-1/4" />
          <Skeleton className="h-4 flex-1" />
          <Skeleton className="h-4 w-16" />
        </div>
      ))}
    </div>
  );
}
