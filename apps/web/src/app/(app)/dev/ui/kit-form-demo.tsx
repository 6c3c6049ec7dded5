"use client";
// The pattern for a create/edit form: a zod schema checked in the browser first, a react-query
// mutation calling the API, errors from either mapped to the fields they name (lib/field-errors),
// a toast on success, and the list it changed invalidated by its query key. Here the "API" is
// a local function with the API's error shapes, so the page works without a backend route.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { ApiError } from "@/lib/api/api-error";
import { FORM_ERROR, type FieldErrors, fieldErrorsFromIssues, fieldErrorsOf } from "@/lib/field-errors";

const DemoServerInput = z.object({
  name: z.string().trim().min(1, { message: "Name the server." }).max(80),
  upstreamUrl: z.url({ message: "Enter the server's URL, e.g. https://mcp.example.com/mcp." }),
  transport: z.enum(["streamable_http", "sse"], { message: "Choose a transport." }),
  description: z.string().max(500, { message: "Keep it under 500 characters." }),
  enabled: z.boolean(),
  acknowledged: z.literal(true, { message: "Confirm that you own this server." }),
});
type DemoServerInput = z.infer<typeof DemoServerInput>;

// Stand-ins for apiFetch("/servers", { method: "POST", body }) and apiFetch("/servers").
const demoStore: string[] = [];
const demoKeys = { all: ["kit-demo-servers"] as const };

async function createDemoServer(input: DemoServerInput): Promise<{ name: string }> {
  await new Promise((resolve) => setTimeout(resolve, 400));
  if (input.name.toLowerCase() === "taken") {
    throw new ApiError({ status: 409, code: "conflict", message: "A server named “taken” already exists in this organization.", requestId: "req_demo_conflict" });
  }
  if (new URL(input.upstreamUrl).hostname === "localhost") {
    throw new ApiError({
      status: 400,
      code: "validation_failed",
      message: "The request is invalid.",
      requestId: "req_demo_validation",
      details: [{ path: "upstreamUrl", message: "Private and loopback addresses are refused (SSRF guard)." }],
    });
  }
  demoStore.unshift(input.name);
  return { name: input.name };
}

export function KitFormDemo() {
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [transport, setTransport] = useState("");
  const [enabled, setEnabled] = useState(true);
  const [acknowledged, setAcknowledged] = useState(false);
  const created = useQuery({ queryKey: demoKeys.all, queryFn: () => [...demoStore] });

  const create = useMutation({
    mutationFn: createDemoServer,
    onSuccess: (server) => {
      toast.success(`Registered ${server.name}`);
      setErrors({});
      return queryClient.invalidateQueries({ queryKey: demoKeys.all });
    },
    onError: (error) => setErrors(fieldErrorsOf(error)),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = DemoServerInput.safeParse({
      name: form.get("name"),
      upstreamUrl: form.get("upstreamUrl"),
      description: form.get("description"),
      transport: transport || undefined,
      enabled,
      acknowledged,
    });
    if (!parsed.success) {
      setErrors(fieldErrorsFromIssues(parsed.error.issues));
      return;
    }
    create.mutate(parsed.data);
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,28rem)_1fr]">
      <form onSubmit={submit} noValidate aria-label="Register a server (demo)" className="flex flex-col gap-4 rounded-xl border border-border bg-card p-5">
        <FormError message={errors[FORM_ERROR]} />
        <FormField label="Name" required error={errors.name} description="Type “taken” to see a conflict from the API.">
          <Input name="name" autoComplete="off" />
        </FormField>
        <FormField label="Upstream URL" required error={errors.upstreamUrl} description="A localhost URL shows a field error returned by the API.">
          <Input name="upstreamUrl" type="url" inputMode="url" placeholder="https://mcp.example.com/mcp" />
        </FormField>
        <FormField label="Transport" required error={errors.transport}>
          {(control) => (
            <Select value={transport} onValueChange={setTransport}>
              <SelectTrigger {...control}>
                <SelectValue placeholder="Choose a transport" />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value="streamable_http">Streamable HTTP</SelectItem>
                <SelectItem value="sse">Server-sent events (legacy)</SelectItem>
              </SelectContent>
            </Select>
          )}
        </FormField>
        <FormField label="Description" error={errors.description}>
          <Textarea name="description" rows={2} />
        </FormField>
        <FormField label="Enabled" inline description="A disabled server refuses every call.">
          <Switch checked={enabled} onCheckedChange={setEnabled} />
        </FormField>
        <FormField label="I own this server" inline error={errors.acknowledged}>
          <Checkbox checked={acknowledged} onCheckedChange={(value) => setAcknowledged(value === true)} />
        </FormField>
        <div className="flex justify-end">
          <Button type="submit" loading={create.isPending}>
            Register server
          </Button>
        </div>
      </form>
      <div className="flex flex-col gap-2 text-sm">
        <p className="font-medium">Registered in this demo</p>
        {created.data && created.data.length > 0 ? (
          <ul aria-label="Registered demo servers" className="list-inside list-disc text-muted-foreground">
            {created.data.map((name) => (
              <li key={name}>{name}</li>
            ))}
          </ul>
        ) : (
          <p className="text-muted-foreground">Nothing yet.</p>
        )}
      </div>
    </div>
  );
}
