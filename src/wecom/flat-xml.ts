/**
 * Strict reader for the flat callback XML WeCom actually sends: `<xml>` holding leaves only,
 * each `<Name>text</Name>`, `<Name><![CDATA[…]]></Name>` (text and CDATA may alternate) or
 * `<Name/>`. It returns exactly what the xml2js path in callback-xml.ts returns for the same
 * document, or `undefined` for anything else (entities, attributes, comments, nesting, `<Item>`
 * lists, odd spacing inside tags, forbidden names, malformed input) so that path decides it.
 * Whitespace means XML's four characters, as in sax; names are a subset of what sax accepts.
 *
 * One forward scan with indexOf/startsWith and no regular expressions, so adversarial input
 * costs linear time.
 */

export type FlatXmlFields = Record<string, string | string[]>;

/** Element names both readers refuse (this one by leaving them to xml2js, which errors). */
export const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
const CDATA_OPEN = '<![CDATA[';
const CDATA_CLOSE = ']]>';
const ROOT_OPEN = '<xml>';
const ROOT_CLOSE = '</xml>';
const DECLARATION_OPEN = '<?xml';

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isNameStart(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f; // A-Z a-z _
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e; // 0-9 - .
}

function skipSpace(xml: string, i: number): number {
  while (i < xml.length && isSpace(xml.charCodeAt(i))) i++;
  return i;
}

/** Index just past the `<?xml …?>` declaration at `i`, `i` when there is none, -1 to give up. */
function skipDeclaration(xml: string, i: number): number {
  if (!xml.startsWith(DECLARATION_OPEN, i)) return i;
  const body = i + DECLARATION_OPEN.length;
  if (!isSpace(xml.charCodeAt(body))) return -1; // `<?xml?>`, `<?xml-stylesheet …?>`
  const end = xml.indexOf('?>', body);
  if (end < 0) return -1;
  // sax ends a processing instruction at the first `?>` unless a `?` precedes it (`??>`).
  for (let k = body; k < end; k++) {
    const c = xml.charCodeAt(k);
    if (c === 0x3f || c === 0x3c) return -1; // ? <
  }
  return end + 2;
}

/** The flat document's fields in a null-prototype object, or undefined to defer to xml2js. */
export function readFlatXml(xml: string): FlatXmlFields | undefined {
  let i = skipSpace(xml, xml.charCodeAt(0) === 0xfeff ? 1 : 0);
  i = skipDeclaration(xml, i);
  if (i < 0) return undefined;
  i = skipSpace(xml, i);
  if (!xml.startsWith(ROOT_OPEN, i)) return undefined;
  i += ROOT_OPEN.length;

  const out = Object.create(null) as FlatXmlFields;
  for (;;) {
    i = skipSpace(xml, i);
    if (xml.charCodeAt(i) !== 0x3c) return undefined; // text in the root, or the input ended
    if (xml.charCodeAt(i + 1) === 0x2f) break; // `</`: only the root's end tag may come here

    const nameStart = i + 1;
    if (!isNameStart(xml.charCodeAt(nameStart))) return undefined;
    let nameEnd = nameStart + 1;
    while (isNameChar(xml.charCodeAt(nameEnd))) nameEnd++;
    const name = xml.slice(nameStart, nameEnd);
    if (FORBIDDEN_NAMES.has(name)) return undefined;

    let value = '';
    const after = xml.charCodeAt(nameEnd);
    if (after === 0x2f && xml.charCodeAt(nameEnd + 1) === 0x3e) {
      i = nameEnd + 2; // `<Name/>`
    } else if (after === 0x3e) {
      const endTag = `</${name}>`;
      i = nameEnd + 1;
      for (;;) {
        const lt = xml.indexOf('<', i);
        if (lt < 0) return undefined;
        if (lt > i) {
          const text = xml.slice(i, lt);
          if (text.includes('&')) return undefined; // entities are xml2js's job
          value += text;
        }
        if (xml.startsWith(CDATA_OPEN, lt)) {
          const start = lt + CDATA_OPEN.length;
          const stop = xml.indexOf(CDATA_CLOSE, start);
          if (stop < 0) return undefined;
          value += xml.slice(start, stop);
          i = stop + CDATA_CLOSE.length;
        } else if (xml.startsWith(endTag, lt)) {
          i = lt + endTag.length;
          break;
        } else {
          return undefined; // a child element, comment, mismatched or spaced end tag, …
        }
      }
    } else {
      return undefined; // attributes, `<Name >`, a name character outside our subset
    }

    const existing = out[name];
    if (existing === undefined) out[name] = value;
    else if (typeof existing === 'string') out[name] = [existing, value];
    else existing.push(value);
  }

  if (!xml.startsWith(ROOT_CLOSE, i)) return undefined;
  return skipSpace(xml, i + ROOT_CLOSE.length) === xml.length ? out : undefined;
}
