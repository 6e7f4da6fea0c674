import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const run = runCli;
const dir = mkdtempSync(join(tmpdir(), 'rectify-train-'));

describe('rectify train', () => {
  it('trains XOR, prints progress and the final losses and accuracies, writes the JSON and the ONNX model', async () => {
    const json = join(dir, 'xor.json');
    const model = join(dir, 'xor.onnx');
    const r = await run([
      'train',
      '--dataset',
      'xor',
      '--noise',
      '0',
      '--layers',
      '8,8',
      '--activation',
      'leakyRelu',
      '--param',
      'alpha=0.05',
      '--loss',
      'binaryCrossentropy',
      '--optimizer',
      'adam',
      '--lr',
      '0.03',
      '--epochs',
      '20',
      '--seed',
      '3',
      '--backend',
      'cpu',
      '--json',
      json,
      '--onnx',
      model,
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^train: xor \(140 train \/ 60 test points, 2 classes\); 2 → 8 leakyRelu → 8 leakyRelu → 1 sigmoid; binaryCrossentropy; adam lr 0\.03/,
    );
    expect(r.out).toMatch(/^epoch {2}0\/20 {2}train loss [\d.]+ {2}acc +[\d.]+% {3}test loss/m);
    expect(r.out).toMatch(/^epoch 20\/20 /m);
    expect(r.out).toMatch(/^final train loss [\d.e-]+, accuracy 100\.0%$/m);
    expect(r.out).toMatch(/^final test loss [\d.e-]+, accuracy \d+\.\d%$/m);
    expect(r.out).toMatch(/^dead units per hidden layer: 0\.0%, 0\.0%$/m);
    expect(r.out).toMatch(/^share: --config [A-Za-z0-9_-]+$/m);

    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.schema).toBe('rectify-train/1');
    expect(report.config.layers[0]).toEqual({ units: 8, activation: 'leakyRelu', params: { alpha: 0.05 } });
    expect(report.history).toHaveLength(21);
    expect(report.history.map((m: { epoch: number }) => m.epoch)).toEqual([...Array(21).keys()]);
    expect(Object.keys(report.history[5])).toEqual([
      'epoch',
      'steps',
      'trainLoss',
      'testLoss',
      'trainAccuracy',
      'testAccuracy',
      'penalty',
      'deadUnits',
      'preluSlopes',
      'gradientNorms',
    ]);
    expect(report.final.trainAccuracy).toBe(1);
    expect(report.final.deadUnits).toEqual([0, 0]);
    expect(report.final.preluSlopes).toEqual([null, null]);

    const session = await ort.InferenceSession.create(readFileSync(model));
    const x = new ort.Tensor('float32', new Float32Array([0.8, 0.8, -0.8, 0.8]), [2, 2]);
    const y = (await session.run({ x })).y!;
    expect(y.dims).toEqual([2, 1]);
    expect(Array.from(y.data as Float32Array).map((p) => (p > 0.5 ? 1 : 0))).toEqual([0, 1]);
    await session.release();
  });

  it('reports dead ReLU units and learned PReLU slopes', async () => {
    const json = join(dir, 'dead.json');
    const dead = await run([
      'train',
      '--dataset',
      'circle',
      '--activation',
      'relu',
      '--bias-init=-3',
      '--epochs',
      '3',
      '--json',
      json,
    ]);
    expect(dead.code).toBe(0);
    expect(dead.out).toMatch(/^dead units per hidden layer: 100\.0%, 100\.0%$/m);
    expect(JSON.parse(readFileSync(json, 'utf8')).final.deadUnits).toEqual([1, 1]);
    const prelu = await run([
      'train',
      '--dataset',
      'circle',
      '--activation',
      'prelu',
      '--param',
      'alpha=0.1',
      '--epochs',
      '3',
      '--json',
      json,
    ]);
    expect(prelu.code).toBe(0);
    expect(prelu.out).toMatch(/^PReLU slopes of layer 1: mean -?[\d.]+, min -?[\d.]+, max -?[\d.]+$/m);
    const slopes = JSON.parse(readFileSync(json, 'utf8')).final.preluSlopes;
    expect(slopes[0]).toHaveLength(8);
    expect(slopes[0].some((a: number) => a !== 0.1)).toBe(true);
  });

  it('one activation per layer, several classes, regression without accuracy', async () => {
    const mixed = await run([
      'train',
      '--dataset',
      'spiral',
      '--classes',
      '3',
      '--layers',
      '6,4',
      '--activation',
      'elu,tanh',
      '--epochs',
      '2',
    ]);
    expect(mixed.code).toBe(0);
    expect(mixed.out).toMatch(/2 → 6 elu → 4 tanh → 3 softmax; categoricalCrossentropy/);
    const regression = await run([
      'train',
      '--dataset',
      'sine',
      '--loss',
      'huber',
      '--loss-param',
      'delta=0.5',
      '--epochs',
      '2',
      '--layers',
      'none',
    ]);
    expect(regression.code).toBe(0);
    expect(regression.out).toMatch(/2 → 1 linear; huber/);
    expect(regression.out).toMatch(/^final train loss [\d.e-]+$/m);
    expect(regression.out).not.toMatch(/accuracy/);
  });

  it('trains on a CSV file, and says the line and column of a bad one', async () => {
    const file = join(dir, 'people.csv');
    const rows = ['height,weight,sport'];
    for (let i = 0; i < 40; i++)
      rows.push(`${150 + ((i * 7) % 50)},${50 + ((i * 11) % 40)},${i % 2 ? 'rowing' : 'climbing'}`);
    writeFileSync(file, rows.join('\n'));
    const ok = await run(['train', '--dataset', file, '--epochs', '2', '--layers', '4']);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(
      /^train: people\.csv \(28 train \/ 12 test points, 2 classes\); 2 → 4 leakyRelu → 1 sigmoid/,
    );
    const json = join(dir, 'csv.json');
    await run(['train', '--dataset', file, '--epochs', '1', '--json', json]);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.config.dataset).toMatchObject({ name: 'csv', fileName: 'people.csv' });
    expect(report.config.dataset.csv).toBeUndefined();

    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'x1,x2,label\n1,2,a\n3,oops,b\n');
    const r = await run(['train', '--dataset', bad]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('rectify train: bad.csv: line 3, column 2 ("x2"): "oops" is not a number');
    const missing = await run(['train', '--dataset', join(dir, 'nowhere.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot read .*nowhere\.csv/);
    expect((await run(['train', '--dataset', file, '--samples', '10'])).err).toMatch(
      /--samples is for generated datasets/,
    );
  });

  it('--config replays a shared setup; flags override it', async () => {
    const first = await run([
      'train',
      '--dataset',
      'moons',
      '--layers',
      '5',
      '--activation',
      'tanh',
      '--epochs',
      '3',
      '--seed',
      '4',
    ]);
    const code = first.out.match(/^share: --config (\S+)$/m)![1]!;
    const again = await run(['train', '--config', code]);
    expect(again.code).toBe(0);
    const finals = (out: string) => out.split('\n').filter((l) => l.startsWith('final'));
    expect(finals(again.out)).toEqual(finals(first.out));
    const more = await run(['train', '--config', code, '--epochs', '4']);
    expect(more.out).toMatch(/^epoch 4\/4 /m);
    expect(more.out).toMatch(/2 → 5 tanh → 1 sigmoid/);
    expect((await run(['train', '--config', 'not!a code'])).err).toMatch(/not a share string/);
  });

  it('runs on the onnx backend', async () => {
    const r = await run(['train', '--dataset', 'gauss', '--epochs', '2', '--backend', 'onnx']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/2 epochs on onnx \(float32\)/);
  });

  it('exits 2 on bad input before training, writing nothing', async () => {
    const json = join(dir, 'never.json');
    const bad = async (args: string[], message: RegExp) => {
      const r = await run(['train', ...args, '--json', json]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.out).toBe('');
    };
    await bad(['--dataset', 'blobs'], /unknown dataset "blobs"; datasets: xor, circle/);
    await bad(['--lr', '0'], /learningRate must be in \(0, ∞\), got 0/);
    await bad(['--lr', 'fast'], /learningRate must be a finite number, got NaN/);
    await bad(['--activation', 'reluu'], /unknown activation "reluu"/);
    await bad(['--activation', 'relu,tanh,elu'], /3 activations for 2 hidden layers/);
    await bad(['--layers', '8,0'], /layers\[1\]\.units must be in \[1, 1024\], got 0/);
    await bad(['--loss', 'huber'], /huber is for regression, but xor has 2 classes/);
    await bad(['--param', 'alpha=abc'], /param "alpha" must be a number/);
    await bad(['--backend', 'all'], /train runs on one backend/);
    await bad(['--dtype', 'float64', '--backend', 'tfjs-cpu'], /does not compute in float64/);
    await bad(['--epochs', '1', '--frobnicate'], /Unknown option '--frobnicate'/);
    expect(existsSync(json)).toBe(false);
  });

  it('is listed in the usage and has --help', async () => {
    expect((await run(['--help'])).out).toMatch(/rectify train \[--dataset/);
    const help = await run(['train', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/--bias-init B/);
  });
});
