// Sign-up / sign-in inputs: validated by the server and typing the forms.
import { z } from "zod";

export const Email = z.string().trim().toLowerCase().pipe(z.email({ message: "Enter a valid email address." }));

export const Password = z
  .string()
  .min(10, { message: "Use at least 10 characters." })
  .max(200, { message: "Use at most 200 characters." });

export const SignUpInput = z.object({
  name: z.string().trim().min(1, { message: "Enter your name." }).max(100),
  email: Email,
  password: Password,
});
export type SignUpInput = z.infer<typeof SignUpInput>;

export const SignInInput = z.object({ email: Email, password: z.string().min(1).max(200) });
export type SignInInput = z.infer<typeof SignInInput>;

export const OrgName = z.string().trim().min(1, { message: "Name the organization." }).max(80);

export const SwitchOrgInput = z.object({ orgId: z.string().min(1).max(100) });
export type SwitchOrgInput = z.infer<typeof SwitchOrgInput>;
