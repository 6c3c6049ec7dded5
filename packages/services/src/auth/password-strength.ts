// Password strength by zxcvbn-ts (English and common dictionaries, keyboard patterns, the person's
// own name and email): a length rule alone let `password123` and `aaaaaaaaaa` through. The answer
// is a sentence for the password field saying why, not a bare score.
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as english from "@zxcvbn-ts/language-en";

/** zxcvbn's 0–4 scale; 3 is "safely unguessable: moderate protection from offline slow-hash attacks". */
export const MIN_PASSWORD_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;

function zxcvbn(): ZxcvbnFactory {
  // Built on first use: the dictionaries take a moment to index and most processes never need them.
  estimator ??= new ZxcvbnFactory({
    translations: english.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...english.dictionary },
  });
  return estimator;
}

/** Why this password is refused, or null when it is strong enough. `context`: name, email, … */
export function passwordWeakness(password: string, context: readonly string[] = []): string | null {
  const inputs = context.flatMap((value) => [value, ...value.split(/[\s@.+_-]+/)]).filter((value) => value.length >= 3);
  const result = zxcvbn().check(password, [...inputs, "gatehouse"]);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const why = result.feedback.warning ?? "It would be guessed quickly.";
  const how = result.feedback.suggestions.length > 0 ? result.feedback.suggestions.join(" ") : "Add another uncommon word or two.";
  return `This password is too easy to guess. ${why} ${how}`;
}
