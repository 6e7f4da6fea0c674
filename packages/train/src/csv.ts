import { InvalidInputError } from '@rectify/core';
import type { Task } from './config.js';

/**
 * A CSV file that cannot be a dataset: an `InvalidInputError` (its `name`) that says where, with the
 * 1-based line and column (field) number, and the column's header name when known.
 *
 * @example
 * ```ts
 * try { readCsv('x,y\n1,a\n', { fileName: 'points.csv', task: 'regression' }); }
 * catch (err) { if (err instanceof CsvError) console.log(err.line, err.column); } // 2 2
 * // err.message: 'points.csv: line 2, column 2 ("y"): "a" is not a number'
 * ```
 */
export class CsvError extends InvalidInputError {
  readonly fileName: string;
  readonly line: number;
  /** The field number, from 1; undefined when the problem is the whole line or file. */
  readonly column: number | undefined;
  readonly columnName: string | undefined;

  constructor(
    fileName: string,
    line: number,
    column: number | undefined,
    columnName: string | undefined,
    problem: string,
  ) {
    const where = `line ${line}${column === undefined ? '' : `, column ${column}${columnName ? ` (${JSON.stringify(columnName)})` : ''}`}`;
    super(`${fileName}: ${where}: ${problem}`);
    this.fileName = fileName;
    this.line = line;
    this.column = column;
    this.columnName = columnName;
  }
}

/** One row of the file: its line number (from 1) and its fields, unquoted. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

/** Options of {@link readCsv}. */
export interface CsvOptions {
  /** For messages (default `data.csv`). */
  readonly fileName?: string | undefined;
  /** The label column's name (default: the last column). */
  readonly label?: string | null | undefined;
  /** `auto` (default): classification for text labels or at most 10 distinct integers, else regression. */
  readonly task?: 'auto' | 'classification' | 'regression' | undefined;
}

/** A CSV file read as a dataset: numeric features row-major, and a class index or value per row. */
export interface CsvTable {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly size: number;
  readonly features: number;
  readonly featureNames: readonly string[];
  /** The label of each class index (empty for regression). */
  readonly classNames: readonly string[];
  readonly task: Task;
}

const MAX_ROWS = 100_000;
const MAX_CLASSES = 10;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The delimiter of the header line: the most frequent of comma, semicolon and tab (comma on a tie). */
function delimiterOf(text: string): string {
  const end = text.search(/\r|\n/);
  const header = end < 0 ? text : text.slice(0, end);
  let best = ',';
  let most = 0;
  for (const d of [',', ';', '\t']) {
    const count = header.split(d).length - 1;
    if (count > most) {
      best = d;
      most = count;
    }
  }
  return best;
}

/**
 * Splits CSV text into records (RFC 4180: quoted fields may hold the delimiter, `""` and line breaks),
 * skipping blank lines. Unquoted fields are trimmed. Throws {@link CsvError} for a broken quote.
 */
export function parseCsv(text: string, fileName = 'data.csv'): CsvRecord[] {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const delimiter = delimiterOf(src);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  let i = 0;
  const endField = () => {
    fields.push(quoted ? field : field.trim());
    field = '';
    quoted = false;
  };
  const endRecord = () => {
    endField();
    if (fields.length > 1 || fields[0] !== '') records.push({ line: recordLine, fields });
    fields = [];
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '"' && field.trim() === '' && !quoted) {
      quoted = true;
      quoteLine = line;
      field = '';
      i++;
      // inside quotes until a lone quote
      for (;;) {
        if (i >= src.length) {
          throw new CsvError(
            fileName,
            quoteLine,
            fields.length + 1,
            undefined,
            'a quoted field is never closed',
          );
        }
        const q = src[i]!;
        if (q === '"' && src[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (q === '"') {
          i++;
          break;
        } else {
          if (q === '\n' || (q === '\r' && src[i + 1] !== '\n')) line++;
          field += q;
          i++;
        }
      }
      // only blanks may follow the closing quote before the delimiter or the end of the line
      while (src[i] === ' ' || src[i] === '\t') i++;
      const next = src[i];
      if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') {
        throw new CsvError(
          fileName,
          line,
          fields.length + 1,
          undefined,
          `unexpected ${JSON.stringify(next)} after a closing quote`,
        );
      }
      continue;
    }
    if (c === delimiter) {
      endField();
      i++;
    } else if (c === '\n' || c === '\r') {
      endRecord();
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
    } else {
      // a quote inside an unquoted field is kept as text
      field += c;
      i++;
    }
  }
  endRecord();
  return records;
}

function parseNumber(cell: string): number | undefined {
  return NUMBER.test(cell) ? Number(cell) : undefined;
}

/**
 * Reads a CSV file as a dataset: a header row of column names, then one row per point; every column
 * but the label is a numeric feature. Throws {@link CsvError} (an `InvalidInputError`) saying the line
 * and column of the first problem: an empty file, a missing or repeated column name, a row with the
 * wrong number of fields, a feature that is not a finite number, a label column with one class, ….
 *
 * @example
 * ```ts
 * const table = readCsv('height,weight,sport\n1.8,80,rowing\n1.6,55,climbing\n', { fileName: 'people.csv' });
 * table.task; // 'binary'
 * table.classNames; // ['rowing', 'climbing']
 * ```
 */
export function readCsv(text: string, options: CsvOptions = {}): CsvTable {
  const fileName = options.fileName ?? 'data.csv';
  const records = parseCsv(text, fileName);
  const header = records[0];
  if (!header)
    throw new CsvError(
      fileName,
      1,
      undefined,
      undefined,
      'the file is empty; it needs a header row and data rows',
    );
  const names = header.fields;
  names.forEach((name, c) => {
    if (name === '')
      throw new CsvError(fileName, header.line, c + 1, undefined, 'the header has an empty column name');
    const first = names.indexOf(name);
    if (first < c) {
      throw new CsvError(
        fileName,
        header.line,
        c + 1,
        name,
        `repeats the column name of column ${first + 1}`,
      );
    }
  });
  if (names.length < 2) {
    throw new CsvError(
      fileName,
      header.line,
      undefined,
      undefined,
      `the header has ${names.length} column; a dataset needs at least 2 (features and a label)`,
    );
  }
  const labelName = options.label ?? names[names.length - 1]!;
  const labelColumn = names.indexOf(labelName);
  if (labelColumn < 0) {
    throw new CsvError(
      fileName,
      header.line,
      undefined,
      undefined,
      `no column named ${JSON.stringify(labelName)} for the label; the columns are ${names.join(', ')}`,
    );
  }
  const rows = records.slice(1);
  if (rows.length === 0)
    throw new CsvError(
      fileName,
      header.line + 1,
      undefined,
      undefined,
      'the file has a header but no data rows',
    );
  if (rows.length > MAX_ROWS) {
    throw new CsvError(
      fileName,
      rows[MAX_ROWS]!.line,
      undefined,
      undefined,
      `more than ${MAX_ROWS} data rows`,
    );
  }
  const features = names.length - 1;
  const featureNames = names.filter((_, c) => c !== labelColumn);
  const x = new Float64Array(rows.length * features);
  const labels: string[] = [];
  rows.forEach((row, r) => {
    if (row.fields.length !== names.length) {
      const few = row.fields.length < names.length;
      throw new CsvError(
        fileName,
        row.line,
        few ? row.fields.length + 1 : names.length + 1,
        few ? names[row.fields.length] : undefined,
        `the row has ${row.fields.length} field${row.fields.length === 1 ? '' : 's'} but the header has ${names.length}`,
      );
    }
    let f = 0;
    row.fields.forEach((cell, c) => {
      if (c === labelColumn) {
        if (cell === '') throw new CsvError(fileName, row.line, c + 1, names[c], 'the label is empty');
        labels.push(cell);
        return;
      }
      const v = parseNumber(cell);
      if (v === undefined || !Number.isFinite(v)) {
        const problem =
          cell === ''
            ? 'the value is empty; every feature needs a number'
            : /^[+-]?(nan|inf(inity)?)$/i.test(cell) || (v !== undefined && !Number.isFinite(v))
              ? `${JSON.stringify(cell)} is not a finite number`
              : `${JSON.stringify(cell)} is not a number`;
        throw new CsvError(fileName, row.line, c + 1, names[c], problem);
      }
      x[r * features + f++] = v;
    });
  });
  const { y, classNames, task } = encodeLabels(
    labels,
    rows,
    labelColumn,
    labelName,
    fileName,
    options.task ?? 'auto',
  );
  return { x, y, size: rows.length, features, featureNames, classNames, task };
}

function encodeLabels(
  labels: readonly string[],
  rows: readonly CsvRecord[],
  column: number,
  name: string,
  fileName: string,
  want: 'auto' | 'classification' | 'regression',
): { y: Float64Array; classNames: string[]; task: Task } {
  const numbers = labels.map(parseNumber);
  const allNumeric = numbers.every((v) => v !== undefined && Number.isFinite(v));
  const distinct = [...new Set(labels)];
  const integerClasses =
    allNumeric && numbers.every((v) => Number.isInteger(v)) && new Set(numbers).size <= MAX_CLASSES;
  const regression = want === 'regression' || (want === 'auto' && allNumeric && !integerClasses);
  if (regression) {
    const y = new Float64Array(labels.length);
    labels.forEach((cell, r) => {
      const v = numbers[r];
      if (v === undefined || !Number.isFinite(v)) {
        throw new CsvError(
          fileName,
          rows[r]!.line,
          column + 1,
          name,
          `${JSON.stringify(cell)} is not a number (the task is regression)`,
        );
      }
      y[r] = v;
    });
    return { y, classNames: [], task: 'regression' };
  }
  // numeric classes in numeric order (0, 1, 2, 10), named as first written; text classes in order of appearance
  const index = new Map<string, number>();
  let classNames: string[];
  if (allNumeric) {
    const values = [...new Set(numbers as number[])].sort((a, b) => a - b);
    classNames = values.map((v) => labels[numbers.indexOf(v)]!);
    for (const [r, cell] of labels.entries()) index.set(cell, values.indexOf(numbers[r]!));
  } else {
    classNames = distinct;
    for (const [k, c] of classNames.entries()) index.set(c, k);
  }
  const count = new Set(index.values()).size;
  if (count < 2) {
    throw new CsvError(
      fileName,
      rows[0]!.line,
      column + 1,
      name,
      `every row has the label ${JSON.stringify(labels[0])}; classification needs at least 2 classes`,
    );
  }
  if (count > MAX_CLASSES) {
    throw new CsvError(
      fileName,
      rows[0]!.line,
      column + 1,
      name,
      `the label column has ${count} distinct values; classification takes at most ${MAX_CLASSES} classes${allNumeric ? ' (use task "regression" for numeric targets)' : ''}`,
    );
  }
  const y = Float64Array.from(labels, (cell) => index.get(cell)!);
  return { y, classNames, task: count > 2 ? 'multiclass' : 'binary' };
}
