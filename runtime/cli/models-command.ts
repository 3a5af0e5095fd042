/** `linkmodel-sdk models`: the catalogue as a table, or the `--json` document. */
import { EXIT } from "./exit-codes.js";
import type { Run } from "./run.js";
import type { CliCatalogue } from "./types.js";

export function modelsCommand(models: CliCatalogue, run: Run): number {
  const { io } = run;
  const list = Object.entries(models).map(([id, m]) => ({
    id,
    group: m.binding.info.group,
    title: m.binding.info.title,
    provider: m.binding.info.provider,
    tasks: m.binding.info.tasks,
    price: m.binding.info.price,
  }));
  if (run.json) {
    io.stdout.write(`${JSON.stringify({ models: list })}\n`);
    return EXIT.ok;
  }
  const rows = [["MODEL", "GROUP", "PROVIDER", "TASKS", "PRICE"], ...list.map((m) => [m.id, m.group, m.provider ?? "", m.tasks.join(", "), m.price ? `${m.price.amount} ${m.price.currency} / ${m.price.unit}` : ""])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) io.stdout.write(`${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join("  ")}\n`);
  return EXIT.ok;
}
