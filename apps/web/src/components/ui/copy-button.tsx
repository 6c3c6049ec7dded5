"use client";
// Copies a value (a proxy URL, an id, a token shown once). Confirms three ways: the icon turns
// into a check, a polite live region says "Copied" for screen readers, and a toast appears.
// Falls back to a hidden textarea where the async Clipboard API is missing (plain-HTTP origins
// other than localhost are not "secure contexts").
import { Check, Copy } from "lucide-react";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { cn } from "@/lib/utils";
import { Button, type ButtonProps } from "./button";

type CopyButtonProps = {
  value: string;
  /** Names what is copied, for the button's accessible name: "Copy proxy URL". */
  label?: string;
  /** Show the label as text next to the icon (otherwise it is the accessible name only). */
  showLabel?: boolean;
  /** Toast text; false for none. */
  toastMessage?: string | false;
} & Pick<ButtonProps, "variant" | "size" | "className">;

export async function copyText(value: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(value);
      return true;
    }
  } catch {
    // Permission refused or not focused: try the old way below.
  }
  const area = document.createElement("textarea");
  area.value = value;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

export function CopyButton({ value, label = "Copy", showLabel = false, toastMessage = "Copied to clipboard", variant = "ghost", size, className }: CopyButtonProps) {
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);

  async function copy() {
    if (await copyText(value)) {
      setCopied(true);
      if (toastMessage) toast.success(toastMessage);
    } else {
      toast.error("Could not copy. Select the text and copy it by hand.");
    }
  }

  const Icon = copied ? Check : Copy;
  return (
    <>
      <Button
        variant={variant}
        size={size ?? (showLabel ? "sm" : "icon")}
        className={cn(!showLabel && "size-8", className)}
        onClick={copy}
        aria-label={showLabel ? undefined : label}
        data-copied={copied || undefined}
      >
        <Icon aria-hidden className={copied ? "text-emerald-600" : undefined} />
        {showLabel && (copied ? "Copied" : label)}
      </Button>
      <span role="status" aria-live="polite" className="sr-only">
        {copied ? "Copied" : ""}
      </span>
    </>
  );
}
