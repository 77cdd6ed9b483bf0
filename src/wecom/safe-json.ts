/**
 * JSON parsing that never loses digits of a platform id (architecture convention 14).
 *
 * WeCom ids are mostly strings already, but some answers carry 64-bit integers (`msgid`,
 * archive `seq`, `response_code` in some APIs). `JSON.parse` would round them to the
 * nearest double; here every integer literal beyond Number.MAX_SAFE_INTEGER becomes the
 * string of its digits instead. Node 20 has no `JSON.parse` reviver `context.source`,
 * hence the token pre-pass.
 */

// One alternation so that a string literal is consumed whole and digits inside it are
// never mistaken for a number; a number token is consumed whole (sign, fraction, exponent).
const TOKEN_RE = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
const INTEGER_RE = /^-?\d+$/;
// Fewer than 16 digits is always a safe integer, so most bodies skip the pre-pass.
const LONG_DIGITS_RE = /\d{16}/;

/** Whether `literal` is an integer literal that a double cannot hold exactly. */
function isUnsafeInteger(literal: string): boolean {
  return INTEGER_RE.test(literal) && !Number.isSafeInteger(Number(literal));
}

/**
 * Quotes every unsafe integer literal of a JSON text, leaving strings and other numbers
 * untouched. Assumes valid JSON; invalid input still fails in `JSON.parse` afterwards.
 */
export function quoteUnsafeIntegers(text: string): string {
  if (!LONG_DIGITS_RE.test(text)) return text;
  return text.replace(TOKEN_RE, (token) => (token.startsWith('"') || !isUnsafeInteger(token) ? token : `"${token}"`));
}

/**
 * `JSON.parse` for WeCom answers: integers beyond Number.MAX_SAFE_INTEGER come back as
 * strings of their exact digits.
 *
 * @param text - the response body
 * @returns the parsed value
 * @throws SyntaxError when `text` is not JSON
 */
export function parseWecomJson(text: string): unknown {
  return JSON.parse(quoteUnsafeIntegers(text));
}
