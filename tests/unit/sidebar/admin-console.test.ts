/** The console's pure parts: the API's "field: problem" messages split by field, and the welcome preview. */
import { describe, expect, it } from 'vitest';
import { splitFieldErrors } from '../../../sidebar/src/admin/field-errors.ts';
import { previewWelcome } from '../../../sidebar/src/admin/preview.ts';

describe('splitFieldErrors', () => {
  it('should file each problem under its top-level field, keeping nested paths, and the rest under the form', () => {
    const message = 'name: Too small: expected string to have >=1 characters; attachments.0.msgtype: Invalid input; (body): at least one field is required; extra: unknown field';
    expect(splitFieldErrors(message, ['name', 'attachments', 'text'])).toEqual({
      fields: { name: ['Too small: expected string to have >=1 characters'], attachments: ['0.msgtype: Invalid input'] },
      form: ['(body): at least one field is required', 'extra: unknown field'],
    });
  });

  it('should read the use cases\' messages too', () => {
    expect(splitFieldErrors('tagIds: unknown corp tags etX (sync tags first: POST /api/admin/tags/sync)', ['tagIds']).fields).toEqual({
      tagIds: ['unknown corp tags etX (sync tags first: POST /api/admin/tags/sync)'],
    });
  });
  it('should file a dotted path under the longest field name it starts with', () => {
    const message = "rules.stages: day 30 is beyond the campaign's 7 days; rules.window.from: must be HH:MM (00:00 to 23:59); rules.streakBonuses.0.streak: Too small; rules: rules: give keywords; days: Too big";
    expect(splitFieldErrors(message, ['rules', 'rules.stages', 'rules.window.from', 'rules.streakBonuses', 'days'])).toEqual({
      fields: {
        'rules.stages': ["day 30 is beyond the campaign's 7 days"],
        'rules.window.from': ['must be HH:MM (00:00 to 23:59)'],
        'rules.streakBonuses': ['0.streak: Too small'],
        rules: ['rules: give keywords'],
        days: ['Too big'],
      },
      form: [],
    });
  });
});

describe('previewWelcome', () => {
  it('should fill both variables with the sample names', () => {
    expect(previewWelcome({ text: '{customer}您好，我是{salesperson}' })).toBe('王小美您好，我是李顾问');
  });

  it('should use the variant in force at the given minute, across midnight', () => {
    const flow = { text: '白天好', variants: [{ from: '22:00', to: '07:00', text: '{customer}，夜深了' }] };
    expect(previewWelcome(flow, { minute: 23 * 60 })).toBe('王小美，夜深了');
    expect(previewWelcome(flow, { minute: 6 * 60 + 59 })).toBe('王小美，夜深了');
    expect(previewWelcome(flow, { minute: 7 * 60 })).toBe('白天好');
  });

  it('should tidy what an empty nickname leaves behind, as the server does', () => {
    expect(previewWelcome({ text: '{customer}，你好！' }, { minute: 600, customer: '' })).toBe('你好！');
    expect(previewWelcome({ text: '你好，{customer}！' }, { minute: 600, customer: '' })).toBe('你好！');
  });
});
