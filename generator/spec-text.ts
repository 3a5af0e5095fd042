/**
 * Spec text: facts LinkModel writes in prose rather than in schema — the provider, tasks and
 * price table of a model description, and the polling schedule table of a query spec.
 *
 * Takes description strings; returns plain data, or null when the text does not say. Pure.
 */
import type { ModelPrice, PollPhase, PollSchedule } from "../runtime/src/model.js";

/** What a model description's table says. */
export interface ModelFacts {
  readonly provider: string | null;
  readonly tasks: string[];
  readonly price: ModelPrice | null;
  readonly pricingUrl: string | null;
  /** The description with the facts table removed (the prose alone), or null if nothing is left. */
  readonly prose: string | null;
}

const ROW = /^\|\s*\*\*([^*|]+)\*\*\s*\|(.*)\|\s*$/;

/** Reads the `| **Provider** | … |` table LinkModel puts under each model description. */
export function parseModelFacts(description: string | null): ModelFacts {
  const facts = { provider: null as string | null, tasks: [] as string[], price: null as ModelPrice | null, pricingUrl: null as string | null };
  if (description === null) return { ...facts, prose: null };
  const lines = description.replace(/\r\n?/g, "\n").split("\n");
  const kept: string[] = [];
  let inTable = false;
  for (const line of lines) {
    const row = ROW.exec(line.trim());
    const isTableLine = /^\|.*\|$/.test(line.trim());
    if (row) {
      inTable = true;
      const key = row[1]!.trim().toLowerCase();
      const cell = row[2]!.trim();
      if (key === "provider") facts.provider = stripHtml(cell) || null;
      else if (key === "tasks") facts.tasks = stripHtml(cell).split(/\s*[·,]\s*/).filter((t) => t !== "");
      else if (key === "starting from") {
        const price = /([0-9]+(?:\.[0-9]+)?)\s*([A-Z]{3})\s*\/\s*([A-Za-z ]+?)\s*(?:·|$)/.exec(stripHtml(cell));
        if (price) facts.price = { amount: Number(price[1]), currency: price[2]!, unit: price[3]!.trim() };
        const link = /href="(https:\/\/[^"\s]+)"/.exec(cell);
        if (link) facts.pricingUrl = link[1]!;
      }
      continue;
    }
    // The header and separator rows of the facts table (`|   |   |`, `| --- | --- |`) go with it.
    if (isTableLine && /^\|[\s|:-]*\|$/.test(line.trim())) continue;
    if (inTable && line.trim() === "") continue;
    kept.push(line);
  }
  const prose = kept.join("\n").trim();
  return { ...facts, prose: prose === "" ? null : prose };
}

/** Text of a Markdown cell without HTML tags. */
function stripHtml(cell: string): string {
  return cell
    .replace(/<[^>]*>/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** The schedules LINKMODEL.md documents, used when a query spec does not state one. */
export const DEFAULT_SCHEDULES: Readonly<Record<string, PollSchedule>> = {
  video: {
    phases: [
      { fromMs: 0, intervalMs: null },
      { fromMs: 30_000, intervalMs: 5_000 },
      { fromMs: 120_000, intervalMs: 3_000 },
      { fromMs: 240_000, intervalMs: 8_000 },
      { fromMs: 480_000, intervalMs: 15_000 },
    ],
    deadlineMs: 900_000,
  },
  image: {
    phases: [
      { fromMs: 0, intervalMs: null },
      { fromMs: 10_000, intervalMs: 3_000 },
      { fromMs: 60_000, intervalMs: 6_000 },
      { fromMs: 180_000, intervalMs: 10_000 },
    ],
    deadlineMs: 900_000,
  },
};

/** A duration such as `30s`, `2 min`, `0` (unit from `fallbackUnit`), in milliseconds. */
function parseDuration(text: string, fallbackUnit: string | null): number | null {
  const match = /^([0-9]+(?:\.[0-9]+)?)\s*(s|sec|secs|seconds?|min|mins|minutes?|h|hours?)?$/.exec(text.trim());
  if (!match) return null;
  const unit = match[2] ?? fallbackUnit;
  if (unit === null || unit === undefined) return Number(match[1]) === 0 ? 0 : null;
  const scale = unit.startsWith("h") ? 3_600_000 : unit.startsWith("m") ? 60_000 : 1_000;
  return Math.round(Number(match[1]) * scale);
}

/** The unit word of a duration, if it has one. */
function unitOf(text: string): string | null {
  return /([a-z]+)\s*$/.exec(text.trim())?.[1] ?? null;
}

/**
 * Reads the "Recommended polling schedule" table of a query spec's description:
 * `| Medium | 30s – 2 min | every 5s |`, `| Timeout | > 15 min | stop, report error |`.
 * Returns null unless the table yields phases starting at 0 and a deadline.
 */
export function parseSchedule(description: string | null): PollSchedule | null {
  if (description === null) return null;
  const phases: PollPhase[] = [];
  let deadlineMs: number | null = null;
  for (const line of description.split("\n")) {
    const cells = line.trim().replace(/^\||\|$/g, "").split("|").map((c) => c.trim());
    if (cells.length < 3) continue;
    const elapsed = cells[1]!;
    const interval = cells[2]!.toLowerCase();
    const timeout = /^>\s*(.+)$/.exec(elapsed);
    if (timeout) {
      deadlineMs = parseDuration(timeout[1]!, null);
      continue;
    }
    const range = /^(.+?)\s*[–—-]\s*(.+)$/.exec(elapsed);
    if (!range) continue;
    const fromMs = parseDuration(range[1]!, unitOf(range[2]!));
    if (fromMs === null) continue;
    const every = /every\s+([0-9.]+\s*[a-z]*)/.exec(interval);
    const intervalMs = every ? parseDuration(every[1]!, "s") : /no requests|—/.test(interval) ? null : undefined;
    if (intervalMs === undefined) continue;
    phases.push({ fromMs, intervalMs });
  }
  phases.sort((a, b) => a.fromMs - b.fromMs);
  if (phases.length === 0 || phases[0]!.fromMs !== 0 || deadlineMs === null) return null;
  return { phases, deadlineMs };
}
