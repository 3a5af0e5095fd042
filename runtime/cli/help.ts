/**
 * `--help`: the top-level help and each command's, as data (the `--help --json` document) and
 * as text wrapped to the terminal. Every help ends with the exit codes (`EXIT_CODES`).
 */
import type { ModelInfo } from "@linkmodel-sdk/runtime";
import { EXIT_CODES } from "./exit-codes.js";
import { BIN } from "./names.js";
import type { OptionTable } from "./options.js";
import type { CliCatalogue, CliFlag, CliModel } from "./types.js";

/** A command's help, as data: printed as text, or as the `--help --json` document. */
export interface Help {
  readonly usage: string;
  readonly about: string;
  readonly model?: { readonly id: string; readonly group: string; readonly title: string; readonly spec: string | null };
  /** The request body's flags: each field of the spec (as `CliFlag` describes it) with its flag. */
  readonly body?: readonly ({ readonly flag: string } & CliFlag)[];
  readonly options: readonly { readonly flag: string; readonly type: "string" | "boolean"; readonly description: string; readonly default?: true }[];
  readonly exitCodes: typeof EXIT_CODES;
}

const EXIT_TEXT = `Exit codes:\n${EXIT_CODES.map((e) => `  ${String(e.code).padEnd(5)}${e.meaning}`).join("\n")}`;

function helpOf(usage: string, about: string, options: OptionTable): Pick<Help, "usage" | "about" | "body" | "options" | "exitCodes"> {
  const rows = [...options].map(([name, spec]) => ({ flag: `--${name}`, ...spec }));
  return {
    usage,
    about,
    body: rows.flatMap(({ flag, field }) => (field ? [{ flag, ...field }] : [])),
    options: rows.flatMap(({ flag, kind, about, field, ...rest }) => (field ? [] : [{ flag, type: kind === "boolean" ? ("boolean" as const) : ("string" as const), description: about, ...rest }])),
    exitCodes: EXIT_CODES,
  };
}

/** The help of a model command: its body flags from the spec, then the options. */
export function modelHelp(id: string, model: CliModel, options: OptionTable): Help {
  const m = model.binding.info;
  const about = { id, group: m.group, title: m.title, spec: model.spec === undefined ? null : `specs/${model.spec}` };
  return { ...helpOf(`${BIN} ${id} [flags]`, modelSummary(m, model.spec), options), model: about };
}

/** The help of `wait`. */
export function waitHelp(options: OptionTable): Help {
  const { body: _none, ...help } = helpOf(`${BIN} wait <task-id | handle-json> [options]`, "Resume waiting for a task (created with --no-wait, or stopped by Ctrl-C or a signal).", options);
  return help;
}

/** A body flag's facts in `--help`: `[integer] [one of: 5, 10] [default: 5] [required]`. */
function bodyTags(f: CliFlag): string[] {
  const tags = [`[${f.type}]`];
  if (f.array) tags.push("[repeatable]");
  if (f.enum) tags.push(`[one of: ${f.enum.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ")}]`);
  if ("default" in f) tags.push(`[default: ${JSON.stringify(f.default)}]`);
  if (f.bounds) tags.push(`[${f.bounds}]`);
  if (f.required) tags.push("[required]");
  return tags;
}

/** `text` in lines of at most `width` characters (a longer word keeps its own line). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== "" && line.length + 1 + word.length > width) lines.push(line), (line = "");
    line = line === "" ? word : `${line} ${word}`;
  }
  return line === "" ? lines : [...lines, line];
}

/** A command's help as text: usage, what it does, its flags by group (each flag, then its text wrapped beside it), the exit codes. */
export function helpText(help: Help, columns: number | undefined): string {
  const width = Math.min(120, columns ?? 100);
  const label = (flag: string): string => (flag === "--help" ? "-h, --help" : flag);
  const groups = [
    ...(help.body ? [{ title: "Request body (one flag per field of the spec):", rows: help.body.map((f) => ({ flag: f.flag, text: [f.description ?? "", ...bodyTags(f)] })) }] : []),
    { title: "Options:", rows: help.options.map((o) => ({ flag: o.flag, text: [o.description, `[${o.type}]`, ...(o.default ? ["[default: true]"] : [])] })) },
  ];
  const longest = Math.max(...groups.flatMap((g) => g.rows.map((r) => label(r.flag).length)));
  // The text column: beside the flags, but no further right than a third of the width.
  const column = Math.min(longest, Math.floor(width / 3)) + 4;
  const pad = " ".repeat(column);
  const blocks = groups.map(({ title, rows }) => {
    const lines = rows.map(({ flag, text }) => {
      const head = `  ${label(flag)}`;
      const body = wrap(text.filter(Boolean).join(" "), Math.max(20, width - column));
      // A flag too long for the column gets its text on the lines below.
      const first = head.length + 2 <= column ? `${head.padEnd(column)}${body.shift() ?? ""}` : head;
      return [first.trimEnd(), ...body.map((l) => pad + l)].join("\n");
    });
    return `${title}\n${lines.join("\n")}`;
  });
  return `${help.usage}\n\n${wrap(help.about, width).join("\n")}\n\n${blocks.join("\n\n")}\n\n${EXIT_TEXT}\n`;
}

function modelSummary(m: ModelInfo, spec: string | undefined): string {
  const price = m.price ? `, ${m.price.amount} ${m.price.currency} / ${m.price.unit}` : "";
  const tasks = m.tasks.length ? ` (${m.tasks.join(", ")})` : "";
  return (
    `Create a ${m.title} ${m.group} task${tasks}, wait for it on the documented schedule and print the result URLs. ` +
    `Provider ${m.provider ?? "unknown"}${price}. Flags from ${spec ? `specs/${spec}` : "its spec"}; every value is checked before anything is sent.`
  );
}

/** The commands of the command line, as `--help` lists them. */
const COMMANDS: readonly { readonly usage: string; readonly about: string }[] = [
  { usage: `${BIN} <model> --prompt "…" [flags]`, about: "create a task, wait for it, print the result URLs" },
  { usage: `${BIN} <model> --help`, about: "every flag of a model, from its spec" },
  { usage: `${BIN} wait <task-id | handle-json>`, about: "resume waiting for a task" },
  { usage: `${BIN} models`, about: "list the models" },
  { usage: `${BIN} doctor`, about: "check the API key and the base URL (no paid call)" },
];

const ENVIRONMENT = "The API key is read from LINKMODEL_API_KEY; the base URL from --base-url or LINKMODEL_BASE_URL.";

/** The top-level help as text. */
export function topHelp(models: CliCatalogue): string {
  const rows = Object.entries(models).map(([id, m]) => `  ${id.padEnd(28)} ${m.binding.info.group.padEnd(6)} ${m.binding.info.tasks.join(", ")}`.trimEnd());
  return `Usage:
${COMMANDS.map((c) => `  ${c.usage.padEnd(36)} ${c.about}`).join("\n")}

Models:
${rows.join("\n")}

${ENVIRONMENT}

${EXIT_TEXT}
`;
}

/** The top-level help as the `--help --json` document. */
export function topHelpDocument(models: CliCatalogue): Record<string, unknown> {
  const list = Object.entries(models).map(([id, m]) => ({ id, group: m.binding.info.group, tasks: m.binding.info.tasks }));
  return { usage: COMMANDS, models: list, environment: ENVIRONMENT, exitCodes: EXIT_CODES };
}
