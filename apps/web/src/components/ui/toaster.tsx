"use client";
// Toasts (sonner), mounted once in the root layout. Call `toast.success("Server registered")`
// from `sonner` anywhere in client code. Toasts confirm what already happened; they never carry
// the only copy of something the person needs (errors about a field go to the field).
import { Toaster as Sonner } from "sonner";

// Sonner ships its own styles (injected by its script, no CDN); the font is inherited from the page.
export function Toaster() {
  return (
    <Sonner
      position="bottom-right"
      closeButton
      duration={4000}
      containerAriaLabel="Notifications"
      toastOptions={{ style: { fontFamily: "inherit" } }}
    />
  );
}
