import { describe, expect, it } from 'vitest';
import { SAMPLE_EVENT_KINDS, sampleEventXml, type SampleEventKind } from '../../../src/sandbox/sample-events.ts';
import { ValidationError } from '../../../src/shared/errors.ts';
import { buildEncryptedReply, parseFieldsWithXml2js, parseInnerXml, type XmlFields } from '../../../src/wecom/callback-xml.ts';
import { WecomCrypto } from '../../../src/wecom/crypto.ts';
import { readFlatXml } from '../../../src/wecom/flat-xml.ts';
import * as events from '../../fixtures/wecom/events.ts';
import { buildSignedCallback, FIXTURE_CORP_ID, FIXTURE_ENCODING_AES_KEY, FIXTURE_TOKEN } from '../../fixtures/wecom/events.ts';
import { FIXTURE_EXTRA_POST, FIXTURE_VECTOR_A, FIXTURE_VECTOR_B } from '../../fixtures/wecom/vectors.ts';

const CODE = 'malformed_event';
const WHAT = 'callback message';

type Outcome = { ok: true; fields: XmlFields; keys: string[]; nullProto: boolean } | { ok: false; code: string; message: string };

async function outcome(run: () => Promise<XmlFields>): Promise<Outcome> {
  try {
    const fields = await run();
    return { ok: true, fields, keys: Object.keys(fields), nullProto: Object.getPrototypeOf(fields) === null };
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    return { ok: false, code: err.code, message: err.message };
  }
}

/** parseInnerXml (fast reader first) against the xml2js-only path. */
async function expectSameOutcome(xml: string): Promise<Outcome> {
  const slow = await outcome(() => parseFieldsWithXml2js(xml, CODE, WHAT));
  expect(await outcome(() => parseInnerXml(xml))).toStrictEqual(slow);
  return slow;
}

/** The fast reader accepts `xml` and returns what xml2js returns, key order and prototype included. */
async function expectFastMatchesXml2js(xml: string): Promise<void> {
  const fast = readFlatXml(xml);
  expect(fast).toBeDefined();
  const slow = await parseFieldsWithXml2js(xml, CODE, WHAT);
  expect(fast).toStrictEqual(slow);
  expect(Object.keys(fast ?? {})).toEqual(Object.keys(slow));
  expect(Object.getPrototypeOf(fast)).toBeNull();
}

const OPTIONS = {
  corpId: 'wwsandboxabc123xyz',
  createTime: 1717000000,
  externalUserId: 'wmSandboxCustomer000000000000001',
  welcomeCode: '0123456789abcdef0123456789abcdef',
};
/** The only sample kinds that carry an `<Item>` list (MemChangeList), which the fast reader leaves to xml2js. */
const NESTED_KINDS = new Set<SampleEventKind>(['chat_add_member', 'chat_del_member']);
// tag_create draws a random Id: pinned so fuzz failures reproduce.
const sample = (kind: SampleEventKind) => sampleEventXml(kind, OPTIONS).replace(/et[0-9a-f]{16}/, 'et0123456789abcdef');

const envelope = (xml: string, agentId?: string) =>
  buildSignedCallback({
    token: FIXTURE_TOKEN,
    encodingAesKey: FIXTURE_ENCODING_AES_KEY,
    corpId: FIXTURE_CORP_ID,
    xml,
    random16: Buffer.alloc(16, 7),
    ...(agentId === undefined ? {} : { agentId }),
  }).body;

const replyCrypto = new WecomCrypto({ token: FIXTURE_TOKEN, encodingAesKey: FIXTURE_ENCODING_AES_KEY, receiveId: FIXTURE_CORP_ID });
const reply = buildEncryptedReply(replyCrypto, '<xml><Content><![CDATA[收到]]></Content></xml>', '1700000000', 'a]]>b');

/** Flat documents beyond the product's own, for the shapes the fast reader claims to handle. */
const FLAT_EXTRAS: [string, string][] = [
  ['a BOM, a declaration and surrounding whitespace', '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<xml><A>1</A></xml>\n'],
  ['whitespace before the declaration', ' \n<?xml version="1.0"?><xml><A>1</A></xml>'],
  ['empty elements', '<xml><A></A><B/><C><![CDATA[]]></C></xml>'],
  ['an empty root', '<xml></xml>'],
  ['an empty root with whitespace', '<xml>\r\n\t </xml>'],
  ['untrimmed and whitespace-only text', '<xml><A>  a b \r\n</A><B> </B><C>\n</C></xml>'],
  ['text and CDATA mixed', '<xml><A> x<![CDATA[<y>&z;]]>w <![CDATA[]]> </A><B><![CDATA[a]]><![CDATA[b]]></B></xml>'],
  ['CDATA with brackets and an escaped terminator', '<xml><A><![CDATA[a]]]><![CDATA[]]]]><![CDATA[>b]]></A><B><![CDATA[]]]]></B></xml>'],
  ['repeated names in document order', '<xml><A>1</A><B>2</B><A>3</A><B/><A><![CDATA[4]]></A></xml>'],
  ['names like Object.prototype members and xml2js keys', '<xml><toString>x</toString><hasOwnProperty>y</hasOwnProperty><_>z</_><cdata>c</cdata><xml>r</xml></xml>'],
  ['dotted, dashed and numbered names', '<xml><A.B>1</A.B><c-d>2</c-d><e9>3</e9><Item>4</Item></xml>'],
  ['greater-than signs and a CDATA terminator in text', '<xml><A>a > b ]]> c</A></xml>'],
  ['non-ASCII and astral text', '<xml><A>你好 😀</A><B><![CDATA[\u2028\u00a0]]></B></xml>'],
  ['no-break spaces in text', '<xml><A>\u00a0</A></xml>'],
];

describe('readFlatXml()', () => {
  it.each(SAMPLE_EVENT_KINDS.filter((k) => !NESTED_KINDS.has(k)))('should match xml2js when reading the %s sample', async (kind) => {
    await expectFastMatchesXml2js(sample(kind));
  });

  it.each([...NESTED_KINDS])('should defer to xml2js when the %s sample carries an Item list', async (kind) => {
    expect(readFlatXml(sample(kind))).toBeUndefined();
    await expectSameOutcome(sample(kind));
  });

  it.each(SAMPLE_EVENT_KINDS)('should match xml2js when reading the envelope of the %s sample', async (kind) => {
    await expectFastMatchesXml2js(envelope(sample(kind), '1000002'));
    await expectFastMatchesXml2js(envelope(sample(kind)));
  });

  it('should match xml2js when reading the protocol vectors, fixtures and a passive reply', async () => {
    const flat = Object.entries(events).filter(([name, v]) => name.endsWith('_XML') && typeof v === 'string' && !v.includes('<Item>'));
    expect(flat.length).toBeGreaterThan(10);
    for (const [, xml] of flat) await expectFastMatchesXml2js(xml as string);
    await expectFastMatchesXml2js(FIXTURE_EXTRA_POST.body);
    await expectFastMatchesXml2js(FIXTURE_VECTOR_A.post.expectedPlaintext);
    await expectFastMatchesXml2js(FIXTURE_VECTOR_B.post.expectedPlaintext);
    await expectFastMatchesXml2js(reply);
  });

  it.each(FLAT_EXTRAS)('should match xml2js when the document has %s', async (_what, xml) => {
    await expectFastMatchesXml2js(xml);
  });
});

/** Documents the fast reader must leave to xml2js, which accepts some and rejects others. */
const GIVE_UPS: [string, string][] = [
  ['an entity', '<xml><A>a &amp; b</A></xml>'],
  ['a numeric entity', '<xml><A>&#20320;</A></xml>'],
  ['a bare ampersand', '<xml><A>a & b</A></xml>'],
  ['an attribute', '<xml><A b="1">x</A></xml>'],
  ['an attribute on the root', '<xml a="1"><A>x</A></xml>'],
  ['a space before >', '<xml><A >x</A></xml>'],
  ['a space in the end tag', '<xml><A>x</A ></xml>'],
  ['a space in the root end tag', '<xml><A>x</A></xml >'],
  ['a nested container', '<xml><A><B>1</B><C>2</C></A></xml>'],
  ['an Item list', '<xml><L><Item>a</Item><Item>b</Item></L></xml>'],
  ['a comment in the root', '<xml><!-- c --><A>1</A></xml>'],
  ['a comment in a leaf', '<xml><A>1<!-- c --></A></xml>'],
  ['a processing instruction in the root', '<xml><?pi x?><A>1</A></xml>'],
  ['a second declaration', '<?xml version="1.0"?><?xml version="1.0"?><xml><A>1</A></xml>'],
  ['a declaration without a body', '<?xml?><xml><A>1</A></xml>'],
  ['a stylesheet instruction', '<?xml-stylesheet href="a"?><xml><A>1</A></xml>'],
  ['a question mark in the declaration', '<?xml version="1.0"??><xml><A>1</A></xml>'],
  ['an unterminated declaration', '<?xml version="1.0"<xml><A>1</A></xml>'],
  ['trailing garbage', '<xml><A>1</A></xml>junk'],
  ['a second root', '<xml><A>1</A></xml><xml><A>2</A></xml>'],
  ['a trailing no-break space', '<xml><A>1</A></xml>\u00a0'],
  ['an unclosed leaf', '<xml><A>1</xml>'],
  ['an unclosed root', '<xml><A>1</A>'],
  ['an unterminated CDATA', '<xml><A><![CDATA[1</A></xml>'],
  ['a mismatched end tag', '<xml><A>1</B></xml>'],
  ['a mismatched root end tag', '<xml><A>1</A></root>'],
  ['a missing <xml> root', '<root><A>1</A></root>'],
  ['no root at all', '<A>1</A>'],
  ['plain text', 'not xml'],
  ['an uppercase root', '<XML><A>1</A></XML>'],
  ['a self-closing root', '<xml/>'],
  ['text in the root', '<xml>abc<A>1</A></xml>'],
  ['a no-break space in the root', '<xml>\u00a0<A>1</A></xml>'],
  ['CDATA in the root', '<xml><![CDATA[x]]><A>1</A></xml>'],
  ['a lowercase CDATA marker', '<xml><A><![cdata[x]]></A></xml>'],
  ['a __proto__ leaf', '<xml><__proto__>x</__proto__></xml>'],
  ['a constructor leaf', '<xml><constructor/></xml>'],
  ['a prototype leaf', '<xml><A>1</A><prototype>x</prototype></xml>'],
  ['a namespaced name', '<xml><a:b>1</a:b></xml>'],
  ['a non-ASCII name', '<xml><名字>1</名字></xml>'],
  ['a name starting with a digit', '<xml><1A>1</1A></xml>'],
  ['a double BOM', '\uFEFF\uFEFF<xml><A>1</A></xml>'],
  ['text before the root', 'x<xml><A>1</A></xml>'],
];

describe('parseInnerXml() with the fast reader', () => {
  it.each(GIVE_UPS)('should defer to xml2js and keep its outcome when the document has %s', async (_what, xml) => {
    expect(readFlatXml(xml)).toBeUndefined();
    await expectSameOutcome(xml);
  });

  it('should still decode entities and refuse forbidden names when deferring', async () => {
    await expect(parseInnerXml('<xml><A>a &amp; b &#20320;</A></xml>')).resolves.toEqual({ A: 'a & b 你' });
    await expect(parseInnerXml('<xml><__proto__>x</__proto__></xml>')).rejects.toThrow('contains a forbidden element name');
    await expect(parseInnerXml('<xml><A>1</A></xml>junk')).rejects.toThrow('is not well-formed XML');
  });
});

/** mulberry32: a small seeded generator so every run mutates the same way. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSERTS = ['<', '>', '/', '&', ']', '[', '!', '?', '-', ' ', '\n', '\uFEFF', '"', 'x', ':'];

function mutate(doc: string, random: () => number): string {
  let s = doc;
  const count = 1 + Math.floor(random() * 3);
  for (let m = 0; m < count && s.length > 1; m++) {
    const i = Math.floor(random() * s.length);
    switch (Math.floor(random() * 4)) {
      case 0: // delete
        s = s.slice(0, i) + s.slice(i + 1);
        break;
      case 1: // duplicate
        s = s.slice(0, i + 1) + s.slice(i);
        break;
      case 2: {
        // swap with a neighbour or a random position
        const j = random() < 0.5 ? Math.min(i + 1, s.length - 1) : Math.floor(random() * s.length);
        const [a, b] = i < j ? [i, j] : [j, i];
        s = s.slice(0, a) + s.charAt(b) + s.slice(a + 1, b) + s.charAt(a) + s.slice(b + 1);
        break;
      }
      default: // insert a character that matters to XML
        s = s.slice(0, i) + (INSERTS[Math.floor(random() * INSERTS.length)] ?? '') + s.slice(i);
    }
  }
  return s;
}

describe('fast reader fuzz', () => {
  it('should give the same fields or the same error as xml2js when sample documents are mutated', async () => {
    const corpus = [
      ...SAMPLE_EVENT_KINDS.map(sample),
      envelope(sample('add_external_contact'), '1000002'),
      FIXTURE_EXTRA_POST.body,
      FIXTURE_VECTOR_B.post.expectedPlaintext,
      events.FIXTURE_APP_TEXT_XML,
      reply,
      ...FLAT_EXTRAS.map(([, xml]) => xml),
    ];
    const random = seeded(20240607);
    let fastAccepted = 0;
    let slowAccepted = 0;
    for (let n = 0; n < 4000; n++) {
      const doc = mutate(corpus[n % corpus.length] ?? '', random);
      const fast = readFlatXml(doc);
      const slow = await outcome(() => parseFieldsWithXml2js(doc, CODE, WHAT));
      if (fast !== undefined) {
        fastAccepted++;
        expect({ doc, slow: slow.ok ? slow.fields : slow }).toStrictEqual({ doc, slow: fast });
        expect(slow.ok && slow.keys).toEqual(Object.keys(fast));
      }
      if (slow.ok) slowAccepted++;
      expect({ doc, outcome: await outcome(() => parseInnerXml(doc)) }).toStrictEqual({ doc, outcome: slow });
    }
    // Both readers must see plenty of accepted and rejected mutants for the comparison to mean anything.
    expect(fastAccepted).toBeGreaterThan(400);
    expect(slowAccepted - fastAccepted).toBeGreaterThan(100);
    expect(4000 - slowAccepted).toBeGreaterThan(800);
  });

  it('should give the same fields or the same error as xml2js when documents are random token soups', async () => {
    const random = seeded(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    let fastAccepted = 0;
    for (let n = 0; n < 3000; n++) {
      const parts = [pick(['', '\uFEFF', ' ', '<?xml version="1.0"?>', '<?xml?>'])];
      // Mostly well-nested <xml> of leaves, with tokens that derail it now and then.
      parts.push(random() < 0.9 ? '<xml>' : pick(['<xml >', '<XML>', '<xml/>', '']));
      for (let k = Math.floor(random() * 5); k > 0; k--) {
        const name = pick(['A', 'A', 'B', 'xml', 'Item', '__proto__', 'a.b']);
        if (random() < 0.2) parts.push(pick(['<A/>', '<A />', ' ', '\n', 'x', '<!--c-->', ']]>', '&amp;', '<', '>']));
        const body = Array.from({ length: Math.floor(random() * 3) }, () =>
          pick(['x', ' ', '\r\n', '<![CDATA[', ']]>', '<![CDATA[y]]>', '&lt;', '&', ']', '>', '<B>z</B>', '<' + name + '>'])
        ).join('');
        parts.push(random() < 0.1 ? `<${name}/>` : `<${name}>${body}${random() < 0.9 ? `</${name}>` : pick(['</B>', '', `</${name} >`])}`);
      }
      parts.push(random() < 0.9 ? '</xml>' : pick(['', '</xml >', '</B>']), pick(['', '', '\n', 'x', '<xml/>', '\u00a0']));
      const doc = parts.join('');
      const fast = readFlatXml(doc);
      const slow = await outcome(() => parseFieldsWithXml2js(doc, CODE, WHAT));
      if (fast !== undefined) {
        fastAccepted++;
        expect({ doc, slow: slow.ok ? slow.fields : slow }).toStrictEqual({ doc, slow: fast });
        expect(slow.ok && slow.keys).toEqual(Object.keys(fast));
      }
      expect({ doc, outcome: await outcome(() => parseInnerXml(doc)) }).toStrictEqual({ doc, outcome: slow });
    }
    expect(fastAccepted).toBeGreaterThan(250);
  });
});
