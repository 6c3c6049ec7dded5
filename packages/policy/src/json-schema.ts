import { z } from "zod";
import { PolicyDocument } from "./schema.ts";

/** JSON Schema (draft 2020-12) of the document, for the dashboard editor and IDEs. */
export const policyJsonSchema: object = z.toJSONSchema(PolicyDocument, { target: "draft-2020-12", unrepresentable: "any" });
