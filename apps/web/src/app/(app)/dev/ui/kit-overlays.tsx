"use client";
import { Info, MoreHorizontal, Pencil, Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { SecretReveal } from "@/components/ui/secret-reveal";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Hint } from "@/components/ui/tooltip";

// Not a key: the page only shows what the box looks like.
const EXAMPLE_KEY = "gthk_example0not0a0real0key0abcdefghijklmnop";

export function KitOverlays() {
  const [revoked, setRevoked] = useState(false);
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <div className="flex flex-col gap-4">
        <div className="flex flex-wrap items-center gap-2">
          <Dialog>
            <DialogTrigger asChild>
              <Button variant="secondary">Open dialog</Button>
            </DialogTrigger>
            <DialogContent>
              <DialogHeader>
                <DialogTitle>Edit identity</DialogTitle>
                <DialogDescription>Dialogs trap focus, close on Escape and give focus back to what opened them.</DialogDescription>
              </DialogHeader>
              <DialogFooter>
                <DialogClose asChild>
                  <Button variant="secondary">Cancel</Button>
                </DialogClose>
                <DialogClose asChild>
                  <Button>Save</Button>
                </DialogClose>
              </DialogFooter>
            </DialogContent>
          </Dialog>
          <ConfirmDialog
            trigger={
              <Button variant="destructive" disabled={revoked}>
                {revoked ? "Token revoked" : "Revoke token"}
              </Button>
            }
            title="Revoke this token?"
            description="Agents using it are refused on their next call. This cannot be undone."
            confirmLabel="Revoke token"
            onConfirm={async () => {
              await new Promise((resolve) => setTimeout(resolve, 500));
              setRevoked(true);
              toast.success("Token revoked");
            }}
          />
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button variant="ghost" size="icon" aria-label="Row actions">
                <MoreHorizontal aria-hidden />
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent align="start">
              <DropdownMenuItem onSelect={() => toast("Edit chosen")}>
                <Pencil aria-hidden />
                Edit
              </DropdownMenuItem>
              <DropdownMenuSeparator />
              <DropdownMenuItem destructive onSelect={() => toast("Delete chosen")}>
                <Trash2 aria-hidden />
                Delete
              </DropdownMenuItem>
            </DropdownMenuContent>
          </DropdownMenu>
          <Hint label="Agents connect to the proxy URL, never to the upstream.">
            <Button variant="ghost" size="icon" aria-label="About proxy URLs">
              <Info aria-hidden />
            </Button>
          </Hint>
          <span className="inline-flex items-center gap-1 rounded-md border border-border bg-card py-0.5 pr-0.5 pl-2 font-mono text-xs">
            http://127.0.0.1:4000/mcp/srv_example
            <CopyButton value="http://127.0.0.1:4000/mcp/srv_example" label="Copy proxy URL" toastMessage="Proxy URL copied" />
          </span>
        </div>
        <Tabs defaultValue="overview">
          <TabsList aria-label="Server sections">
            <TabsTrigger value="overview">Overview</TabsTrigger>
            <TabsTrigger value="tools">Tools</TabsTrigger>
            <TabsTrigger value="policies">Policies</TabsTrigger>
          </TabsList>
          <TabsContent value="overview" className="text-sm text-muted-foreground">
            Tabs switch with the arrow keys; each panel is labelled by its tab.
          </TabsContent>
          <TabsContent value="tools" className="text-sm text-muted-foreground">
            Six tools, two changed since the last discovery.
          </TabsContent>
          <TabsContent value="policies" className="text-sm text-muted-foreground">
            One published policy.
          </TabsContent>
        </Tabs>
      </div>
      <SecretReveal label="API key" value={EXAMPLE_KEY}>
        Use it as <code className="font-mono text-xs">Authorization: Bearer …</code> against <code className="font-mono text-xs">/api/v1</code>.
      </SecretReveal>
    </div>
  );
}
