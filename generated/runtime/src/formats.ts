/**
 * `format` checks: ajv-formats "full" mode, the same verdict on every string. The larger
 * expressions are built in functions marked pure, so that a bundle drops those its validators
 * do not use.
 *
 * Takes a string (a number for `int32`); returns whether it has the format. Nothing here throws
 * or backtracks without bound on hostile input (test/validators/hostile.test.ts).
 */

/**
 * `format: url`: http, https or ftp; a public IPv4 address (no 10/8, 127/8, 169.254/16,
 * 192.168/16, 172.16/12; last octet 1-254) or a dotted name ending in a 2+ letter label;
 * optional 2-5 digit port; a path only after `/` (no bare `?query` or `#fragment`).
 * One literal (a regular expression built from strings costs a bundle its doubled escapes and
 * the code that joins them), read in parts: scheme, user info, the three excluded IPv4 ranges,
 * a public IPv4 address, or labels (`[a-z0-9\u00a1-\uffff]+(?:-…)*`) and a top-level label,
 * then port and path.
 */
const URL_RE =
  /^(?:https?|ftp):\/\/(?:\S+@)?(?:(?!(?:10|127)(?:\.\d{1,3}){3})(?!(?:169\.254|192\.168)(?:\.\d{1,3}){2})(?!172\.(?:1[6-9]|2\d|3[01])(?:\.\d{1,3}){2})(?:22[0-3]|2[01]\d|1\d\d|[1-9]\d?)(?:\.(?:25[0-5]|2[0-4]\d|1?\d\d?)){2}\.(?:25[0-4]|2[0-4]\d|1\d\d|[1-9]\d?)|(?:[a-z0-9\u00a1-\uffff]+(?:-[a-z0-9\u00a1-\uffff]+)*\.)+[a-z\u00a1-\uffff]{2,})(?::\d{2,5})?(?:\/\S*)?$/iu;
/**
 * The everyday URL (ASCII name, no user info): every match is also a match of `URL_RE` (one
 * of its parses), found in half the time because nothing here backtracks over `\S+@` or
 * Unicode classes. Anything else goes to `URL_RE`, which decides.
 */
const PLAIN_URL_RE = /^(?:https?|ftp):\/\/(?:[a-z0-9]+(?:-[a-z0-9]+)*\.)+[a-z]{2,}(?::\d{2,5})?(?:\/[!-~]*)?$/i;

/**
 * `format: uri` (RFC 3986 absolute URI). An IP literal is matched loosely here and its IPv6
 * address checked by `isIpv6Literal`: brackets can appear nowhere else, so the split is exact.
 */
const URI_RE = /* @__PURE__ */ (() => {
  const SUB = "a-z0-9\\-._~!$&'()*+,;=";
  const PCT = "|%[0-9a-f]{2}";
  const PCHAR = `(?:[${SUB}:@]${PCT})`;
  return new RegExp(
    `^[a-z][a-z0-9+\\-.]*:(?:/?/(?:(?:[${SUB}:]${PCT})*@)?(?:\\[(?:v[0-9a-f]+\\.[${SUB}:]+|([0-9a-f:.]+))\\]|(?:[${SUB}]${PCT})*)(?::\\d*)?(?:/${PCHAR}*)*` +
      `|/(?:${PCHAR}+(?:/${PCHAR}*)*)?|${PCHAR}+(?:/${PCHAR}*)*)(?:\\?(?:[${SUB}:@/?]${PCT})*)?(?:#(?:[${SUB}:@/?]${PCT})*)?$`,
    "i",
  );
})();
const H16 = /^[0-9a-f]{1,4}$/i;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|[01]?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d?\d)$/;

/** RFC 3986 IPv6address: 8 groups, or fewer around one `::`; an IPv4 tail counts as two. */
function isIpv6Literal(text: string): boolean {
  const halves = text.split("::");
  if (halves.length > 2) return false;
  let groups = 0;
  for (let h = 0; h < halves.length; h++) {
    if (halves[h] === "") continue;
    const parts = (halves[h] as string).split(":");
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      if (h === halves.length - 1 && i === parts.length - 1 && IPV4.test(part)) groups += 2;
      else if (H16.test(part)) groups++;
      else return false;
    }
  }
  return halves.length === 2 ? groups <= 7 : groups === 8;
}

const UUID_RE = /^(?:urn:uuid:)?[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i;
const EMAIL_RE = /* @__PURE__ */ (() => {
  const ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+";
  const LABEL = "[a-z0-9]+(?:-+[a-z0-9]+)*";
  return new RegExp(`^${ATOM}(?:\\.${ATOM})*@(?:${LABEL}\\.)+${LABEL}$`, "i");
})();
const DATE_RE = /^(\d{4})-(\d\d)-(\d\d)$/;
const TIME_RE = /^(\d\d):(\d\d):(\d\d(?:\.\d+)?)(?:z|([+-])(\d\d)(?::?(\d\d))?)$/i;

/** `format: url` (ajv-formats `url`). */
export function isUrl(text: string): boolean {
  return PLAIN_URL_RE.test(text) || URL_RE.test(text);
}

/** `format: uri` (ajv-formats full `uri`). */
export function isUri(text: string): boolean {
  const match = URI_RE.exec(text);
  return match !== null && (match[1] === undefined || isIpv6Literal(match[1]));
}

/** `format: uuid`, with an optional `urn:uuid:` prefix. */
export function isUuid(text: string): boolean {
  return UUID_RE.test(text);
}

/** `format: email`. */
export function isEmail(text: string): boolean {
  return EMAIL_RE.test(text);
}

/** `format: date` (RFC 3339 full-date, leap years included). */
export function isDate(text: string): boolean {
  const match = DATE_RE.exec(text);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return month >= 1 && month <= 12 && day >= 1 && day <= days;
}

/** `format: time` (RFC 3339 full-time: offset required; a leap second only at 23:59 UTC). */
export function isTime(text: string): boolean {
  const match = TIME_RE.exec(text);
  if (match === null) return false;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  const second = Number(match[3]);
  const sign = match[4] === "-" ? -1 : 1;
  const offsetHour = Number(match[5] ?? 0);
  const offsetMinute = Number(match[6] ?? 0);
  if (offsetHour > 23 || offsetMinute > 59) return false;
  if (hour <= 23 && minute <= 59 && second < 60) return true;
  const utcMinute = minute - offsetMinute * sign;
  const utcHour = hour - offsetHour * sign - (utcMinute < 0 ? 1 : 0);
  return (utcHour === 23 || utcHour === -1) && (utcMinute === 59 || utcMinute === -1) && second < 61;
}

/** `format: date-time`: a date and a time separated by `T`, `t` or one whitespace character. */
export function isDateTime(text: string): boolean {
  const parts = text.split(/t|\s/i);
  return parts.length === 2 && isDate(parts[0] as string) && isTime(parts[1] as string);
}

/** `format: int32` on numbers. */
export function isInt32(value: number): boolean {
  return Number.isInteger(value) && value >= -2147483648 && value <= 2147483647;
}
