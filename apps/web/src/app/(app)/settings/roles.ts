// What each role may do, in one sentence, for the role pickers (shared API.md: Roles).
import type { Role } from "@gatehouse/shared";

export const ROLE_OPTIONS: { value: Role; label: string; description: string }[] = [
  { value: "admin", label: "Admin", description: "Everything, including members, API keys and credentials." },
  { value: "policy_manager", label: "Policy manager", description: "Writes policies and attaches them to grants." },
  { value: "approver", label: "Approver", description: "Decides approval requests; reads the rest." },
  { value: "viewer", label: "Viewer", description: "Reads everything except secrets; changes nothing." },
];
