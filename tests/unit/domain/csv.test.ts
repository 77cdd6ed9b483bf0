import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument } from '../../../src/domain/csv.ts';

describe('csvCell()', () => {
  it.each([
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
  ])('should defuse %j as a formula', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('should quote separators, quotes and line breaks and keep numbers as they are', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('王小明')).toBe('王小明');
  });
});

describe('csvDocument()', () => {
  it('should start with a BOM and end every row with CRLF', () => {
    expect(csvDocument([['a', 'b'], [1, '=x']])).toBe("\uFEFFa,b\r\n1,'=x\r\n");
  });
});
