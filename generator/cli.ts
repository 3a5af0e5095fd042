/**
 * The command line: a thin layer on the programmatic API. The only module that prints or
 * decides an exit code (the codes: {@link EXIT}, with their meanings in {@link EXIT_MEANINGS},
 * which `--help` prints and README lists).
 */
import { readFileSync, watch } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { formatDiagnostic, type Diagnostic } from "./diagnostics.js";
import { readOrNull, writeWhole } from "./files.js";
import { generate } from "./generate.js";
import type { GenerateResult } from "./result.js";
import { toolRoot } from "./tool.js";
import { RecordError } from "./release.js";
import { keywordSummary } from "./validators/keywords.js";
import { OutputUnavailable } from "./write.js";

/** Where the command line writes. */
export interface CliIO {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
}

const defaultIO: CliIO = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  cwd: process.cwd(),
};

/** The generator's exit codes: the one table, which `--help` prints and README's "Command line" lists (test/generator/exit-codes.test.ts). */
export const EXIT = { ok: 0, specErrors: 1, internal: 2, breaking: 3 } as const;

/** What each exit code means, in the words of `--help` and README. */
export const EXIT_MEANINGS: Readonly<Record<keyof typeof EXIT, string>> = {
  ok: "ok",
  specErrors: "spec errors, drift with `--check`, an npm workspace that could not be kept in step, or a package that does not compile",
  internal: "internal failure (a bug, a usage error, an unreadable folder), or an output that cannot be written",
  breaking: "`changes` found a breaking change pending",
};

/** The exit codes as one line: `0 ok; 1 …; 2 …; 3 …`. */
export function exitCodesText(): string {
  return (Object.keys(EXIT) as (keyof typeof EXIT)[]).map((name) => `${EXIT[name]} ${EXIT_MEANINGS[name]}`).join("; ");
}

function printDiagnostics(io: CliIO, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) io.err(formatDiagnostic(d));
}

function summarize(result: GenerateResult, io: CliIO): void {
  const warnings = result.diagnostics.filter((d) => d.severity === "warning").length;
  if (result.mode === "check") {
    const drift = result.drift;
    // Spec errors stop the run before anything is rendered, so there is nothing to compare.
    if (drift === null) io.out("generated/ was not compared: fix the spec errors above first");
    else if (drift.changed.length + drift.missing.length + drift.orphaned.length + (drift.foreign?.length ?? 0) === 0) io.out("generated/ is up to date");
    else {
      for (const f of drift.changed) io.out(`changed   ${f}`);
      for (const f of drift.missing) io.out(`missing   ${f}`);
      for (const f of drift.orphaned) io.out(`orphaned  ${f}`);
      const foreign = drift.foreign ?? [];
      for (const f of foreign) io.out(`foreign   ${f}`);
      const counts = `${drift.changed.length} changed, ${drift.missing.length} missing, ${drift.orphaned.length} orphaned` + (foreign.length > 0 ? `, ${foreign.length} foreign` : "");
      const advice = drift.changed.length + drift.missing.length + drift.orphaned.length > 0 ? "run npm run generate" : "";
      const foreignAdvice = foreign.length > 0 ? "remove the foreign files by hand: the generator did not write them, so it never removes them" : "";
      io.out(`generated/ is out of date (${counts}): ${[advice, foreignAdvice].filter(Boolean).join("; ")}`);
    }
  }
  if (result.mode !== "check") {
    for (const f of result.foreign) io.out(`left alone: ${f} (the generator did not write it, so it never removes it; \`generate --check\` fails until it is gone)`);
  }
  if (result.mode === "check") {
    // summarized above
  } else if (result.diagnostics.some((d) => d.severity === "error") && result.written.length === 0 && result.removed.length === 0) {
    // Errors stopped the run (or every model failed under --keep-going): say so, not "wrote 0".
    io.out("errors: nothing was written; fix the spec errors above");
  } else if (result.upToDate) {
    io.out("nothing changed");
  } else {
    const generated = result.models.filter((m) => m.status === "generated").map((m) => m.id);
    const which = generated.length > 8 ? `${generated.length} models` : generated.join(", ");
    io.out(`wrote ${result.written.length} file(s), removed ${result.removed.length}` + (generated.length > 0 ? `; regenerated ${which}` : ""));
  }
  const workspace = result.workspace;
  if (workspace && workspace.changed.length > 0) io.out(`kept the npm workspace in step: ${workspace.changed.join(", ")}`);
  if (workspace && workspace.problems.length > 0) {
    for (const problem of workspace.problems) io.err(`workspace: ${problem}`);
    io.err(`the npm workspace at ${workspace.root} is not in step with the generated packages: ${workspace.fix}`);
  }
  if (warnings > 0) io.out(`${warnings} warning(s): run \`npm run lint\` to see them`);
}

/**
 * The common case, `generate` with no options but folders, skips yargs (about 50 ms to load):
 * a build step that runs the generator on every build should cost almost nothing when the
 * specs have not changed.
 */
async function quickGenerate(argv: readonly string[], io: CliIO): Promise<number | null> {
  const args = [...argv];
  if (args[0] === "generate") args.shift();
  const folders = { specs: "specs", out: "generated" };
  while (args.length > 0) {
    const flag = args.shift()!;
    const match = /^--(specs|out)(?:=(.*))?$/.exec(flag);
    if (!match) return null;
    const value = match[2] ?? args.shift();
    if (value === undefined || value.startsWith("-")) return null;
    folders[match[1] as "specs" | "out"] = value;
  }
  const startedMs = Date.now();
  const specsDir = resolve(io.cwd, folders.specs);
  const outDir = resolve(io.cwd, folders.out);
  const result = await generate({ specsDir, outDir });
  printDiagnostics(io, result.diagnostics.filter((d) => d.severity === "error"));
  summarize(result, io);
  // Run by generator/generate.sh (`npm run generate`, no arguments): everything is in step, so
  // leave it the stamp that lets the next run with nothing to do skip starting Node.
  const stamp = process.env["LINKMODEL_NOOP_STAMP"];
  if (stamp && argv.length <= 1 && result.ok && result.foreign.length === 0) {
    const { writeNoopStamp } = await import("./noop-stamp.js");
    writeNoopStamp(stamp, io.cwd, { root: toolRoot(), specsDir, outDir, workspaceRoot: result.workspace?.root ?? null, startedMs });
  }
  return result.ok ? EXIT.ok : EXIT.specErrors;
}

/**
 * Spec paths as the pipeline names them (relative to the specs folder, `/`-separated), from
 * any form a user types: `./specs/video/x.yaml`, an absolute path, or a path relative to the
 * current folder from inside specs/. Anything else (a model id, a package folder) is left as it is.
 */
export function specArguments(args: readonly string[], specsDir: string, cwd: string): string[] {
  return args.map((arg) => {
    if (!/\.ya?ml$/.test(arg)) return arg;
    const inside = relative(specsDir, resolve(cwd, arg));
    return inside.startsWith("..") || isAbsolute(inside) ? arg : inside.split(sep).join("/");
  });
}

/** Runs the command line; resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIO = defaultIO): Promise<number> {
  try {
    const quick = await quickGenerate(argv, io);
    if (quick !== null) return quick;
  } catch (error) {
    io.err(failureText(error));
    return EXIT.internal;
  }
  const { default: yargs } = await import("yargs");
  const { importPage } = await import("./import-page.js");
  const { parseSpec } = await import("./load.js");
  const { validateSpec } = await import("./validate.js");
  const { inspectCatalogue, lint } = await import("./pipeline.js");
  let exitCode: number = EXIT.ok;
  const dirs = (args: { specs: string; out: string }) => ({ specsDir: resolve(io.cwd, args.specs), outDir: resolve(io.cwd, args.out) });
  const parser = yargs([...argv])
    .scriptName("linkmodel-gen")
    .usage("$0 <command> [options]")
    .option("specs", { type: "string", default: "specs", describe: "folder of specs (<group>/<model>.yaml)" })
    .option("out", { type: "string", default: "generated", describe: "output folder" })
    .option("json", { type: "boolean", default: false, describe: "print machine-readable JSON on stdout" })
    .command(
      ["generate [filter..]", "$0"],
      "generate every package (or only the models named) from specs/",
      (y) =>
        y
          .positional("filter", { type: "string", array: true, describe: "model ids, package folders or spec paths" })
          .option("check", { type: "boolean", default: false, describe: "compare with the output folder; write nothing; exit 1 on drift" })
          .option("watch", { type: "boolean", default: false, describe: "regenerate when a spec changes" })
          .option("keep-going", { type: "boolean", default: false, describe: "generate the good specs even if some are bad (still exits 1)" })
          .option("force", { type: "boolean", default: false, describe: "ignore the manifest and render everything" }),
      async (args) => {
        const options = { ...dirs(args), filter: specArguments(args.filter ?? [], dirs(args).specsDir, io.cwd), check: args.check, keepGoing: args.keepGoing, force: args.force };
        if (args.watch) {
          exitCode = await watchSpecs(options, io);
          return;
        }
        const result = await generate(options);
        if (args.json) io.out(JSON.stringify(result, null, 2));
        else {
          printDiagnostics(io, result.diagnostics.filter((d) => d.severity === "error"));
          summarize(result, io);
        }
        exitCode = result.ok ? EXIT.ok : EXIT.specErrors;
      },
    )
    .command(
      "build",
      "generate (incrementally), then compile every package into its dist/; a package whose inputs did not change is not compiled",
      (y) => y.option("force", { type: "boolean", default: false, describe: "regenerate and recompile everything" }),
      async (args) => {
        const generated = await generate({ ...dirs(args), force: args.force });
        if (!args.json) {
          printDiagnostics(io, generated.diagnostics.filter((d) => d.severity === "error"));
          summarize(generated, io);
        }
        if (!generated.ok) {
          if (args.json) io.out(JSON.stringify({ generate: generated, compile: null }, null, 2));
          exitCode = EXIT.specErrors;
          return;
        }
        const { compilePackages } = await import("./compile.js");
        const compiled = compilePackages(dirs(args).outDir, { force: args.force });
        if (args.json) io.out(JSON.stringify({ generate: generated, compile: compiled }, null, 2));
        else {
          for (const error of compiled.errors) io.err(error);
          if (compiled.compiled.length === 0 && compiled.failed.length === 0) io.out(`${compiled.upToDate.length} package(s) up to date: nothing to compile`);
          else io.out(`compiled ${compiled.compiled.length} package(s)` + (compiled.failed.length > 0 ? `; ${compiled.failed.length} failed: ${compiled.failed.join(", ")}` : "") + `; ${compiled.upToDate.length} up to date`);
        }
        exitCode = compiled.ok ? EXIT.ok : EXIT.specErrors;
      },
    )
    .command(
      "changes [before] [after]",
      "what is pending release in each package, against the release record, with its semver level; or the changes between two spec files. Exit 3 when a change is breaking",
      (y) =>
        y
          .positional("before", { type: "string", describe: "a spec file as it was (with its group's _query.yaml beside it)" })
          .positional("after", { type: "string", describe: "the spec file as it is now" }),
      async (args) => {
        const { compareSpecFiles, pendingChanges } = await import("./releasing.js");
        if (args.before !== undefined || args.after !== undefined) {
          if (args.before === undefined || args.after === undefined) throw new Error("changes takes two spec files, or none");
          const compared = compareSpecFiles(resolve(io.cwd, args.before), resolve(io.cwd, args.after));
          if (args.json) io.out(JSON.stringify(compared, null, 2));
          else {
            printDiagnostics(io, compared.diagnostics.filter((d) => d.severity === "error"));
            if (compared.ok) io.out(compared.changes.length === 0 ? "no change to the contract" : [`${compared.level}:`, ...compared.changes.map((c) => `  ${c.level}: ${c.text}`)].join("\n"));
          }
          exitCode = !compared.ok ? EXIT.specErrors : compared.level === "major" ? EXIT.breaking : EXIT.ok;
          return;
        }
        const report = await pendingChanges(dirs(args));
        if (args.json) io.out(JSON.stringify(report, null, 2));
        else {
          printDiagnostics(io, report.diagnostics.filter((d) => d.severity === "error"));
          if (report.ok && report.packages.length === 0) io.out("nothing pending: every package is as released");
          for (const pkg of report.packages) {
            io.out(`${pkg.name} ${pkg.released ?? "(never released)"} → ${pkg.version} (${pkg.level === "first" ? "first release" : pkg.level})`);
            for (const change of pkg.changes) io.out(`  ${change.level}: ${change.text}`);
            if (pkg.level === "patch" && pkg.changes.length === 0) io.out("  patch: files changed (documentation, code or a dependency's range); the contract did not");
          }
          if (report.breaking) io.out("breaking changes are pending: the packages marked major will get a new major version");
        }
        exitCode = !report.ok ? EXIT.specErrors : report.breaking ? EXIT.breaking : EXIT.ok;
      },
    )
    .command(
      "release",
      "record every package with pending changes as released (versions, contracts, changelog sections) in the release record, then regenerate",
      (y) => y.option("date", { type: "string", describe: "the release date, YYYY-MM-DD (default: today, UTC)" }),
      async (args) => {
        const { release } = await import("./releasing.js");
        const date = args.date ?? new Date().toISOString().slice(0, 10);
        const result = await release({ ...dirs(args), date });
        if (args.json) io.out(JSON.stringify(result, null, 2));
        else {
          printDiagnostics(io, result.diagnostics.filter((d) => d.severity === "error"));
          if (result.ok && result.released.length === 0) io.out("nothing to release: every package is as released");
          for (const pkg of result.released) io.out(`released ${pkg.name} ${pkg.version} (${pkg.level === "first" ? "first release" : pkg.level})`);
          if (result.record) io.out(`recorded in ${relative(io.cwd, result.record) || result.record}; commit it with generated/`);
        }
        exitCode = result.ok ? EXIT.ok : EXIT.specErrors;
      },
    )
    .command(
      "publish",
      "build, then publish every package not yet on the registry: runtime, models, catalogue and testing, cli; refuses unreleased or stale packages",
      (y) =>
        y
          .option("registry", { type: "string", describe: "the registry to publish to (default: npm's configured one)" })
          .option("dry-run", { type: "boolean", default: false, describe: "do everything but upload (npm publish --dry-run)" }),
      async (args) => {
        const { publish } = await import("./releasing.js");
        const result = await publish({
          ...dirs(args),
          ...(args.registry === undefined ? {} : { registry: args.registry }),
          dryRun: args.dryRun,
          onPackage: (pkg) => {
            if (!args.json) io.out(`${pkg.status === "skipped" ? "already on the registry" : args.dryRun ? "would publish" : "published"} ${pkg.name}@${pkg.version}`);
          },
        });
        if (args.json) io.out(JSON.stringify(result, null, 2));
        else if (result.problem) io.err(`error: ${result.problem}`);
        exitCode = result.ok ? EXIT.ok : EXIT.specErrors;
      },
    )
    .command(
      "lint [files..]",
      "validate specs only, with warnings worth a person's attention",
      (y) =>
        y
          .positional("files", { type: "string", array: true })
          .epilogue(["Schema keywords the generated validators enforce (any other keyword is error LM207):", ...keywordSummary().map((line) => `  ${line}`)].join("\n")),
      (args) => {
        const { diagnostics, files } = lint(dirs(args).specsDir, specArguments(args.files ?? [], dirs(args).specsDir, io.cwd));
        if (args.json) io.out(JSON.stringify({ files, diagnostics }, null, 2));
        else {
          printDiagnostics(io, diagnostics);
          const errors = diagnostics.filter((d) => d.severity === "error").length;
          io.out(`${files.length} spec(s): ${errors} error(s), ${diagnostics.length - errors} warning(s)`);
        }
        exitCode = diagnostics.some((d) => d.severity === "error") ? EXIT.specErrors : EXIT.ok;
      },
    )
    .command(
      "import <pages..>",
      "write the spec embedded in LinkModel reference pages to the path each page names",
      (y) =>
        y
          .positional("pages", { type: "string", array: true, demandOption: true })
          .option("source", { type: "string", describe: "the page's URL for the `# Source:` line (default: derived from provider and model id)" })
          .option("force", { type: "boolean", default: false, describe: "overwrite a spec that differs" }),
      (args) => {
        const { specsDir } = dirs(args);
        const results: { page: string; target: string | null; status: string }[] = [];
        for (const page of args.pages ?? []) {
          const pagePath = resolve(io.cwd, page);
          const imported = importPage(readFileSync(pagePath, "utf8"), page, args.source);
          if (!imported.ok) {
            printDiagnostics(io, imported.diagnostics);
            results.push({ page, target: null, status: "error" });
            exitCode = EXIT.specErrors;
            continue;
          }
          const parsed = parseSpec(imported.target, Buffer.from(imported.content));
          const problems = parsed.ok ? validateSpec(parsed.spec).diagnostics.filter((d) => d.severity === "error") : parsed.diagnostics;
          if (problems.length > 0) {
            printDiagnostics(io, problems);
            results.push({ page, target: imported.target, status: "invalid" });
            exitCode = EXIT.specErrors;
            continue;
          }
          const target = join(specsDir, imported.target);
          // Where the file really is (--specs may point anywhere): relative when under the current folder.
          const fromCwd = relative(io.cwd, target);
          const shown = fromCwd.startsWith("..") || isAbsolute(fromCwd) ? target : fromCwd.split(sep).join("/");
          const existing = readOrNull(specsDir, imported.target)?.toString("utf8") ?? null;
          let status = "written";
          if (existing === imported.content) status = "unchanged";
          else if (existing !== null && !args.force) {
            io.err(`${shown} exists and differs; pass --force to overwrite it`);
            status = "exists";
            exitCode = EXIT.specErrors;
          } else writeWhole(target, imported.content);
          results.push({ page, target: imported.target, status });
          if (!args.json) io.out(`${status.padEnd(9)} ${shown} (from ${page})`);
        }
        if (args.json) io.out(JSON.stringify(results, null, 2));
      },
    )
    .command(
      "list",
      "the catalogue as a table",
      () => undefined,
      (args) => {
        const { models, diagnostics } = inspectCatalogue(dirs(args).specsDir);
        const rows = models.map((m) => ({
          id: m.id,
          group: m.group,
          provider: m.provider,
          tasks: m.tasks,
          price: m.price,
          package: m.packageName,
          spec: m.specFile,
        }));
        if (args.json) io.out(JSON.stringify(rows, null, 2));
        else {
          const table = [
            ["MODEL", "GROUP", "PROVIDER", "TASKS", "PRICE", "PACKAGE"],
            ...rows.map((r) => [
              r.id,
              r.group,
              r.provider ?? "-",
              r.tasks.join(", ") || "-",
              r.price ? `${r.price.amount} ${r.price.currency}/${r.price.unit}` : "-",
              r.package,
            ]),
          ];
          const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
          for (const row of table) io.out(row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd());
        }
        if (diagnostics.some((d) => d.severity === "error")) {
          io.err("some specs have errors and are not listed: run `npm run lint`");
          exitCode = EXIT.specErrors;
        }
      },
    )
    .epilogue(`Exit codes: ${exitCodesText()}.\nThe schema keywords the validators enforce: lint --help.`)
    .strict()
    .help()
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    });
  try {
    await parser.parseAsync();
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\nRun with --help for usage.`);
      return EXIT.internal;
    }
    io.err(failureText(error));
    return EXIT.internal;
  }
  return exitCode;
}

class UsageError extends Error {}

/** A failure as the user reads it: a read-only output is their setting to change; anything else is ours. */
function failureText(error: unknown): string {
  if (error instanceof OutputUnavailable || error instanceof RecordError || error instanceof RangeError) return `error: ${error.message}`;
  return `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}

/** `generate --watch`: regenerate on every save; a broken save reports and keeps the last good output. */
async function watchSpecs(options: Parameters<typeof generate>[0], io: CliIO): Promise<number> {
  const runOnce = async (): Promise<void> => {
    try {
      const result = await generate(options);
      printDiagnostics(io, result.diagnostics.filter((d) => d.severity === "error"));
      if (!result.ok) io.out("errors: kept the last good output; fix the spec and save again");
      else summarize(result, io);
    } catch (error) {
      io.err(failureText(error));
    }
  };
  await runOnce();
  // Load openapi-typescript now, so the first save is not slowed by it.
  void import("openapi-typescript").catch(() => undefined);
  io.out(`watching ${options.specsDir} (Ctrl-C to stop)`);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const watcher = watch(options.specsDir, { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(runOnce);
    }, 50);
  });
  await new Promise<void>((resolveStop) => {
    const stop = (): void => {
      watcher.close();
      clearTimeout(timer);
      resolveStop();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await running;
  return EXIT.ok;
}
