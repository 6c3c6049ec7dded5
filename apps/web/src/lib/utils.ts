// `cn`: join class names and let later Tailwind classes win over earlier ones, so a component's
// defaults can be overridden by a `className` prop (`cn("px-3", className)`).
import { type ClassValue, clsx } from "clsx";
import { twMerge } from "tailwind-merge";

export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs));
}
