import { describe, expect, it } from 'vitest';
import {
  customerListQuerySchema,
  numericIdSchema,
  parseInput,
  welcomeFlowCreateSchema,
  welcomeFlowPatchSchema,
} from '../../../src/http/routes/admin.schema.ts';
import { ValidationError } from '../../../src/shared/errors.ts';

const FIXTURE_MINIMAL_FLOW = { name: '展会欢迎语', text: '你好 {customer}，我是 {salesperson}', isDefault: true };
/** 2024-06-01 00:00 in China (UTC+8). */
const EXPECTED_JUNE_FIRST_CN = 1717171200;

/** The message parseInput throws for `value`, or undefined when it is valid. */
function messageOf(schema: Parameters<typeof parseInput>[0], value: unknown, subject?: string): string | undefined {
  try {
    parseInput(schema, value, subject);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'invalid_input', status: 400, expose: true });
    return (error as Error).message;
  }
}

describe('welcomeFlowCreateSchema', () => {
  it('should accept { name, text, isDefault } and fill the defaults when the body is minimal', () => {
    expect(parseInput(welcomeFlowCreateSchema, FIXTURE_MINIMAL_FLOW)).toEqual({
      ...FIXTURE_MINIMAL_FLOW,
      enabled: true,
      userIds: [],
      attachments: [],
      variants: [],
    });
  });

  it('should accept every attachment kind, variants and a channel when they are well formed', () => {
    const flow = parseInput(welcomeFlowCreateSchema, {
      ...FIXTURE_MINIMAL_FLOW,
      channelState: 'expo2024-booth3',
      userIds: ['sales.li'],
      attachments: [
        { msgtype: 'image', image: { media_id: 'MEDIA_ID' } },
        { msgtype: 'link', link: { title: '产品手册', url: 'https://example.com/a', picurl: 'https://example.com/a.png' } },
        { msgtype: 'miniprogram', miniprogram: { title: '预约', pic_media_id: 'MEDIA', appid: 'wx8bd80126147dfAAA', page: '/path/index.html' } },
      ],
      variants: [{ from: '22:00', to: '07:00', text: '晚上好' }],
    });
    expect(flow.attachments).toHaveLength(3);
    expect(flow.channelState).toBe('expo2024-booth3');
  });

  it('should name every bad field in one message when several fields are invalid', () => {
    const message = messageOf(welcomeFlowCreateSchema, {
      name: '',
      text: 'hi',
      isDefault: 'yes',
      enabled: 1,
      channelState: 'x'.repeat(31),
      userIds: [42],
      attachments: [{ msgtype: 'video', video: {} }],
      variants: [{ from: '25:00', to: '07:00', text: 'x' }],
    });
    for (const field of ['name:', 'isDefault:', 'enabled:', 'channelState:', 'userIds.0:', 'attachments.0.msgtype:', 'variants.0.from:']) {
      expect(message).toContain(field);
    }
    expect(message).not.toContain('text:');
  });

  it('should name a missing required field when name or text is absent', () => {
    expect(messageOf(welcomeFlowCreateSchema, { text: 'hi' })).toMatch(/^name: /);
    expect(messageOf(welcomeFlowCreateSchema, { name: 'n' })).toMatch(/^text: /);
  });

  it('should refuse the body naming the field when it has an unknown field', () => {
    expect(messageOf(welcomeFlowCreateSchema, { ...FIXTURE_MINIMAL_FLOW, colour: 'red' })).toBe('colour: unknown field');
  });

  it('should refuse a nested unknown field with its full path when an attachment has one', () => {
    const message = messageOf(welcomeFlowCreateSchema, {
      ...FIXTURE_MINIMAL_FLOW,
      attachments: [{ msgtype: 'image', image: { media_id: 'M', extra: 1 } }],
    });
    expect(message).toBe('attachments.0.image.extra: unknown field');
  });

  it('should refuse the text when it is over 4000 UTF-8 bytes though under 4000 characters (Chinese)', () => {
    const tooLong = '欢'.repeat(1334); // 1334 characters, 4002 bytes
    expect(messageOf(welcomeFlowCreateSchema, { ...FIXTURE_MINIMAL_FLOW, text: tooLong })).toMatch(/^text: .*4000 UTF-8 bytes/);
    expect(messageOf(welcomeFlowCreateSchema, { ...FIXTURE_MINIMAL_FLOW, text: '欢'.repeat(1333) })).toBeUndefined();
  });

  it('should refuse more than 9 attachments and an image without media_id or pic_url', () => {
    const image = { msgtype: 'image', image: { media_id: 'M' } };
    expect(messageOf(welcomeFlowCreateSchema, { ...FIXTURE_MINIMAL_FLOW, attachments: Array(10).fill(image) })).toMatch(/^attachments: /);
    expect(messageOf(welcomeFlowCreateSchema, { ...FIXTURE_MINIMAL_FLOW, attachments: [{ msgtype: 'image', image: {} }] })).toBe(
      'attachments.0.image: media_id or pic_url is required',
    );
  });

  it('should refuse a link whose url is not http(s) when it could run script', () => {
    const link = { msgtype: 'link', link: { title: 't', url: 'javascript:alert(1)' } };
    expect(messageOf(welcomeFlowCreateSchema, { ...FIXTURE_MINIMAL_FLOW, attachments: [link] })).toMatch(/^attachments\.0\.link\.url: /);
  });

  it('should name the whole body when it is not an object', () => {
    expect(messageOf(welcomeFlowCreateSchema, [])).toMatch(/^\(body\): /);
  });
});

describe('welcomeFlowPatchSchema', () => {
  it('should keep only the given fields and add no defaults when some fields are patched', () => {
    expect(parseInput(welcomeFlowPatchSchema, { isDefault: true })).toEqual({ isDefault: true });
  });

  it('should turn channelState null into a present undefined key when the channel is cleared', () => {
    const patch = parseInput(welcomeFlowPatchSchema, { channelState: null });
    expect('channelState' in patch).toBe(true);
    expect(patch.channelState).toBeUndefined();
  });

  it('should refuse an empty patch and unknown fields', () => {
    expect(messageOf(welcomeFlowPatchSchema, {})).toBe('(body): at least one field is required');
    expect(messageOf(welcomeFlowPatchSchema, { id: 3 })).toMatch(/^id: unknown field/);
  });
});

describe('numericIdSchema', () => {
  it('should give the number when the id is a positive integer', () => {
    expect(parseInput(numericIdSchema, '42', 'id')).toBe(42);
  });

  it.each(['0', '-1', 'abc', '1.5', '01', '2147483648', ''])('should refuse %j naming id', (value) => {
    expect(messageOf(numericIdSchema, value, 'id')).toMatch(/^id: /);
  });
});

describe('customerListQuerySchema', () => {
  it('should default the page size to 50 and drop empty filters when the query is empty or blank', () => {
    expect(parseInput(customerListQuerySchema, {})).toEqual({ limit: 50 });
    expect(parseInput(customerListQuerySchema, { tag: '', userId: '', addedFrom: '' })).toEqual({ limit: 50 });
  });

  it('should read unix seconds, ISO date-times with a zone and China days when bounds are given', () => {
    expect(parseInput(customerListQuerySchema, { addedFrom: '1717000000', addedTo: '2024-06-01T08:00:00+08:00' })).toMatchObject({
      addedFrom: 1717000000,
      addedTo: 1717200000,
    });
    expect(parseInput(customerListQuerySchema, { addedFrom: '2024-06-01', addedTo: '2024-06-01' })).toMatchObject({
      addedFrom: EXPECTED_JUNE_FIRST_CN,
      addedTo: EXPECTED_JUNE_FIRST_CN + 86_399,
    });
  });

  it.each([
    [{ limit: '0' }, 'limit:'],
    [{ limit: '201' }, 'limit:'],
    [{ limit: 'ten' }, 'limit:'],
    [{ addedFrom: '2024-02-30' }, 'addedFrom:'],
    [{ addedTo: '2024-06-01T08:00:00' }, 'addedTo:'],
    [{ addedFrom: '2024-06-02', addedTo: '2024-06-01' }, 'addedFrom:'],
    [{ tag: ['a', 'b'] }, 'tag:'],
    [{ salesperson: 'sales.li' }, 'salesperson: unknown field'],
  ])('should refuse %j naming the field', (query, field) => {
    expect(messageOf(customerListQuerySchema, query, '(query)')).toContain(field);
  });
});
