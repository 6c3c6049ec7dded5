// The component kit, every part in its states: a reference for the people building screens and
// the page the kit's end-to-end spec drives. Not linked from the navigation; no data of any org.
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { PageHeader } from "@/components/ui/page-header";
import { KitBasics } from "./kit-basics";
import { KitFormDemo } from "./kit-form-demo";
import { KitOverlays } from "./kit-overlays";
import { KitTableDemo } from "./kit-table-demo";

export const metadata: Metadata = { title: "Component kit" };

export default function KitPage() {
  return (
    <>
      <PageHeader
        title="Component kit"
        description="The dashboard's components (src/components/ui) in their states. Everything here is local to this page: no request reaches the API."
      />
      <div className="flex flex-col gap-10">
        <Section title="Buttons, badges and states">
          <KitBasics />
        </Section>
        <Section title="A form with a mutation">
          <KitFormDemo />
        </Section>
        <Section title="Dialogs, menus, tabs, secrets">
          <KitOverlays />
        </Section>
        <Section title="Data table with cursor pagination">
          <KitTableDemo />
        </Section>
      </div>
    </>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title} className="flex flex-col gap-4">
      <h2 className="border-b border-border pb-2 text-base font-semibold">{title}</h2>
      {children}
    </section>
  );
}
