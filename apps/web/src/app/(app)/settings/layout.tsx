// Settings: the page header and the sub-sections (general, members, API keys) every settings page
// shares.
import type { ReactNode } from "react";
import { PageHeader } from "@/components/ui/page-header";
import { SettingsNav } from "./settings-nav";

export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <PageHeader title="Settings" description="This organization, its members and the API keys scripts use." />
      <SettingsNav />
      <div className="pt-6">{children}</div>
    </>
  );
}
