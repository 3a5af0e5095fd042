/**
 * The prose parsers of generator/spec-text.ts, given/want: the polling-schedule table of a query
 * spec (`parseSchedule`), and the facts table under a model description (`parseModelFacts`).
 */
import { describe, expect, test } from "vitest";
import { parseModelFacts, parseSchedule } from "../../generator/spec-text.js";

/** A schedule table as LinkModel writes it (blank lines between rows, as in specs/). */
const table = (...rows: string[]): string =>
  ["Use this schedule:", "", "| Phase | Elapsed | Interval |", "", "| --- | --- | --- |", "", ...rows.flatMap((row) => [row, ""]), "Stop polling when done."].join("\n");

describe("parseSchedule", () => {
  test.each<[string, string | null, ReturnType<typeof parseSchedule>]>([
    [
      "the video table of specs/video/_query.yaml",
      table("| Initial wait | 0 – 30s | — (no requests) |", "| Medium | 30s – 2 min | every 5s |", "| Dense | 2 – 4 min | every 3s (peak) |", "| Slow | 4 – 8 min | every 8s |", "| Idle | 8 – 15 min | every 15s |", "| Timeout | > 15 min | stop, report error |"),
      {
        phases: [
          { fromMs: 0, intervalMs: null },
          { fromMs: 30_000, intervalMs: 5_000 },
          { fromMs: 120_000, intervalMs: 3_000 },
          { fromMs: 240_000, intervalMs: 8_000 },
          { fromMs: 480_000, intervalMs: 15_000 },
        ],
        deadlineMs: 900_000,
      },
    ],
    [
      "a start without a unit takes the unit of the range's end (`2 – 4 min` starts at 2 min)",
      table("| Wait | 0 – 1 min | no requests |", "| Poll | 1 – 3 min | every 6s |", "| Timeout | > 3 min | stop |"),
      { phases: [{ fromMs: 0, intervalMs: null }, { fromMs: 60_000, intervalMs: 6_000 }], deadlineMs: 180_000 },
    ],
    [
      "hyphens and em dashes as the range's dash; seconds, minutes and hours; decimals; an interval without a unit is seconds",
      table("| Wait | 0 - 10 sec | — |", "| Poll | 10 seconds — 1.5 h | every 2 |", "| Timeout | > 2 hours | stop |"),
      { phases: [{ fromMs: 0, intervalMs: null }, { fromMs: 10_000, intervalMs: 2_000 }], deadlineMs: 7_200_000 },
    ],
    [
      "rows out of order are sorted by their start",
      table("| Poll | 30s – 2 min | every 5s |", "| Timeout | > 2 min | stop |", "| Wait | 0 – 30s | — |"),
      { phases: [{ fromMs: 0, intervalMs: null }, { fromMs: 30_000, intervalMs: 5_000 }], deadlineMs: 120_000 },
    ],
    ["no table", "Poll every few seconds until done.", null],
    ["no description", null, null],
    ["no timeout row: no deadline, so no schedule", table("| Wait | 0 – 30s | — |", "| Poll | 30s – 2 min | every 5s |"), null],
    ["no phase from 0", table("| Poll | 30s – 2 min | every 5s |", "| Timeout | > 2 min | stop |"), null],
    ["an interval it cannot read leaves its row out", table("| Wait | 0 – 30s | — |", "| Poll | 30s – 2 min | now and then |", "| Timeout | > 2 min | stop |"), { phases: [{ fromMs: 0, intervalMs: null }], deadlineMs: 120_000 }],
  ])("%s", (_name, description, want) => {
    expect(parseSchedule(description)).toEqual(want);
  });
});

describe("parseModelFacts", () => {
  const description = [
    "A video model.",
    "",
    "|   |   |",
    "| --- | --- |",
    '| **Provider** | <a href="https://x.example">Alibaba</a> |',
    "| **Tasks** | text-to-video · image-to-video |",
    '| **Starting from** | 0.0610 USD / second · <a href="https://linkmodel.ai/pricing">pricing</a> |',
    "",
    "More prose.",
  ].join("\n");

  test.each<[string, string | null, ReturnType<typeof parseModelFacts>]>([
    [
      "provider, tasks and price from the table; the prose without it",
      description,
      {
        provider: "Alibaba",
        tasks: ["text-to-video", "image-to-video"],
        price: { amount: 0.061, currency: "USD", unit: "second" },
        pricingUrl: "https://linkmodel.ai/pricing",
        prose: "A video model.\n\nMore prose.",
      },
    ],
    ["prose alone", "Just a model.", { provider: null, tasks: [], price: null, pricingUrl: null, prose: "Just a model." }],
    ["no description", null, { provider: null, tasks: [], price: null, pricingUrl: null, prose: null }],
    [
      "a pricing link that is not https is not kept",
      "| **Starting from** | 1 USD / image · <a href=\"http://x.example\">p</a> |",
      { provider: null, tasks: [], price: { amount: 1, currency: "USD", unit: "image" }, pricingUrl: null, prose: null },
    ],
  ])("%s", (_name, text, want) => {
    expect(parseModelFacts(text)).toEqual(want);
  });
});
