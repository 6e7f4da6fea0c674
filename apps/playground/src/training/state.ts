import {
  decodeConfig,
  encodeConfig,
  makeDataset,
  resolveConfig,
  resolveHead,
  type TrainConfig,
} from '@rectify/train';
import { errorMessage } from '../dom.js';

/** What the training lab shows, kept in the URL as `train=<share string of @rectify/train>`. */
export interface TrainingLab {
  /** The whole setup: data, network, loss, optimizer, seeds. */
  readonly config: TrainConfig;
  /**
   * Why the URL's setup was not used (the lab fell back to the default one), for the lab to say so.
   * Not part of the URL: the URL is rewritten to the setup shown.
   */
  readonly problem: string | null;
}

/** The lab's URL key; its value is {@link encodeConfig}'s string, which has no `&` or `=`. */
export const trainingKeys = ['train'] as const;

const defaultConfig: TrainConfig = resolveConfig({});

export function defaultTrainingLab(): TrainingLab {
  return { config: defaultConfig, problem: null };
}

// configs are frozen and kept across state changes, so a config's share string is worked out once
// (it can hold a whole CSV file, and every tab's link is made from it)
const codes = new WeakMap<TrainConfig, string>();

/** The share string of a config (`encodeConfig`), cached per config object. */
export function shareCode(config: TrainConfig): string {
  let code = codes.get(config);
  if (code === undefined) {
    code = encodeConfig(config);
    codes.set(config, code);
  }
  return code;
}

/**
 * Throws what the trainer would throw when made from this config before any training: a CSV that is
 * not a dataset (`CsvError`, with line and column), a loss that does not fit the data.
 */
export function checkSetup(config: TrainConfig): void {
  resolveHead(config.loss, config.lossParams, makeDataset(config.dataset));
}

/** The lab a URL's query describes: the default setup, with a message, when `train` is not a usable one. */
export function parseTrainingLab(query: URLSearchParams): TrainingLab {
  const code = query.get('train');
  if (code === null) return defaultTrainingLab();
  try {
    const config = decodeConfig(code);
    checkSetup(config);
    return { config, problem: null };
  } catch (err) {
    return {
      config: defaultConfig,
      problem: `The training setup in this link could not be used, so the lab shows its default setup. ${errorMessage(err)}`,
    };
  }
}

/** Writes the setup into a URL query unless it is the default one. */
export function writeTrainingLab(query: URLSearchParams, lab: TrainingLab): void {
  const code = shareCode(lab.config);
  if (code !== shareCode(defaultConfig)) query.set('train', code);
}

export const sameConfig = (a: TrainConfig, b: TrainConfig) => a === b || shareCode(a) === shareCode(b);

export function sameTrainingLab(a: TrainingLab, b: TrainingLab): boolean {
  return sameConfig(a.config, b.config) && a.problem === b.problem;
}

/** The lab showing a config the user chose (any earlier problem with the URL is then moot). */
export function trainingLabOf(config: TrainConfig): TrainingLab {
  return { config, problem: null };
}
