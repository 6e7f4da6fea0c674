import { createCpuBackend } from '@rectify/backend-cpu';
import { isRectifyError } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { CsvError, makeDataset, parseCsv, readCsv, resolveConfig, Trainer } from '../src/index.js';

/** The CsvError that reading `text` throws. */
function csvError(text: string, options: Parameters<typeof readCsv>[1] = {}): CsvError {
  try {
    readCsv(text, { fileName: 'mine.csv', ...options });
  } catch (err) {
    expect(err).toBeInstanceOf(CsvError);
    expect(isRectifyError(err)).toBe(true);
    expect((err as Error).name).toBe('InvalidInputError');
    return err as CsvError;
  }
  throw new Error('expected a CsvError');
}

describe('parseCsv', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks; skips blank lines; CRLF; BOM', () => {
    const text = '\uFEFFa,b,c\r\n1, 2 ,"x, ""y"""\r\n\r\n3,4,"two\nlines"\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '2', 'x, "y"'] },
      { line: 4, fields: ['3', '4', 'two\nlines'] },
    ]);
  });

  it('takes semicolons or tabs when the header uses them', () => {
    expect(parseCsv('a;b\n1,5;2\n')[1]!.fields).toEqual(['1,5', '2']);
    expect(parseCsv('a\tb\n1\t2')[1]!.fields).toEqual(['1', '2']);
  });

  it('says where a quote is never closed or text follows a closing quote', () => {
    expect(csvError('a,b\n1,"open\n2,3\n')).toMatchObject({ line: 2, column: 2 });
    expect(csvError('a,b\n1,"x"y\n').message).toBe(
      'mine.csv: line 2, column 2: unexpected "y" after a closing quote',
    );
  });
});

describe('readCsv', () => {
  it('reads features and text labels (classes in order of appearance)', () => {
    const t = readCsv('height,weight,sport\n1.8,80,rowing\n1.6,55,climbing\n1.7,70,rowing\n');
    expect(t).toMatchObject({ size: 3, features: 2, featureNames: ['height', 'weight'], task: 'binary' });
    expect(t.classNames).toEqual(['rowing', 'climbing']);
    expect(Array.from(t.x)).toEqual([1.8, 80, 1.6, 55, 1.7, 70]);
    expect(Array.from(t.y)).toEqual([0, 1, 0]);
  });

  it('a label column by name; integer labels are classes in numeric order, other numbers a regression', () => {
    const classes = readCsv('y,a\n2,0.5\n0,1\n10,2\n', { label: 'y' });
    expect(classes).toMatchObject({ task: 'multiclass', classNames: ['0', '2', '10'], featureNames: ['a'] });
    expect(Array.from(classes.y)).toEqual([1, 0, 2]);
    const values = readCsv('a,y\n1,0.5\n2,1.25\n3,-2e-1\n');
    expect(values).toMatchObject({ task: 'regression', classNames: [] });
    expect(Array.from(values.y)).toEqual([0.5, 1.25, -0.2]);
    expect(readCsv('a,y\n1,0\n2,1\n', { task: 'regression' }).task).toBe('regression');
  });

  it('errors say the file, line and column', () => {
    expect(csvError('').message).toBe(
      'mine.csv: line 1: the file is empty; it needs a header row and data rows',
    );
    expect(csvError('a,b\n').message).toBe('mine.csv: line 2: the file has a header but no data rows');
    expect(csvError('a\n1\n').message).toMatch(/line 1: the header has 1 column; a dataset needs at least 2/);
    expect(csvError('a,,c\n1,2,3\n')).toMatchObject({ line: 1, column: 2 });
    expect(csvError('a,b,a\n1,2,3\n').message).toBe(
      'mine.csv: line 1, column 3 ("a"): repeats the column name of column 1',
    );
    const few = csvError('x1,x2,label\n1,2,0\n3,4\n5,6,1\n');
    expect(few.message).toBe(
      'mine.csv: line 3, column 3 ("label"): the row has 2 fields but the header has 3',
    );
    expect([few.line, few.column, few.columnName]).toEqual([3, 3, 'label']);
    expect(csvError('a,b\n1,2,3\n')).toMatchObject({ line: 2, column: 3 });
    expect(csvError('x1,x2,label\n1,2,0\n\n3,abc,1\n').message).toBe(
      'mine.csv: line 4, column 2 ("x2"): "abc" is not a number',
    );
    expect(csvError('x,y\nNaN,1\n2,0\n').message).toMatch(
      /line 2, column 1 \("x"\): "NaN" is not a finite number/,
    );
    expect(csvError('x,y\n1e999,1\n2,0\n').message).toMatch(/"1e999" is not a finite number/);
    expect(csvError('x,y\n,1\n2,0\n').message).toMatch(/line 2, column 1 \("x"\): the value is empty/);
    expect(csvError('x,y\n1,\n2,0\n').message).toMatch(/line 2, column 2 \("y"\): the label is empty/);
    expect(csvError('x,y\n1,a\n2,b\n', { task: 'regression' }).message).toBe(
      'mine.csv: line 2, column 2 ("y"): "a" is not a number (the task is regression)',
    );
    expect(csvError('x,y\n1,a\n2,a\n').message).toMatch(
      /every row has the label "a"; classification needs at least 2 classes/,
    );
    const many = ['x,y', ...Array.from({ length: 12 }, (_, i) => `${i},c${i}`)].join('\n');
    expect(csvError(many).message).toMatch(/12 distinct values; classification takes at most 10 classes/);
    expect(csvError('x,y\n1,0\n', { label: 'z' }).message).toBe(
      'mine.csv: line 1: no column named "z" for the label; the columns are x, y',
    );
  });
});

describe('a CSV dataset', () => {
  const rows = ['a,b,class'];
  for (let i = 0; i < 40; i++)
    rows.push(`${1000 + (i % 7) * 10},${(i % 5) * 0.001},${i % 7 > 3 ? 'hi' : 'lo'}`);
  const csv = rows.join('\n');

  it('is split, standardized from its train split, and trains', async () => {
    const data = makeDataset(
      resolveConfig({ dataset: { name: 'csv', csv, fileName: 'ab.csv', testFraction: 0.25 } }).dataset,
    );
    expect(data).toMatchObject({ name: 'ab.csv', task: 'binary', features: 2, classNames: ['lo', 'hi'] });
    expect([data.train.size, data.test.size]).toEqual([30, 10]);
    expect(data.normalization!.mean[0]).toBeGreaterThan(1000);
    const trainer = await Trainer.create(
      { dataset: { name: 'csv', csv, fileName: 'ab.csv' }, layers: [4], epochs: 30 },
      { backend: createCpuBackend() },
    );
    const { final } = await trainer.train();
    expect(final.trainAccuracy).toBe(1);
  });

  it('a bad file is refused by Trainer.create before any training', async () => {
    await expect(
      Trainer.create(
        { dataset: { name: 'csv', csv: 'a,b\n1,x\n', fileName: 'bad.csv', task: 'regression' } },
        {
          backend: createCpuBackend(),
        },
      ),
    ).rejects.toMatchObject({ name: 'InvalidInputError', line: 2, column: 2, fileName: 'bad.csv' });
  });
});
