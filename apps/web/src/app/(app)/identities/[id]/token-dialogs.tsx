"use client";
// Mint and rotate: each asks for what it needs, then shows the new secret once (SecretReveal)
// with how to use it, until the person closes the dialog.
import { MintTokenBody, type MintedTokenResponse, type RotatedTokenResponse, type TokenResponse } from "@gatehouse/shared";
import { useMutation } from "@tanstack/react-query";
import { KeyRound, RefreshCw } from "lucide-react";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SecretReveal } from "@/components/ui/secret-reveal";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { apiFetch } from "@/lib/api/api-fetch";
import { FORM_ERROR, type FieldErrors, fieldErrorsFromIssues, fieldErrorsOf } from "@/lib/field-errors";

function UsageHint({ proxyUrl }: { proxyUrl: string }) {
  return (
    <p>
      Point the agent&apos;s MCP client at <code className="font-mono break-all">{proxyUrl}</code> with the header{" "}
      <code className="font-mono">Authorization: Bearer &lt;token&gt;</code>.
    </p>
  );
}

export function MintTokenDialog({ identityId, identityName, proxyUrl, onMinted }: { identityId: string; identityName: string; proxyUrl: string; onMinted: () => Promise<unknown> }) {
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [minted, setMinted] = useState<MintedTokenResponse | null>(null);
  const mint = useMutation({
    mutationFn: (body: MintTokenBody) => apiFetch<MintedTokenResponse>(`/identities/${identityId}/tokens`, { method: "POST", body }),
    onSuccess: async (token) => {
      setMinted(token);
      toast.success(`Minted token ${token.prefix}…`);
      await onMinted();
    },
    onError: (error) => setErrors(fieldErrorsOf(error)),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get("name") ?? "").trim();
    const expires = String(form.get("expiresAt") ?? "");
    const parsed = MintTokenBody.safeParse({ ...(name ? { name } : {}), ...(expires ? { expiresAt: new Date(expires) } : {}) });
    if (!parsed.success) return setErrors(fieldErrorsFromIssues(parsed.error.issues));
    setErrors({});
    mint.mutate(parsed.data);
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          setMinted(null);
          setErrors({});
        }
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <KeyRound aria-hidden />
          Mint token
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{minted ? "Token minted" : `Mint a token for ${identityName}`}</DialogTitle>
          <DialogDescription>
            {minted ? "Give it to the agent now; Gatehouse keeps only a hash." : "The agent presents this token to the proxy. It works on every server the identity holds a grant for."}
          </DialogDescription>
        </DialogHeader>
        {minted ? (
          <>
            <SecretReveal label="Token" value={minted.token}>
              <UsageHint proxyUrl={proxyUrl} />
            </SecretReveal>
            <DialogFooter>
              <DialogClose asChild>
                <Button>Done</Button>
              </DialogClose>
            </DialogFooter>
          </>
        ) : (
          <form onSubmit={submit} noValidate aria-label="Mint token" className="flex flex-col gap-4">
            <FormError message={errors[FORM_ERROR]} />
            <FormField label="Name" error={errors.name} description="Where it is used, e.g. laptop or github-actions.">
              <Input name="name" autoComplete="off" />
            </FormField>
            <FormField label="Expires" error={errors.expiresAt} description="Leave empty for a token that does not expire.">
              <Input name="expiresAt" type="datetime-local" />
            </FormField>
            <DialogFooter>
              <Button type="submit" loading={mint.isPending}>
                Mint token
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

const GRACE_CHOICES: { seconds: number; label: string }[] = [
  { seconds: 0, label: "None — the old token stops now" },
  { seconds: 15 * 60, label: "15 minutes" },
  { seconds: 3600, label: "1 hour" },
  { seconds: 24 * 3600, label: "24 hours" },
  { seconds: 7 * 24 * 3600, label: "7 days" },
];

/**
 * Controlled from outside the tokens table: once rotated, the row's token is "in grace" and loses
 * its Rotate button, so a dialog living in that row would vanish before showing the new secret.
 */
export function RotateTokenDialog({ token, proxyUrl, onRotated, onClose }: { token: TokenResponse | null; proxyUrl: string; onRotated: () => Promise<unknown>; onClose: () => void }) {
  const [grace, setGrace] = useState("3600");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [rotated, setRotated] = useState<RotatedTokenResponse | null>(null);
  const rotate = useMutation({
    mutationFn: ({ tokenId, graceSeconds }: { tokenId: string; graceSeconds: number }) =>
      apiFetch<RotatedTokenResponse>(`/tokens/${tokenId}/rotate`, { method: "POST", body: { graceSeconds } }),
    onSuccess: async (result) => {
      setRotated(result);
      toast.success(`Rotated ${result.previous.prefix}… → ${result.prefix}…`);
      await onRotated();
    },
    onError: (error) => setErrors(fieldErrorsOf(error)),
  });

  return (
    <Dialog
      open={token !== null}
      onOpenChange={(next) => {
        if (next) return;
        setRotated(null);
        setErrors({});
        setGrace("3600");
        onClose();
      }}
    >
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{rotated ? "Token rotated" : `Rotate ${token?.prefix ?? ""}…`}</DialogTitle>
          <DialogDescription>
            {rotated ? (
              rotated.previous.graceUntil && new Date(rotated.previous.graceUntil) > new Date() ? (
                <>
                  The old token keeps working until <DateTime value={rotated.previous.graceUntil} />; deploy the new one before then.
                </>
              ) : (
                "The old token no longer works."
              )
            ) : (
              "A new token replaces this one. During the grace period both work, so the agent can be redeployed without a gap."
            )}
          </DialogDescription>
        </DialogHeader>
        {rotated ? (
          <>
            <SecretReveal label="Token" value={rotated.token}>
              <UsageHint proxyUrl={proxyUrl} />
            </SecretReveal>
            <DialogFooter>
              <DialogClose asChild>
                <Button>Done</Button>
              </DialogClose>
            </DialogFooter>
          </>
        ) : (
          <form
            aria-label="Rotate token"
            noValidate
            className="flex flex-col gap-4"
            onSubmit={(event) => {
              event.preventDefault();
              if (token) rotate.mutate({ tokenId: token.id, graceSeconds: Number(grace) });
            }}
          >
            <FormError message={errors[FORM_ERROR]} />
            <FormField label="Grace period" error={errors.graceSeconds} description="How long the old token keeps working.">
              {(control) => (
                <Select value={grace} onValueChange={setGrace}>
                  <SelectTrigger {...control}>
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    {GRACE_CHOICES.map((choice) => (
                      <SelectItem key={choice.seconds} value={String(choice.seconds)}>
                        {choice.label}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              )}
            </FormField>
            <DialogFooter>
              <Button type="submit" loading={rotate.isPending}>
                <RefreshCw aria-hidden />
                Rotate token
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
