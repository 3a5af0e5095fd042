/**
 * `suggestions.ts` in a browser build: no did-you-mean. Typo protection still refuses an
 * undeclared key or a value outside an enum before anything is sent, and the message still says
 * what is allowed (an enum's values; an object's declared fields); what a page goes without is
 * the guess, whose edit distance is the largest single piece of a model package's browser bundle
 * that a page can spare (about 230 B of 7.8 kB min+gzip: bench/README.md). A front end that
 * builds bodies in TypeScript gets the same guess from the compiler ("Did you mean 'duration'?").
 */
import type * as everyBuild from "./suggestions.js";

export const suggestionFor: typeof everyBuild.suggestionFor = () => undefined;
