/**
 * CSV for spreadsheet apps (Excel, WPS): UTF-8 with a BOM so they read the Chinese, CRLF
 * rows, and cells that start like a formula defused, since exported names and remarks are
 * typed by customers and salespeople (OWASP "CSV injection").
 */

/** One cell: quoted when it would break the row; `=`, `+`, `-`, `@`, tab or CR first gets a `'`. */
export function csvCell(value: string | number): string {
  const text = String(value);
  // A number is data, not a formula: -5 stays -5.
  const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV line (no line end). */
export function csvLine(cells: readonly (string | number)[]): string {
  return cells.map(csvCell).join(',');
}

/** The BOM that starts a document, before its first line. */
export const CSV_BOM = '\uFEFF';

/** A whole document: BOM, then each row and a CRLF. */
export function csvDocument(rows: readonly (readonly (string | number)[])[]): string {
  return `${CSV_BOM}${rows.map((row) => `${csvLine(row)}\r\n`).join('')}`;
}
