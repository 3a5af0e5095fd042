/**
 * Vitest global setup: compile the generated packages into their dist/ once, before any test
 * file runs, so that tests which install, bundle or import them (test/packages) find them
 * built, and never compile the same package from two workers at once. A no-op when every
 * package is up to date.
 */
import { buildPackages } from "../packages/helpers.js";

export default function setup(): void {
  buildPackages();
}
