import { describe, expect, it } from "vitest";
import { passwordWeakness } from "./password-strength.ts";

describe("passwordWeakness", () => {
  it.each([
    ["password123", /commonly used password/],
    ["aaaaaaaaaa", /Repeated characters/],
    ["qwertyuiop", /frequently used password/],
  ])("refuses %s and says why", (password, why) => {
    const message = passwordWeakness(password);
    expect(message).toMatch(/^This password is too easy to guess\./);
    expect(message).toMatch(why);
  });

  it("refuses a password made of the person's own name or email", () => {
    expect(passwordWeakness("ada.lovelace@example.com", ["Ada Lovelace", "ada.lovelace@example.com"])).toMatch(/personal/);
  });

  it("accepts passphrases and long mixed passwords", () => {
    expect(passwordWeakness("correct horse battery staple")).toBeNull();
    expect(passwordWeakness("violet-lantern-orbit-42", ["Ada", "ada@example.com"])).toBeNull();
  });
});
