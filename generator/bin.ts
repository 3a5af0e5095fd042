#!/usr/bin/env node
/** Entry point of `linkmodel-gen`: runs the command line and sets the exit code. */
import { runCli } from "./cli.js";

// `linkmodel-gen list | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});

process.exitCode = await runCli(process.argv.slice(2));
