#!/usr/bin/env node
/** Entry point of `linkmodel-gen`: runs the command line and sets the exit code. */
import { runCli } from "./cli.js";

process.exitCode = await runCli(process.argv.slice(2));
