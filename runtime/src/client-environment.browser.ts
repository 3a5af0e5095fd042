/**
 * `client-environment.ts` in a browser build (the runtime's package.json `browser` field maps
 * one to the other): a page has no process environment to take a key or a base URL from; a
 * failed fetch in a page carries no code that proves the request never left (a CORS refusal
 * looks like any network error, and may come after the server got the request); and a page
 * creates tasks at a person's pace, so its timestamps need no cache (3 µs a create and 5 µs a
 * run, against a network round trip).
 */
import type * as everyBuild from "./client-environment.js";

export const keyFromEnvironment: typeof everyBuild.keyFromEnvironment = () => undefined;

export const baseUrlFromEnvironment: typeof everyBuild.baseUrlFromEnvironment = () => undefined;

export const neverSent: typeof everyBuild.neverSent = () => false;

export const isoTime: typeof everyBuild.isoTime = (ms) => new Date(ms).toISOString();

export const parseTime: typeof everyBuild.parseTime = Date.parse;
