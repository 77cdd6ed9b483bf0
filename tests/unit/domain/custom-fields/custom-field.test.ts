import { describe, expect, it } from 'vitest';
import {
  assignOptionKeys,
  checkFieldValue,
  conditionProblems,
  fieldDefinitionProblems,
  isCalendarDate,
  MAX_TEXT_VALUE_CHARS,
  type CustomField,
} from '../../../../src/domain/custom-fields/custom-field.ts';

const field = (overrides: Partial<CustomField>): CustomField => ({
  id: 1,
  key: 'f',
  label: 'F',
  type: 'text',
  options: [],
  required: false,
  position: 0,
  archived: false,
  ...overrides,
});

const FIXTURE_OPTIONS = [
  { key: 'o1', label: '零售' },
  { key: 'o2', label: '制造' },
  { key: 'o3', label: '教育' },
];

describe('checkFieldValue()', () => {
  it('should trim text and refuse text over the limit', () => {
    expect(checkFieldValue(field({}), '  hello ')).toEqual({ ok: true, value: 'hello' });
    expect(checkFieldValue(field({}), 'x'.repeat(MAX_TEXT_VALUE_CHARS + 1))).toEqual({ ok: false, problem: `f: must be at most ${MAX_TEXT_VALUE_CHARS} characters` });
    expect(checkFieldValue(field({}), 12)).toEqual({ ok: false, problem: 'f: must be text' });
  });

  it('should parse numbers from numbers and numeric strings only', () => {
    const number = field({ type: 'number' });
    expect(checkFieldValue(number, 12.5)).toEqual({ ok: true, value: 12.5 });
    expect(checkFieldValue(number, ' -3 ')).toEqual({ ok: true, value: -3 });
    for (const bad of ['12abc', '1e5', 'NaN', Infinity, true, '0x10']) expect(checkFieldValue(number, bad)).toMatchObject({ ok: false, problem: 'f: must be a number, e.g. 12 or -3.5' });
    expect(checkFieldValue(number, 1e16)).toMatchObject({ ok: false });
  });

  it('should take only real calendar days as dates', () => {
    const date = field({ type: 'date' });
    expect(checkFieldValue(date, '2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
    for (const bad of ['2023-02-29', '2024-13-01', '2024-1-5', '2024/01/05', 20240105]) expect(checkFieldValue(date, bad)).toEqual({ ok: false, problem: 'f: must be a date as YYYY-MM-DD' });
  });

  it('should take one known option key for single choice, never a label', () => {
    const single = field({ type: 'single', options: FIXTURE_OPTIONS });
    expect(checkFieldValue(single, 'o2')).toEqual({ ok: true, value: 'o2' });
    expect(checkFieldValue(single, '制造')).toEqual({ ok: false, problem: 'f: must be one of the options o1, o2, o3' });
    expect(checkFieldValue(single, ['o2'])).toMatchObject({ ok: false });
  });

  it('should make a multi-choice value a set in option order and name unknown options', () => {
    const multi = field({ type: 'multi', options: FIXTURE_OPTIONS });
    expect(checkFieldValue(multi, ['o3', 'o1', 'o3'])).toEqual({ ok: true, value: ['o1', 'o3'] });
    expect(checkFieldValue(multi, ['o1', 'nope', 7])).toEqual({ ok: false, problem: 'f: unknown options nope, 7 (allowed: o1, o2, o3)' });
    expect(checkFieldValue(multi, 'o1')).toEqual({ ok: false, problem: 'f: must be a list of option keys' });
  });

  it('should clear with null, blank text or an empty list, unless the field is required', () => {
    for (const empty of [null, '', '   ', []]) expect(checkFieldValue(field({}), empty)).toEqual({ ok: true, value: null });
    expect(checkFieldValue(field({ required: true }), '')).toEqual({ ok: false, problem: 'f: is required and cannot be cleared' });
  });
});

describe('fieldDefinitionProblems()', () => {
  it('should accept a choice field with distinct options', () => {
    expect(fieldDefinitionProblems({ key: 'industry', label: '行业', type: 'single', options: FIXTURE_OPTIONS })).toEqual([]);
  });

  it('should name a bad key, a blank label, options on a text field and repeated options', () => {
    expect(fieldDefinitionProblems({ key: 'Industry', label: ' ', type: 'text', options: [{ key: 'a', label: 'A' }] })).toEqual([
      'key: must start with a lowercase letter and hold only a-z, 0-9 and _ (at most 40)',
      'label: must be 1 to 50 characters',
      'options: only single and multi choice fields have options',
    ]);
    expect(fieldDefinitionProblems({ key: 'k', label: 'K', type: 'multi', options: [{ key: 'a', label: 'A' }, { key: 'a', label: 'A' }] })).toEqual([
      'options: keys must not repeat (a)',
      'options: labels must not repeat (A)',
    ]);
    expect(fieldDefinitionProblems({ key: 'k', label: 'K', type: 'single', options: [] })).toEqual(['options: give 1 to 50 options']);
  });
});

describe('assignOptionKeys()', () => {
  it('should keep given keys and number new ones above every key ever used', () => {
    expect(assignOptionKeys([{ key: 'o2', label: ' 制造 ' }, { label: '新' }], ['o1', 'o2', 'o7'])).toEqual([
      { key: 'o2', label: '制造' },
      { key: 'o8', label: '新' },
    ]);
    expect(assignOptionKeys([{ label: 'A' }, { label: 'B' }], [])).toEqual([
      { key: 'o1', label: 'A' },
      { key: 'o2', label: 'B' },
    ]);
  });
});

describe('conditionProblems()', () => {
  const fields = [field({ key: 'note' }), field({ id: 2, key: 'size', type: 'number' }), field({ id: 3, key: 'since', type: 'date' }), field({ id: 4, key: 'tags', type: 'multi', options: FIXTURE_OPTIONS })];

  it('should accept conditions that fit their fields', () => {
    expect(
      conditionProblems(
        [
          { field: 'note', op: 'contains', text: 'vip' },
          { field: 'size', op: 'numberRange', min: 1 },
          { field: 'since', op: 'dateRange', from: '2024-01-01', to: '2024-12-31' },
          { field: 'tags', op: 'anyOf', options: ['o1', 'o3'] },
        ],
        fields,
        'fields',
      ),
    ).toEqual([]);
  });

  it('should name unknown fields, wrong operators, inverted ranges and unknown options by index', () => {
    expect(
      conditionProblems(
        [
          { field: 'nope', op: 'equals', text: 'x' },
          { field: 'size', op: 'contains', text: '1' },
          { field: 'size', op: 'numberRange', min: 5, max: 1 },
          { field: 'since', op: 'dateRange', from: '2024-02-30' },
          { field: 'tags', op: 'anyOf', options: ['零售'] },
          { field: 'size', op: 'numberRange' },
        ],
        fields,
        'definition.customFields',
      ),
    ).toEqual([
      'definition.customFields.0: unknown field nope',
      'definition.customFields.1: contains does not apply to a number field (use numberRange)',
      'definition.customFields.2: min must not be above max',
      'definition.customFields.3: from and to must be dates as YYYY-MM-DD',
      'definition.customFields.4: options: unknown options 零售',
      'definition.customFields.5: give min, max or both',
    ]);
  });
});

describe('isCalendarDate()', () => {
  it('should refuse days that Date would roll over', () => {
    expect([isCalendarDate('2024-04-30'), isCalendarDate('2024-04-31')]).toEqual([true, false]);
  });
});
