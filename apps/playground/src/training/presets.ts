import type { TrainConfigInput } from '@rectify/train';

/** A one-click setup that makes one of the stories of activations and losses visible. */
export interface Preset {
  readonly id: string;
  readonly title: string;
  /** What to watch, and what to change to see the fix. */
  readonly story: string;
  readonly config: TrainConfigInput;
}

const circle = { name: 'circle', noise: 0.05 } as const;

export const presets: readonly Preset[] = [
  {
    id: 'xor-linear',
    title: 'XOR (no hidden layer fails)',
    story:
      'With no hidden layer the network is one straight line through the plane, and no line separates XOR’s quadrants: accuracy stays near 50%. Add a hidden layer and it is solved in a few epochs.',
    config: { dataset: { name: 'xor', noise: 0.05 }, layers: [] },
  },
  {
    id: 'dying-relu',
    title: 'Dying ReLU (bias −3)',
    story:
      'Every hidden bias starts at −3, so every ReLU’s sum is negative on every point: the units output 0, pass back no gradient and never recover. 100% dead units, gradient norm 0 in the hidden layers, accuracy at chance.',
    config: { dataset: circle, layers: [8, 8], activation: 'relu', biasInit: -3 },
  },
  {
    id: 'leaky-prelu',
    title: 'Leaky ReLU / PReLU fix',
    story:
      'The same start with Leaky ReLU (slope 0.1, first layer) and PReLU (second): both keep a slope below 0, so gradients flow, the units come back to life and the circle is learned. PReLU learns its slopes (right), starting at 0.25.',
    config: {
      dataset: circle,
      layers: [
        { units: 8, activation: 'leakyRelu', params: { alpha: 0.1 } },
        { units: 8, activation: 'prelu' },
      ],
      biasInit: -3,
    },
  },
  {
    id: 'deep-sigmoid',
    title: 'Sigmoid vanishing gradients (deep sigmoid net)',
    story:
      'Six sigmoid layers trained with plain SGD: σ′ is at most 0.25, so the gradient shrinks at every layer on its way back. The gradient norms (right) fall by orders of magnitude towards the input and the network barely learns. Switch the layers to relu to compare.',
    config: {
      dataset: circle,
      layers: [8, 8, 8, 8, 8, 8],
      activation: 'sigmoid',
      optimizer: 'sgd',
      learningRate: 0.3,
      momentum: 0,
    },
  },
  {
    id: 'spiral-softmax',
    title: 'Spiral with softmax (3 classes)',
    story:
      'Three interleaved arms: the output is a softmax over three logits trained with categorical cross-entropy, and each region takes the colour of its most probable class.',
    config: {
      dataset: { name: 'spiral', classes: 3, samples: 600, noise: 0.02 },
      layers: [24, 24],
      activation: 'prelu',
      learningRate: 0.01,
    },
  },
  {
    id: 'bce-vs-mse',
    title: 'BCE vs MSE',
    story:
      'Squared error after a sigmoid: its gradient carries σ′(z), which vanishes where the network is confidently wrong, so learning crawls. Switch the output to sigmoid + binary cross-entropy: the same network, seed and optimizer pass 95% in about half the epochs.',
    config: {
      dataset: circle,
      layers: [8],
      activation: 'tanh',
      loss: 'meanSquaredError',
      optimizer: 'sgd',
      learningRate: 0.3,
      momentum: 0,
    },
  },
];
