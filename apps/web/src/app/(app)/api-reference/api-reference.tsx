"use client";
// Mounts Scalar's standalone bundle (served by /api/reference/scalar.js) into a div. The bundle is
// a Vue app of its own; loading it as a script keeps it out of the dashboard's React bundle. Every
// feature that would call another host (fonts, telemetry, the AI agent, the hosted client) is off.
import Script from "next/script";
import { useEffect, useRef, useState } from "react";
import { ErrorState, LoadingState } from "@/components/ui/states";

type ScalarApp = { destroy?: () => void };
type ScalarGlobal = { createApiReference: (element: HTMLElement, config: Record<string, unknown>) => ScalarApp };

declare global {
  interface Window {
    Scalar?: ScalarGlobal;
  }
}

export function ApiReference({ specUrl }: { specUrl: string }) {
  const container = useRef<HTMLDivElement>(null);
  const [loaded, setLoaded] = useState(() => typeof window !== "undefined" && window.Scalar !== undefined);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const element = container.current;
    if (!loaded || !element || !window.Scalar) return;
    const app = window.Scalar.createApiReference(element, {
      url: specUrl,
      withDefaultFonts: false,
      telemetry: false,
      agent: { disabled: true },
      hideClientButton: true,
      showDeveloperTools: "never",
      hideDarkModeToggle: true,
      forceDarkModeState: "light",
      documentDownloadType: "json",
      defaultOpenAllTags: true,
      persistAuth: false,
      theme: "default",
      layout: "modern",
    });
    return () => app.destroy?.();
  }, [loaded, specUrl]);

  return (
    <>
      <Script src="/api/reference/scalar.js" strategy="afterInteractive" onReady={() => setLoaded(true)} onError={() => setFailed(true)} />
      {failed ? (
        <ErrorState title="The API reference could not load" message={`The OpenAPI document itself is at ${specUrl}.`} />
      ) : (
        !loaded && <LoadingState label="Loading the API reference" />
      )}
      <div ref={container} data-testid="api-reference" className="api-reference -mx-4 sm:mx-0" />
    </>
  );
}
