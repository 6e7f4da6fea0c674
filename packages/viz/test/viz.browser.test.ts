import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { page, server } from 'vitest/browser';
import { gallery, plotOp, toElement } from '../src/index.js';

/** Mounts an SVG string at a fixed size under a test id. */
function mount(svg: string, testId: string): HTMLElement {
  const box = document.createElement('div');
  box.dataset.testid = testId;
  box.style.cssText = 'width: 640px; height: 400px; display: block;';
  box.append(toElement(svg));
  document.body.append(box);
  return box;
}

function galleryEntry(id: string) {
  const entry = gallery.find((e) => e.id === id);
  if (!entry) throw new Error(`no gallery entry ${id}`);
  return entry;
}

beforeAll(async () => {
  await page.viewport(800, 600);
  document.body.style.margin = '0';
});

beforeEach(() => {
  document.body.replaceChildren();
});

describe('plots in Chromium', () => {
  it('toElement parses an SVG into a real SVG element', async () => {
    const box = mount(await plotOp({ op: 'relu', show: ['f'] }), 'relu');
    const svg = box.querySelector('svg')!;
    expect(svg).toBeInstanceOf(SVGSVGElement);
    expect(svg.querySelectorAll('path').length).toBe(1);
    // the clip path resolves, and the curve lies inside the plot area
    const path = svg.querySelector('path')!.getBBox();
    expect(path.width).toBeGreaterThan(400);
    expect(() => toElement('<svg><g></svg>')).toThrow(SyntaxError);
  });

  const shots: [id: string, name: string][] = [
    ['leaky-relu', 'function-and-derivative'],
    ['rectifiers-overlay', 'overlay'],
    ['leaky-relu-sweep', 'sweep'],
    ['error-sigmoid', 'error'],
    ['bce-vs-mse', 'loss'],
  ];
  it.each(shots)('%s looks like its reference (%s)', async (id, name) => {
    mount(await galleryEntry(id).render(), name);
    await expect.element(page.getByTestId(name)).toMatchScreenshot(name);
  });

  // in update mode (-u) a mismatch would overwrite the reference instead of failing
  it.skipIf(server.config.snapshotOptions.updateSnapshot === 'all')(
    'a plot with a changed stroke does not match the reference',
    async () => {
      const changed = await plotOp({ op: 'leakyRelu', params: { alpha: 0.2 } });
      mount(changed, 'function-and-derivative');
      await expect(
        expect
          .element(page.getByTestId('function-and-derivative'))
          .toMatchScreenshot('function-and-derivative', {
            timeout: 3000,
          }),
      ).rejects.toThrow();
    },
  );
});
