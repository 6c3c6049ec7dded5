// Argument validation cost per call (p50/p99) for the demo's flux_edit_image schema and a
// 50-property schema, and compile time per tool. Run: pnpm --filter @gatehouse/policy exec tsx bench/argument-validation.ts
import { checkArguments, compileArgumentValidators } from "../src/index.ts";

const FLUX = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  properties: {
    prompt: { type: "string", minLength: 1, maxLength: 4000 },
    image_url: { type: "string", format: "uri" },
    model: { type: "string", enum: ["flux-kontext-pro", "flux-kontext-max"] },
    size: { type: "string", pattern: "^\\d{3,4}x\\d{3,4}$" },
    callback_url: { type: "string", format: "uri" },
  },
  required: ["prompt", "image_url", "model"],
};
const FIFTY = { type: "object", properties: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`p${i}`, i % 2 ? { type: "integer", minimum: 0 } : { type: "string", maxLength: 100 }])), required: ["p0"] };
const fluxArgs = { prompt: "add snow", image_url: "https://example.com/a.png", model: "flux-kontext-pro", size: "1024x1024" };
const fiftyArgs = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`p${i}`, i % 2 ? i : `v${i}`]));

function run(name: string, schema: unknown, args: Record<string, unknown>): void {
  const c0 = process.hrtime.bigint();
  const validators = compileArgumentValidators("enforce", { t: schema });
  const compileUs = Number(process.hrtime.bigint() - c0) / 1000;
  for (let i = 0; i < 20_000; i++) checkArguments(validators, "t", args);
  const samples: number[] = [];
  for (let i = 0; i < 100_000; i++) {
    const t = process.hrtime.bigint();
    checkArguments(validators, "t", args);
    samples.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  samples.sort((a, b) => a - b);
  const p = (q: number) => samples[Math.floor(q * (samples.length - 1))]!.toFixed(2);
  console.log(`${name}: validate p50 ${p(0.5)} µs, p99 ${p(0.99)} µs; compile ${(compileUs / 1000).toFixed(1)} ms`);
}

run("flux_edit_image", FLUX, fluxArgs);
run("50-property", FIFTY, fiftyArgs);
