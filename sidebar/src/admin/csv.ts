/**
 * A small CSV reader for files exported from spreadsheets: RFC 4180 quoting ("" inside a
 * quoted field, commas and line breaks inside quotes), a UTF-8 BOM, and CRLF, LF or CR line
 * ends. Each record carries the file line it starts on, so problems can point at the line
 * the admin sees in their editor. Blank lines are skipped.
 */

export interface CsvRecord {
  /** 1-based line of the file where the record starts. */
  line: number;
  fields: string[];
}

export type CsvResult = { records: CsvRecord[] } | { error: string; line: number };

export function parseCsv(text: string): CsvResult {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  /** The field began with a quote: text after its closing quote is an error. */
  let wasQuoted = false;
  let quoteLine = 1;

  const endField = () => {
    fields.push(field);
    field = '';
    wasQuoted = false;
  };
  const endRecord = () => {
    endField();
    // A blank line is one empty unquoted field.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
  };

  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (quoted) {
      if (c === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n' || (c === '\r' && source[i + 1] !== '\n')) line++;
        field += c;
      }
      continue;
    }
    if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && source[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else if (wasQuoted) return { error: '引号结束后、逗号之前还有字符', line };
    else if (c === '"' && field === '') {
      quoted = true;
      wasQuoted = true;
      quoteLine = line;
    } else field += c; // a quote inside an unquoted field is kept as it is, as spreadsheets read it
  }
  if (quoted) return { error: '引号没有闭合', line: quoteLine };
  endRecord();
  return { records };
}
