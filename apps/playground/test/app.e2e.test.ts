import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright';
import { build, type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const configFile = join(root, 'vite.config.ts');
const backends = ['cpu', 'tfjs-webgl', 'tfjs-wasm', 'tfjs-cpu', 'onnx'] as const;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

let outDir: string;
let server: PreviewServer | undefined;
let browser: Browser | undefined;
let page: Page;
let base: string;
const problems: string[] = [];

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'rectify-playground-'));
  await build({ root, configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const port = await freePort();
  server = await preview({
    root,
    configFile,
    logLevel: 'warn',
    build: { outDir },
    preview: { port, strictPort: true, host: '127.0.0.1', open: false },
  });
  base = `http://127.0.0.1:${port}/`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  // everything is served by the preview server: nothing may come from elsewhere (no CDN)
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) {
      problems.push(`request outside the app: ${r.url()}`);
    }
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.httpServer.close(() => resolve()) : resolve()));
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** The `d` of the main plot's first curve, once the plot has been drawn. */
async function plotPath(): Promise<string> {
  await page.waitForSelector('[data-testid="explorer-plot"][data-rendered="true"] svg path');
  return page.$$eval('[data-testid="explorer-plot"] svg path', (paths) =>
    paths.map((p) => p.getAttribute('d') ?? '').join('|'),
  );
}

async function waitForTitle(op: string): Promise<void> {
  await page.waitForFunction(
    (id) => document.querySelector('[data-testid="op-title"]')?.textContent === id,
    op,
  );
}

const hash = () => page.evaluate(() => location.hash);

describe('the built playground in Chromium', () => {
  it('opens on the explorer with a plot', async () => {
    await page.goto(base);
    await waitForTitle('leakyRelu');
    expect(await plotPath()).toMatch(/^M/);
    expect(await hash()).toBe('#/explorer?op=leakyRelu');
  });

  it('picks an op from the sidebar and redraws as a slider moves', async () => {
    await page.getByTestId('op-link-elu').click();
    await waitForTitle('elu');
    expect(await hash()).toBe('#/explorer?op=elu');
    const before = await plotPath();
    const slider = page.getByTestId('param-elu-alpha');
    await slider.focus();
    for (let i = 0; i < 10; i++) await slider.press('ArrowRight');
    await page.waitForFunction(
      (old) =>
        [...document.querySelectorAll('[data-testid="explorer-plot"] svg path')]
          .map((p) => p.getAttribute('d') ?? '')
          .join('|') !== old,
      before,
    );
    expect(await plotPath()).not.toBe(before);
    expect(await page.getByTestId('param-elu-alpha-value').inputValue()).toBe('1.5');
    await page.waitForFunction(() => location.hash === '#/explorer?op=elu&alpha=1.5');
  });

  for (const backend of backends) {
    it(`switches to ${backend}: the plot renders and the agreement panel shows numbers`, async () => {
      await page.getByTestId(`backend-${backend}`).check();
      await page.waitForFunction(
        (b) => document.querySelector('#plot-title')?.textContent === `f and f′ on ${b}`,
        backend,
      );
      // the plot's subtitle names the backend that computed it
      await page.waitForFunction(
        (b) =>
          document
            .querySelector('[data-testid="explorer-plot"][data-rendered="true"] svg')
            ?.textContent?.includes(`${b} float`),
        backend,
      );
      expect(await plotPath()).toMatch(/^M/);
      expect(await page.locator('[data-testid="explorer-plot-error"]').count()).toBe(0);
      // every backend's worst ULP for this curve, and this backend's conformance figures
      await page.waitForFunction(
        (names) =>
          names.every((n) =>
            document.querySelector(`[data-testid="worst-ulp-${n}"]`)?.hasAttribute('data-worst-ulp'),
          ),
        [...backends],
      );
      await page.waitForSelector(`[data-testid="conformance-${backend}-f32"][data-pass]`);
      const ulp = await page.getByTestId(`worst-ulp-${backend}`).textContent();
      expect(ulp).toMatch(/^\d+(\.\d+)?$/);
      const figure = await page.getByTestId(`conformance-${backend}-f32`).textContent();
      expect(figure).toMatch(/^\d+\/\d+, worst /);
      expect(await hash()).toContain(backend === 'cpu' ? 'op=elu&alpha=1.5' : `backend=${backend}`);
    });
  }

  it('restores a shared URL on reload, and back/forward move through the states', async () => {
    await page.goto(`${base}#/explorer?op=gelu&approximate=tanh&backend=onnx&x=0.5`);
    await page.reload();
    await waitForTitle('gelu');
    expect(await page.getByTestId('param-gelu-approximate').inputValue()).toBe('tanh');
    expect(await page.getByTestId('backend-onnx').isChecked()).toBe(true);
    expect(await page.getByTestId('probe-x').inputValue()).toBe('0.5');
    await plotPath();

    await page.getByTestId('op-link-silu').click();
    await waitForTitle('silu');
    await page.goBack();
    await waitForTitle('gelu');
    expect(await page.getByTestId('param-gelu-approximate').inputValue()).toBe('tanh');
    await page.goForward();
    await waitForTitle('silu');
    expect(await page.getByTestId('backend-onnx').isChecked()).toBe(true);
  });

  it('falls back to defaults for a bad URL without crashing', async () => {
    await page.goto(`${base}#/explorer?op=nope&alpha=abc&backend=gpu`);
    await page.reload();
    await waitForTitle('leakyRelu');
    await plotPath();
    expect(await hash()).toBe('#/explorer?op=leakyRelu');
  });

  it('shows the comparison page and the gallery', async () => {
    await page.getByTestId('tab-compare').click();
    for (const id of ['compare-plot', 'sweep-plot', 'loss-plot']) {
      await page.waitForSelector(`[data-testid="${id}"][data-rendered="true"] svg`);
    }
    expect(await page.locator('[data-testid="properties-table"] tbody tr').count()).toBe(3);
    await page.getByTestId('compare-gelu').check();
    await page.waitForFunction(() => location.hash.includes('compare=relu,leakyRelu,prelu,gelu'));
    expect(await page.locator('[data-testid="properties-table"] tbody tr').count()).toBe(4);

    await page.getByTestId('tab-gallery').click();
    await page.waitForSelector('.gallery-card');
    const cards = await page.locator('.gallery-card').count();
    await page.waitForFunction(
      (n) => document.querySelectorAll('.gallery-card [data-rendered="true"] svg').length === n,
      cards,
    );
  });

  it('opens the loss lab: a loss against its prediction, logits, Huber’s delta, BCE vs MSE in numbers', async () => {
    const labPlotText = (text: string) =>
      page.waitForFunction(
        (t) =>
          document
            .querySelector('[data-testid="loss-lab-plot"][data-rendered="true"] svg')
            ?.textContent?.includes(t),
        text,
      );
    await page.getByTestId('tab-loss-lab').click();
    await page.waitForSelector('[data-testid="loss-lab-plot"][data-rendered="true"] svg path');
    await page.waitForSelector('[data-testid="comparison-plot"][data-rendered="true"] svg');
    await page.waitForSelector('[data-testid="comparison"][data-backend="cpu"]');
    expect(await page.locator('[data-testid="comparison-table"] tbody tr').count()).toBe(7);
    expect(await page.locator('[data-testid="comparison-table"] tr.vanishing').count()).toBeGreaterThan(0);

    await page.getByTestId('loss-lab-prediction-logits').check();
    await page.waitForFunction(() => location.hash.includes('loss.fromLogits=true'));
    await labPlotText('z (logit)');

    await page.getByTestId('loss-lab-loss').selectOption('huber');
    await page.waitForFunction(() => location.hash.includes('loss=huber'));
    const delta = page.getByTestId('param-huber-delta');
    await delta.focus();
    for (let i = 0; i < 4; i++) await delta.press('ArrowRight');
    await page.waitForFunction(() => location.hash.includes('loss.delta=1.2'));
    await labPlotText('huber (delta = 1.2)');

    // the top bar's backend switch applies here too: the curve and the numbers
    await page.getByTestId('backend-onnx').check();
    await page.waitForSelector('[data-testid="comparison"][data-backend="onnx"]');
    await labPlotText('onnx float');
    expect(await page.locator('[data-testid="loss-lab-plot-error"]').count()).toBe(0);
    expect(await page.locator('[data-testid="comparison-error"]').count()).toBe(0);

    // reload keeps it all
    await page.reload();
    await labPlotText('huber (delta = 1.2)');
    expect(await page.getByTestId('loss-lab-loss').inputValue()).toBe('huber');
  });

  /** Whether this headless Chromium gives a page WebGL at all (software or not): tfjs-webgl needs it. */
  const webglAvailable = () =>
    page.evaluate(() => {
      const canvas = document.createElement('canvas');
      return Boolean(canvas.getContext('webgl2') ?? canvas.getContext('webgl'));
    });

  const figure = (id: string) => page.getByTestId(id).getAttribute('data-value').then(Number);

  for (const backend of backends) {
    it(`trains XOR on ${backend} to ≥ 95%, exports it, and ONNX Runtime Web runs the download as the trainer`, async (ctx) => {
      await page.goto(`${base}#/training?backend=${backend}`);
      await page.reload();
      if (backend === 'tfjs-webgl' && !(await webglAvailable())) {
        ctx.skip('this headless Chromium offers no WebGL context, so tfjs-webgl cannot run here');
      }
      await page.waitForSelector('[data-testid="training-lab"][data-state="ready"]');
      expect(await page.getByTestId('training-backend').textContent()).toContain(`run on ${backend}`);
      const started = Date.now();
      await page.getByTestId('training-play').click();
      // train and test accuracy both at 95% or more (the default XOR: 200 points, noise 0.1)
      await page.waitForFunction(
        () =>
          ['training-train-accuracy', 'training-test-accuracy'].every(
            (id) =>
              Number(document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-value') || 0) >=
              0.95,
          ),
        undefined,
        { timeout: 150_000 },
      );
      await page.getByTestId('training-play').click();
      await page.waitForSelector('[data-testid="training-play"][aria-pressed="false"]');
      const epoch = await page.getByTestId('training-epoch').getAttribute('data-epoch');
      console.log(
        `training lab e2e: ${backend} at ≥ 95%, paused at epoch ${epoch}, ${Date.now() - started} ms after Play`,
      );
      expect(await figure('training-train-accuracy')).toBeGreaterThanOrEqual(0.95);
      expect(await page.locator('[data-testid="training-error"]').count()).toBe(0);
      // the boundary shows the network that was paused
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="training-boundary"]')?.getAttribute('data-epoch') ===
          document.querySelector('[data-testid="training-epoch"]')?.getAttribute('data-epoch'),
      );

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('training-export').click(),
      ]);
      expect(download.suggestedFilename()).toBe(`rectify-xor-epoch-${epoch}.onnx`);
      const bytes = readFileSync((await download.path())!);
      const status = page.getByTestId('training-export-status');
      await page.waitForSelector('[data-testid="training-export-status"][data-sha256]', { timeout: 60_000 });
      // the file saved is the file ONNX Runtime Web loaded in the page and ran on every data point
      expect(await status.getAttribute('data-sha256')).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(Number(await status.getAttribute('data-bytes'))).toBe(bytes.length);
      expect(await status.getAttribute('data-points')).toBe('200');
      expect(await status.getAttribute('data-same-class')).toBe('200');
      expect(Number(await status.getAttribute('data-max-difference'))).toBeLessThan(1e-4);
      // an ONNX model: a protobuf whose ir_version field (1) comes first
      expect(bytes[0]).toBe(0x08);
    });
  }

  it('keeps the training setup in the URL: a reload shows it again', async () => {
    await page.goto(`${base}#/training`);
    await page.waitForSelector('[data-testid="training-lab"][data-state="ready"]');
    await page.getByTestId('training-preset-spiral-softmax').click();
    await page.waitForFunction(() => location.hash.includes('train='));
    const hash = await page.evaluate(() => location.hash);
    await page.reload();
    await page.waitForSelector('[data-testid="training-lab"][data-state="ready"]');
    expect(await page.evaluate(() => location.hash)).toBe(hash);
    expect(await page.getByTestId('training-dataset').inputValue()).toBe('spiral');
    expect(await page.getByTestId('training-preset-spiral-softmax').getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect(await page.title()).toBe('spiral · Training lab · Rectify playground');
  });

  it('logged no console errors, threw nothing and loaded nothing from elsewhere', () => {
    expect(problems).toEqual([]);
  });
});
