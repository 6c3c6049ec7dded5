"use client";
// Phone and tablet widths: a menu button that opens the section navigation in a sheet. The
// sheet closes when a section is chosen, and focus returns to the button (Radix Dialog).
import { Menu } from "lucide-react";
import { useState } from "react";
import { Logo } from "@/components/logo";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetDescription, SheetTitle, SheetTrigger } from "@/components/ui/sheet";
import { NavLinks } from "./nav-links";

export function MobileNav() {
  const [open, setOpen] = useState(false);
  return (
    <Sheet open={open} onOpenChange={setOpen}>
      <SheetTrigger asChild>
        <Button variant="ghost" size="icon" className="lg:hidden" aria-label="Open navigation menu">
          <Menu aria-hidden />
        </Button>
      </SheetTrigger>
      <SheetContent side="left" aria-describedby={undefined}>
        <SheetTitle className="px-3 pt-1">
          <Logo />
          <span className="sr-only"> navigation</span>
        </SheetTitle>
        <SheetDescription className="sr-only">Sections of the dashboard</SheetDescription>
        <NavLinks onNavigate={() => setOpen(false)} />
      </SheetContent>
    </Sheet>
  );
}
