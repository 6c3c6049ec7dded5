import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiError } from "./api/api-error";
import { FORM_ERROR, fieldErrorsFromIssues, fieldErrorsOf, formatPath } from "./field-errors";

describe("formatPath", () => {
  it("writes paths the way the API names them", () => {
    expect(formatPath(["tools", "flux_edit_image", "limits", 0, "max"])).toBe("tools.flux_edit_image.limits[0].max");
    expect(formatPath([0, "name"])).toBe("[0].name");
    expect(formatPath([])).toBe(FORM_ERROR);
  });
});

describe("field errors", () => {
  const Schema = z.object({
    name: z.string().min(1, { message: "Enter a name." }),
    limits: z.array(z.object({ max: z.number().int().positive({ message: "Use a positive number." }) })),
  });

  it("maps a zod schema's issues to their fields, nested paths included", () => {
    const result = Schema.safeParse({ name: "", limits: [{ max: 1 }, { max: -2 }] });
    expect(result.success).toBe(false);
    expect(fieldErrorsFromIssues(result.error!.issues)).toEqual({ name: ["Enter a name."], "limits[1].max": ["Use a positive number."] });
  });

  it("maps the API's validation_failed details to the same keys", () => {
    const error = new ApiError({
      status: 400,
      code: "validation_failed",
      message: "The request is invalid.",
      requestId: "req_1",
      details: [
        { path: "limits[1].max", message: "Use a positive number." },
        { path: "limits[1].max", message: "Use a positive number." },
        { nonsense: true },
      ],
    });
    expect(fieldErrorsOf(error)).toEqual({ "limits[1].max": ["Use a positive number."] });
  });

  it("keeps other API errors as one form-level message", () => {
    const error = new ApiError({ status: 409, code: "conflict", message: "A server with this name exists.", requestId: "req_2" });
    expect(fieldErrorsOf(error)).toEqual({ [FORM_ERROR]: ["A server with this name exists."] });
  });

  it("never shows a raw exception text", () => {
    expect(fieldErrorsOf(new TypeError("x is undefined"))).toEqual({ [FORM_ERROR]: ["Something went wrong. Try again."] });
  });
});
