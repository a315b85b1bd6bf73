// Fills a downloaded Sustain template as a council would in their spreadsheet
// program: sheets and columns are found by their header names, never by
// position, so a template that gains sheets or columns is still filled right.
import ExcelJS from 'exceljs';

const words = (text) => String(text ?? '').trim().replace(/\s+/g, ' ').toLowerCase();

// The header row of a sheet: lower-cased header name -> column number.
function headers(sheet) {
  const found = new Map();
  sheet.getRow(1).eachCell((cell, col) => {
    const text = typeof cell.value === 'object' && cell.value?.richText
      ? cell.value.richText.map((r) => r.text).join('')
      : cell.value;
    if (text) found.set(words(text), col);
  });
  return found;
}

// A sheet that holds data rows, as opposed to the template's notes on its columns.
const isNotes = (sheet) => /^(notes|cover|read ?me)$/i.test(sheet.name.trim());

/**
 * Reads the template at `path`, leaves every data sheet with its header row
 * only (the example rows are the template's, not the council's), writes each
 * list of rows into the sheet that has all of its headers, and saves to `out`.
 * `rows` maps a description ("plan") to objects keyed by header name; a Date
 * becomes a real spreadsheet date.
 */
export async function fillTemplate(path, out, rows) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const data = book.worksheets.filter((s) => !isNotes(s));
  for (const sheet of data) {
    if (sheet.rowCount > 1) sheet.spliceRows(2, sheet.rowCount - 1);
  }
  for (const [what, list] of Object.entries(rows)) {
    const wanted = Object.keys(list[0]).map(words);
    const sheet = data.find((s) => {
      const have = headers(s);
      return wanted.every((h) => have.has(h));
    });
    if (!sheet) {
      const seen = data.map((s) => `${s.name}: ${[...headers(s).keys()].join(', ')}`).join('; ');
      throw new Error(`no sheet of the template has the ${what} columns ${wanted.join(', ')} (${seen})`);
    }
    const columns = headers(sheet);
    list.forEach((record, i) => {
      const row = sheet.getRow(i + 2);
      for (const [header, value] of Object.entries(record)) {
        if (value === undefined || value === null || value === '') continue;
        const cell = row.getCell(columns.get(words(header)));
        cell.value = value;
        if (value instanceof Date) cell.numFmt = 'dd/mm/yyyy';
      }
      row.commit();
    });
  }
  await book.xlsx.writeFile(out);
}

/** A calendar date as a spreadsheet date (midnight UTC, as spreadsheets store days). */
export const day = (iso) => new Date(`${iso}T00:00:00Z`);
