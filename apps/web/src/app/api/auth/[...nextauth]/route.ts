// GET/POST /api/auth/* — Auth.js sign-in, callbacks, sign-out and session endpoints.
import { handlers } from "@/auth";

export const { GET, POST } = handlers;
