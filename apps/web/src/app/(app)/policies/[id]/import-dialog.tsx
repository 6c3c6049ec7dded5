"use client";
// Import from PolicyLayer Intercept YAML: the converted document replaces the draft (nothing is
// saved until you save or publish), and what could not be carried over is listed.
import type { ImportPolicyResponse } from "@gatehouse/shared";
import { useMutation } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Textarea } from "@/components/ui/textarea";
import { ApiError, errorMessage } from "@/lib/api/api-error";
import { apiFetch } from "@/lib/api/api-fetch";

export function ImportDialog({ trigger, onImported }: { trigger: ReactNode; onImported: (document: unknown) => void }) {
  const [open, setOpen] = useState(false);
  const [source, setSource] = useState("");
  const [result, setResult] = useState<ImportPolicyResponse | null>(null);
  const convert = useMutation({
    mutationFn: () => apiFetch<ImportPolicyResponse>("/policies/import", { method: "POST", body: { format: "intercept-yaml", source } }),
    onSuccess: (converted) => {
      setResult(converted);
      onImported(converted.document);
      toast.success("Imported into the draft. Review it, then save or publish.");
      if (converted.notCarried.length === 0) setOpen(false);
    },
  });
  const problems = convert.error instanceof ApiError ? convert.error.fieldDetails : [];
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) setResult(null);
      }}
    >
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>Import Intercept YAML</DialogTitle>
          <DialogDescription>Paste a PolicyLayer Intercept policy. It replaces the draft; nothing is saved until you save or publish.</DialogDescription>
        </DialogHeader>
        {result ? (
          <div className="space-y-2 text-sm">
            <p className="font-medium">Imported. Not carried over exactly:</p>
            <ul className="list-disc space-y-1 pl-5" aria-label="Not carried over">
              {result.notCarried.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </div>
        ) : (
          <Textarea aria-label="Intercept YAML" rows={14} className="font-mono text-xs" value={source} onChange={(e) => setSource(e.target.value)} placeholder={'version: "1"\ndefault: deny\ntools:\n  read_file:\n    rules: []'} />
        )}
        {convert.isError && (
          <div role="alert" className="text-sm text-destructive">
            <p>{errorMessage(convert.error)}</p>
            <ul className="list-disc pl-5">
              {problems.map((p) => (
                <li key={`${p.path}:${p.message}`}>
                  <code className="font-mono text-xs">{p.path}</code>: {p.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        <DialogFooter>
          {result ? (
            <Button onClick={() => setOpen(false)}>Done</Button>
          ) : (
            <Button loading={convert.isPending} disabled={!source.trim()} onClick={() => convert.mutate()}>
              Convert
            </Button>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
