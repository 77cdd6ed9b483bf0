/**
 * XML side of WeCom callbacks: the outer `<xml><ToUserName/><Encrypt/><AgentID/></xml>`
 * envelope, the decrypted inner message, and the encrypted passive reply (PROTOCOL §1.3, §1.8, §3).
 *
 * Two readers: xml2js costs ~180 µs per callback (envelope plus message), the largest CPU cost
 * of ingest, yet almost every callback is a flat `<xml>` of leaves. Those are read by
 * flat-xml.ts in one scan (~10 µs); it gives up on anything else (entities, nesting, `<Item>`
 * lists, attributes, comments, errors) and xml2js decides. Both return the same fields for any
 * document the fast one accepts (tests/unit/wecom/flat-xml.test.ts holds them to it, fuzzing
 * included).
 *
 * Safety: DOCTYPE/ENTITY declarations are refused before either reader runs (no entity
 * expansion ever), element names `__proto__`/`constructor`/`prototype` are refused (the fast
 * reader leaves them to xml2js), attributes are ignored, and every result object has a null
 * prototype. xml2js is fed prefixed tag names so no element name can collide with its
 * internal keys (`_`, `$`, `cdata`) or with `Object.prototype` members (`toString`, …).
 */
import { Parser, type ParserOptions } from 'xml2js';
import { ValidationError } from '../shared/errors.ts';
import type { WecomCrypto } from './crypto.ts';
import { FORBIDDEN_NAMES, readFlatXml } from './flat-xml.ts';

export type XmlFields = Record<string, string | string[]>;

export interface CallbackEnvelope {
  toUserName: string;
  encrypt: string;
  agentId?: string;
}

const DECLARATION_RE = /<!(?:DOCTYPE|ENTITY)/i;
/** Cannot occur in an XML name, so prefixed names never clash with anything. */
const NAME_PREFIX = '@';
const ITEM_KEYS = new Set([`${NAME_PREFIX}Item`, `${NAME_PREFIX}item`]);
const MAX_DEPTH = 16;
/** Fallback for trailing content when the sax position is unavailable: input must end with the root. */
const ROOT_END_RE = /(?:<\/xml\s*>|<xml\s*\/>)\s*$/;

class UnsafeXmlError extends Error {}

function guardTagName(name: string): string {
  if (FORBIDDEN_NAMES.has(name)) throw new UnsafeXmlError('forbidden element name');
  return NAME_PREFIX + name;
}

const PARSER_OPTIONS: ParserOptions = {
  strict: true,
  async: false,
  explicitRoot: true,
  explicitArray: true,
  explicitCharkey: false,
  ignoreAttrs: true,
  trim: false,
  normalize: false,
  normalizeTags: false,
  emptyTag: '',
  xmlns: false,
  tagNameProcessors: [guardTagName],
};

/** xml2js keeps its sax parser here; `position` is the UTF-16 offset sax has consumed. */
interface SaxHolder {
  saxParser?: { position?: unknown };
}

/**
 * Runs xml2js synchronously (`async: false`). xml2js reports success at the root's end tag
 * and silently drops whatever follows, so the sax position at that moment is recorded (this
 * listener runs before xml2js's own, which resets the parser) and the rest must be whitespace.
 */
function runParser(xml: string): { tree: unknown; trailing: string } {
  const parser = new Parser(PARSER_OPTIONS);
  let rootEnd: number | undefined;
  parser.once('end', () => {
    const position = (parser as unknown as SaxHolder).saxParser?.position;
    if (typeof position === 'number') rootEnd = position;
  });
  let outcome: { err: unknown; tree: unknown } | undefined;
  parser.parseString(xml, (err, tree: unknown) => {
    outcome ??= { err, tree };
  });
  if (outcome === undefined) throw new Error('XML parser did not complete synchronously');
  if (outcome.err) throw outcome.err;
  const bom = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  return { tree: outcome.tree, trailing: rootEnd === undefined ? '' : xml.slice(rootEnd + bom) };
}

/** Parses `xml` and flattens the `<xml>` root into null-prototype fields; throws ValidationError(code). */
async function parseFields(xml: string, code: string, what: string): Promise<XmlFields> {
  checkInput(xml, code, what);
  return readFlatXml(xml) ?? parseWithXml2js(xml, code, what);
}

function checkInput(xml: string, code: string, what: string): void {
  if (typeof xml !== 'string' || xml.trim() === '') throw new ValidationError(`${what} is empty`, code);
  if (DECLARATION_RE.test(xml)) throw new ValidationError(`${what} must not contain DOCTYPE or ENTITY declarations`, code);
}

/**
 * @internal The xml2js-only path, exported so tests can hold the fast reader to it; callers use
 * parseEnvelope/parseInnerXml.
 */
export async function parseFieldsWithXml2js(xml: string, code: string, what: string): Promise<XmlFields> {
  checkInput(xml, code, what);
  return parseWithXml2js(xml, code, what);
}

function parseWithXml2js(xml: string, code: string, what: string): XmlFields {
  let parsed: ReturnType<typeof runParser>;
  try {
    parsed = runParser(xml);
  } catch (err) {
    const reason = err instanceof UnsafeXmlError ? 'contains a forbidden element name' : 'is not well-formed XML';
    throw new ValidationError(`${what} ${reason}`, code, err instanceof UnsafeXmlError ? undefined : err);
  }

  const { tree, trailing } = parsed;
  if (!isObject(tree) || trailing.trim() !== '' || !ROOT_END_RE.test(xml)) {
    throw new ValidationError(`${what} is not well-formed XML`, code);
  }
  const rootKeys = Object.keys(tree);
  if (rootKeys.length !== 1 || rootKeys[0] !== `${NAME_PREFIX}xml`) {
    throw new ValidationError(`${what} root element must be <xml>`, code);
  }
  const out: XmlFields = Object.create(null) as XmlFields;
  const root = tree[`${NAME_PREFIX}xml`];
  if (isObject(root)) flatten(root, '', out, 0, code, what);
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Leaves become strings (repeated leaves: string[]), an element whose only children are
 * `<Item>`s becomes string[], other containers are flattened with dotted keys (`A.B`).
 */
function flatten(node: Record<string, unknown>, prefix: string, out: XmlFields, depth: number, code: string, what: string): void {
  if (depth > MAX_DEPTH) throw new ValidationError(`${what} is nested too deeply`, code);
  for (const key of Object.keys(node)) {
    if (!key.startsWith(NAME_PREFIX)) continue; // mixed-content text next to child elements
    const name = key.slice(NAME_PREFIX.length);
    if (FORBIDDEN_NAMES.has(name)) throw new ValidationError(`${what} contains a forbidden element name`, code);
    const full = prefix === '' ? name : `${prefix}.${name}`;
    const raw = node[key];
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (typeof value === 'string') {
        addValue(out, full, [value], false);
      } else if (isObject(value)) {
        const items = itemList(value);
        if (items) addValue(out, full, items, true);
        else flatten(value, full, out, depth + 1, code, what);
      } else {
        throw new ValidationError(`${what} has an unexpected structure`, code);
      }
    }
  }
}

/** The texts of `<Item>` children when they are the element's only children and all leaves. */
function itemList(node: Record<string, unknown>): string[] | undefined {
  const keys = Object.keys(node).filter((k) => k.startsWith(NAME_PREFIX));
  if (keys.length !== 1 || !ITEM_KEYS.has(keys[0] ?? '')) return undefined;
  const items = node[keys[0] ?? ''];
  if (!Array.isArray(items) || !items.every((i): i is string => typeof i === 'string')) return undefined;
  return items;
}

function addValue(out: XmlFields, key: string, values: string[], asList: boolean): void {
  const existing = out[key];
  if (existing === undefined) {
    out[key] = asList ? [...values] : (values[0] ?? '');
  } else {
    out[key] = [...(Array.isArray(existing) ? existing : [existing]), ...values];
  }
}

/** Parses the outer POST body; `encrypt` is the text the signature is computed over. */
export async function parseEnvelope(body: string): Promise<CallbackEnvelope> {
  const fields = await parseFields(body, 'malformed_envelope', 'callback envelope');
  const encrypt = fields.Encrypt;
  if (typeof encrypt !== 'string' || encrypt.trim() === '') {
    throw new ValidationError('callback envelope has no Encrypt element', 'malformed_envelope');
  }
  const toUserName = fields.ToUserName;
  const agentId = fields.AgentID;
  const envelope: CallbackEnvelope = {
    toUserName: typeof toUserName === 'string' ? toUserName.trim() : '',
    encrypt: encrypt.trim(),
  };
  if (typeof agentId === 'string' && agentId.trim() !== '') envelope.agentId = agentId.trim();
  return envelope;
}

/** Parses the decrypted inner message into flat string fields (CDATA and bare text alike). */
export async function parseInnerXml(xml: string): Promise<XmlFields> {
  return parseFields(xml, 'malformed_event', 'callback message');
}

function cdata(text: string): string {
  return `<![CDATA[${text.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

function escapeText(text: string): string {
  return text.replace(/[<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'));
}

/**
 * The encrypted passive-reply envelope (PROTOCOL §1.8); the signature uses the token the
 * `crypto` instance was built with.
 */
export function buildEncryptedReply(crypto: WecomCrypto, replyXml: string, timestamp: string, nonce: string): string {
  const encrypt = crypto.encrypt(replyXml);
  const signature = crypto.sign(timestamp, nonce, encrypt);
  return (
    `<xml><Encrypt>${cdata(encrypt)}</Encrypt><MsgSignature>${cdata(signature)}</MsgSignature>` +
    `<TimeStamp>${escapeText(timestamp)}</TimeStamp><Nonce>${cdata(nonce)}</Nonce></xml>`
  );
}
