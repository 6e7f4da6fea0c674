import { getSpec, opIds } from '@rectify/core';
import { encodeConfig, resolveConfig } from '@rectify/train';
import { describe, expect, it } from 'vitest';
import { withLossLab } from '../src/loss-lab/state.js';
import { defaultParams, paramDefs } from '../src/params.js';
import {
  type AppState,
  backendNames,
  defaultState,
  maxCompared,
  pages,
  parseState,
  reservedKeys,
  serializeState,
  withChanges,
} from '../src/state.js';

const roundTrip = (s: AppState) => parseState(serializeState(s));

describe('URL state', () => {
  it('gives the defaults for an empty or missing hash', () => {
    expect(parseState('')).toEqual(defaultState());
    expect(parseState('#')).toEqual(defaultState());
    expect(parseState('#/')).toEqual(defaultState());
  });

  it('round-trips every field', () => {
    const config = resolveConfig({ dataset: 'moons', layers: [4], activation: 'prelu', seed: 2 });
    const state: AppState = {
      page: 'compare',
      op: 'leakyRelu',
      params: { alpha: 0.1 },
      backend: 'tfjs-wasm',
      x: -1.5,
      compare: ['gelu', 'silu', 'mish'],
      sweep: { op: 'elu', param: 'alpha', values: [0.5, 1, 2] },
      lossLab: {
        op: 'categoricalCrossentropy',
        params: { fromLogits: true, labelSmoothing: 0.1 },
        target: 2,
        classes: 4,
      },
      training: { config, problem: null },
    };
    const hash = serializeState(state);
    expect(hash).toBe(
      '#/compare?op=leakyRelu&alpha=0.1&backend=tfjs-wasm&x=-1.5&compare=gelu,silu,mish&sweep=elu.alpha&values=0.5,1,2' +
        `&loss=categoricalCrossentropy&loss.fromLogits=true&loss.labelSmoothing=0.1&target=2&classes=4&train=${encodeConfig(config)}`,
    );
    expect(parseState(hash)).toEqual(state);
  });

  it('round-trips every op at its defaults on every page and backend', () => {
    for (const op of opIds) {
      for (const page of pages) {
        for (const backend of backendNames) {
          const s = withChanges(defaultState(), { op, page, backend });
          expect(roundTrip(s)).toEqual(s);
        }
      }
    }
  });

  it('round-trips enum, boolean and prelu-alpha params', () => {
    const cases: AppState[] = [
      withChanges(defaultState(), { op: 'gelu', params: { approximate: 'tanh' } }),
      withChanges(defaultState(), {
        op: 'binaryCrossentropy',
        params: { fromLogits: true, labelSmoothing: 0.2 },
      }),
      withChanges(defaultState(), {
        op: 'rrelu',
        params: { lower: 0.1, upper: 0.2, training: true, seed: 7 },
      }),
      withChanges(defaultState(), { op: 'prelu', params: { alpha: 0.4 } }),
      withChanges(defaultState(), { op: 'hardTanh', params: { min: -2, max: 0.5 } }),
      // hardTanh takes ±Infinity for "no clipping"
      withChanges(defaultState(), { op: 'hardTanh', params: { min: Number.NEGATIVE_INFINITY, max: 1 } }),
    ];
    for (const s of cases) expect(roundTrip(s)).toEqual(s);
    expect(cases[5]!.params.min).toBe(Number.NEGATIVE_INFINITY);
    expect(cases[3]!.params).toEqual({ alpha: 0.4 });
    expect(serializeState(cases[0]!)).toBe('#/explorer?op=gelu&approximate=tanh');
  });

  it('keeps the op, params and sweep values exact (shortest round-trip numbers)', () => {
    const s = withChanges(defaultState(), { op: 'leakyRelu', params: { alpha: 0.1 + 0.2 }, x: 1 / 3 });
    expect(roundTrip(s)).toEqual(s);
  });

  it('falls back to defaults for bad values, field by field', () => {
    const d = defaultState();
    expect(parseState('#/nowhere?op=leakyRelu')).toEqual(d);
    expect(parseState('#/explorer?op=notAnOp')).toEqual(d);
    expect(parseState('#/explorer?op=leakyRelu&alpha=abc')).toEqual(d);
    expect(parseState('#/explorer?op=leakyRelu&alpha=NaN')).toEqual(d);
    expect(parseState('#/explorer?op=leakyRelu&alpha=0x10')).toEqual(d);
    expect(parseState('#/explorer?op=leakyRelu&alpha=')).toEqual(d);
    expect(parseState('#/explorer?op=leakyRelu&backend=gpu')).toEqual(d);
    expect(parseState('#/explorer?op=leakyRelu&x=Infinity')).toEqual(d);
    expect(parseState('#/explorer?op=leakyRelu&unknown=1')).toEqual(d);
    // out of the schema's range: softplus's beta must be > 0
    expect(parseState('#/explorer?op=softplus&beta=0').params).toEqual(defaultParams('softplus'));
    expect(parseState('#/explorer?op=softplus&beta=-1&backend=onnx').backend).toBe('onnx');
    // wrong kinds: an enum value that is not one, a boolean that is not true/false
    expect(parseState('#/explorer?op=gelu&approximate=fast').params).toEqual({ approximate: 'none' });
    expect(parseState('#/explorer?op=binaryCrossentropy&fromLogits=yes').params.fromLogits).toBe(false);
    // rrelu's seed is an integer
    expect(parseState('#/explorer?op=rrelu&seed=1.5').params.seed).toBe(0);
    // a broken cross-param rule (rrelu: lower ≤ upper) resets that op's params, not the rest
    const broken = parseState('#/explorer?op=rrelu&lower=0.4&upper=0.1&backend=tfjs-cpu');
    expect(broken.params).toEqual(defaultParams('rrelu'));
    expect(broken.backend).toBe('tfjs-cpu');
    // a param of another op is ignored
    expect(parseState('#/explorer?op=relu&alpha=0.3').params).toEqual({});
    // fixed params (axis, reduction) are not kept
    expect(parseState('#/explorer?op=softmax&axis=0').params).toEqual({});
    expect(parseState('#/explorer?op=huber&reduction=sum').params).toEqual({ delta: 1 });
  });

  it('keeps good values next to bad ones', () => {
    const s = parseState(
      '#/compare?op=elu&alpha=2&backend=nope&compare=relu,bogus,gelu,relu,meanSquaredError',
    );
    expect(s.page).toBe('compare');
    expect(s.params).toEqual({ alpha: 2 });
    expect(s.backend).toBe('cpu');
    // unknown ids, repeats and losses are dropped from the compared activations
    expect(s.compare).toEqual(['relu', 'gelu']);
  });

  it('checks sweeps: op, param and values', () => {
    const d = defaultState().sweep;
    expect(parseState('#/compare?sweep=nope.alpha').sweep).toEqual(d);
    expect(parseState('#/compare?sweep=leakyRelu.beta').sweep).toEqual(d);
    expect(parseState('#/compare?sweep=softmax.axis').sweep).toEqual(d);
    expect(parseState('#/compare?sweep=meanSquaredError.delta').sweep).toEqual(d);
    expect(parseState('#/compare?sweep=huber.delta').sweep).toEqual(d);
    expect(parseState('#/compare?sweep=softplus.beta&values=1,0,-2,x,2,1').sweep).toEqual({
      op: 'softplus',
      param: 'beta',
      values: [1, 2],
    });
    expect(parseState('#/compare?sweep=prelu.alpha&values=0.1,0.2').sweep).toEqual({
      op: 'prelu',
      param: 'alpha',
      values: [0.1, 0.2],
    });
    expect(parseState('#/compare?sweep=elu.alpha').sweep.values).toEqual([]);
  });

  it('reads values without sweep as values of the default sweep (leakyRelu.alpha)', () => {
    expect(parseState('#/compare?values=0.5,0.7,x,0.5').sweep).toEqual({
      op: 'leakyRelu',
      param: 'alpha',
      values: [0.5, 0.7],
    });
    expect(parseState('#/compare?values=').sweep.values).toEqual([]);
  });

  it('round-trips sweeps whose values equal another sweep’s defaults', () => {
    const d = defaultState();
    const cases: AppState['sweep'][] = [
      { op: 'leakyRelu', param: 'alpha', values: [0.5] },
      { op: 'leakyRelu', param: 'alpha', values: [] },
      { op: 'elu', param: 'alpha', values: [0, 0.1, 0.2, 0.3] },
      { op: 'elu', param: 'alpha', values: [] },
    ];
    for (const sweep of cases) expect(roundTrip({ ...d, sweep })).toEqual({ ...d, sweep });
    expect(serializeState(d)).not.toContain('values');
    expect(serializeState({ ...d, sweep: cases[0]! })).toContain('values=0.5');
  });

  it('checks a sweep given to withChanges as the URL’s is checked', () => {
    const s = withChanges(defaultState(), {
      sweep: { op: 'softplus', param: 'beta', values: [1, 0, -2, Number.NaN, 2, 1, -0] },
    });
    expect(s.sweep).toEqual(parseState('#/compare?sweep=softplus.beta&values=1,0,-2,x,2,1').sweep);
    const many = Array.from({ length: 20 }, (_, i) => i / 10);
    expect(
      withChanges(defaultState(), { sweep: { op: 'elu', param: 'alpha', values: many } }).sweep.values,
    ).toEqual(many.slice(0, maxCompared));
    expect(withChanges(defaultState(), { sweep: { op: 'elu', param: 'nope', values: [1] } }).sweep).toEqual(
      defaultState().sweep,
    );
  });

  it('never throws on garbage', () => {
    const garbage = [
      '#%',
      '#/%E0%A4%A',
      '#/explorer?%%%',
      '#/explorer?op=%E0%A4%A&alpha=%',
      '#/explorer?op=leakyRelu&alpha=1e400',
      `#/explorer?${'a=1&'.repeat(1000)}`,
      '#/explorer?op=__proto__&constructor=1',
      '#/explorer?op=hasOwnProperty',
      '#/compare?compare=,,,&values=,,',
      '#/training?train=%%%',
      '#/training?train=eyJ2Ijox',
      '#/training?train=&train=x',
    ];
    for (const hash of garbage) {
      const s = parseState(hash);
      expect(opIds).toContain(s.op);
      // a training link that could not be used is told once; the URL then holds what is shown
      expect(roundTrip(s)).toEqual({ ...s, training: { ...s.training, problem: null } });
    }
    expect(parseState('#/explorer?op=leakyRelu&alpha=1e400').params).toEqual({ alpha: 0.01 });
    expect(parseState('#/explorer?op=__proto__').op).toBe('leakyRelu');
  });

  it('resets params and the probe when the op changes', () => {
    const s = withChanges(defaultState(), { params: { alpha: 0.3 }, x: 2 });
    const t = withChanges(s, { op: 'elu' });
    expect(t.params).toEqual({ alpha: 1 });
    expect(t.x).toBeNull();
    expect(withChanges(s, { backend: 'onnx' }).x).toBe(2);
  });

  it('keeps the loss lab: loss, its params, target and classes, each checked', () => {
    const d = defaultState().lossLab;
    expect(d).toEqual({
      op: 'binaryCrossentropy',
      params: { fromLogits: false, labelSmoothing: 0 },
      target: 1,
      classes: 3,
    });
    expect(serializeState(withChanges(defaultState(), { page: 'loss-lab' }))).toBe('#/loss-lab?op=leakyRelu');
    const lab = (hash: string) => parseState(`#/loss-lab?${hash}`).lossLab;
    expect(lab('loss=huber&loss.delta=0.5&target=-1.5')).toEqual({
      op: 'huber',
      params: { delta: 0.5 },
      target: -1.5,
      classes: 3,
    });
    // not a loss, a bad param, a target out of the loss's range, too many classes
    expect(lab('loss=relu')).toEqual(d);
    expect(lab('loss=huber&loss.delta=-1').params).toEqual({ delta: 1 });
    expect(lab('loss=huber&delta=0.5').params).toEqual({ delta: 1 });
    expect(lab('loss=huber&target=7').target).toBe(0);
    expect(lab('target=1.5').target).toBe(1);
    expect(lab('target=0.25').target).toBe(0.25);
    expect(lab('classes=9').classes).toBe(3);
    expect(lab('classes=2.5').classes).toBe(3);
    // hinge takes the labels −1 and 1; class targets are class indices below `classes`
    expect(lab('loss=hinge&target=0').target).toBe(1);
    expect(lab('loss=hinge&target=-1').target).toBe(-1);
    expect(lab('loss=sparseCategoricalCrossentropy&target=4&classes=5').target).toBe(4);
    expect(lab('loss=sparseCategoricalCrossentropy&target=4&classes=3').target).toBe(0);
    expect(lab('loss=categoricalCrossentropy&target=1.5').target).toBe(0);
    // the explorer's op and params are a separate thing
    const both = parseState('#/loss-lab?op=huber&delta=2&loss=huber&loss.delta=0.5');
    expect(both.params).toEqual({ delta: 2 });
    expect(both.lossLab.params).toEqual({ delta: 0.5 });
    expect(roundTrip(both)).toEqual(both);
  });

  it('gives another loss its own defaults in the lab', () => {
    const s = withChanges(defaultState(), {
      lossLab: withLossLab(defaultState().lossLab, { params: { labelSmoothing: 0.2 }, target: 0 }),
    });
    expect(s.lossLab.params.labelSmoothing).toBe(0.2);
    const huber = withLossLab(s.lossLab, { op: 'huber' });
    expect(huber).toEqual({ op: 'huber', params: { delta: 1 }, target: 0, classes: 3 });
    const cce = withLossLab(huber, { op: 'categoricalCrossentropy', classes: 5 });
    expect(withLossLab(withLossLab(cce, { target: 4 }), { classes: 2 }).target).toBe(0);
    for (const op of opIds.filter((id) => getSpec(id).kind === 'loss')) {
      const t = withChanges(defaultState(), { page: 'loss-lab', lossLab: withLossLab(s.lossLab, { op }) });
      expect(t.lossLab.op).toBe(op);
      expect(roundTrip(t)).toEqual(t);
    }
  });

  it('uses no reserved URL key as a param name', () => {
    for (const op of opIds) {
      for (const name of Object.keys(paramDefs(op))) expect(reservedKeys).not.toContain(name);
      expect(getSpec(op).id).toBe(op);
    }
  });
});
