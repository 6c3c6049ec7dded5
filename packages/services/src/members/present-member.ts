// A membership (with its user) as the API shows it: explicit fields, nothing of the user's account.
import type { MemberResponse } from "@gatehouse/shared";

type MemberRow = { role: MemberResponse["role"]; createdAt: Date; user: { id: string; email: string; name: string | null } };

export function presentMember(row: MemberRow): MemberResponse {
  return { userId: row.user.id, email: row.user.email, name: row.user.name, role: row.role, joinedAt: row.createdAt.toISOString() };
}
