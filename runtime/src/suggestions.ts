/**
 * The did-you-mean that typo protection adds to an issue, by build: every build suggests the
 * closest declared key or allowed value (`did-you-mean.ts`), except a browser's, which maps this
 * module to `suggestions.browser.ts` (the runtime's package.json `browser` field).
 */
export { closestMatch as suggestionFor } from "./did-you-mean.js";
