/**
 * A JSON object's text with only its top-level `model` replaced: the gateway forwards an upstream's answer
 * this way instead of serialising the parsed answer again, and sends a client's request upstream this way
 * instead of serialising the parsed request. The text must be one `JSON.parse` accepted; this finds where
 * the top-level `model` value is without building anything.
 *
 * Conservative: `undefined` (the caller serialises the object as before) unless the result is certain to
 * read as the same answer with the new model — no top-level key before `model` is written with escapes,
 * and no `"model"` key nor a `\u006…` escape (one could spell `model`) appears after it, at any depth.
 */
export function withModel(text: string, model: string): string | undefined {
  // No backslash anywhere: no string has an escape, and each ends at the next quote (found natively).
  const backslash = text.indexOf('\\');
  const at = topLevelModel(text, backslash === -1);
  if (!at || text.indexOf('"model"', at.end) !== -1 || (backslash !== -1 && text.indexOf('\\u006', at.end) !== -1)) return undefined;
  return text.slice(0, at.start) + JSON.stringify(model) + text.slice(at.end);
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function ws(s: string, i: number): number {
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

/**
 * The index after the string starting at `i`; negative (its bitwise complement) when the string has an escape.
 * `plain`: the text has no backslash at all.
 */
function skipString(s: string, i: number, plain: boolean): number {
  if (plain) {
    const end = s.indexOf('"', i + 1);
    return end === -1 ? s.length : end + 1;
  }
  let escaped = false;
  for (i++; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === QUOTE) return escaped ? ~(i + 1) : i + 1;
    if (c === BACKSLASH) {
      escaped = true;
      i++;
    }
  }
  return s.length;
}

/** The index after the (valid) value starting at `i`. */
function skipValue(s: string, i: number, plain: boolean): number {
  let depth = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === QUOTE) {
      const end = skipString(s, i, plain);
      i = (end < 0 ? ~end : end) - 1;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      if (depth === 0) return i; // the end of a scalar that closes its container
      depth--;
    } else if (depth === 0 && (c === 0x2c || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)) return i;
    if (depth === 0 && (c === QUOTE || c === 0x7d || c === 0x5d)) return i + 1;
  }
  return i;
}

function topLevelModel(s: string, plain: boolean): { start: number; end: number } | undefined {
  let i = ws(s, 0);
  if (s.charCodeAt(i) !== 0x7b) return undefined;
  i = ws(s, i + 1);
  while (s.charCodeAt(i) === QUOTE) {
    const keyEnd = skipString(s, i, plain);
    if (keyEnd < 0) return undefined;
    const isModel = keyEnd - i === 7 && s.startsWith('model', i + 1);
    const start = ws(s, ws(s, keyEnd) + 1);
    const end = skipValue(s, start, plain);
    if (isModel) return { start, end };
    i = ws(s, end);
    if (s.charCodeAt(i) !== 0x2c) return undefined;
    i = ws(s, i + 1);
  }
  return undefined;
}

/**
 * A JSON object's text with `"key":value` put first (`value` is JSON text): for keys the object's text is
 * known not to have (the caller checked its parse), so no key is written twice.
 */
export function withFirstKey(text: string, key: string, value: string): string {
  const open = text.indexOf('{');
  const rest = ws(text, open + 1);
  return text.slice(0, open + 1) + JSON.stringify(key) + ':' + value + (text.charCodeAt(rest) === 0x7d ? '' : ',') + text.slice(open + 1);
}
