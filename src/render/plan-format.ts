/** A plan in the format a person picked: text for terminals and logs, JSON for tools, Markdown for reviews. */
import type { Plan } from "../plan/plan.js";
import { renderPlanJson } from "./plan-json.js";
import { renderPlanMarkdown } from "./plan-markdown.js";
import { renderPlanText } from "./plan-text.js";

export type PlanFormat = "text" | "json" | "markdown";

export function renderAs(plan: Plan, format: PlanFormat, color: boolean): string {
  if (format === "json") return renderPlanJson(plan);
  if (format === "markdown") return renderPlanMarkdown(plan);
  return renderPlanText(plan, { color });
}
