// The browser tests drive a real Chromium. Playwright's own download cannot work here, so this uses
// Debian's package: it checks for one and, as root on Debian/Ubuntu, installs it; otherwise it says how.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
  Boolean,
);
const found = candidates.find((p) => existsSync(p));
if (found) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isRoot && existsSync('/usr/bin/apt-get')) {
  console.log("Chromium not found: installing Debian's chromium for the browser tests (about a minute)…");
  const run = (args) =>
    execFileSync('apt-get', args, {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  run(['update', '-qq']);
  run(['install', '-y', '-qq', 'chromium', 'fonts-dejavu-core']);
  console.log('Chromium installed at /usr/bin/chromium.');
  process.exit(0);
}
console.error(
  'The browser tests need Chromium. Install it (Debian/Ubuntu: sudo apt-get install chromium) ' +
    'or set CHROMIUM_PATH to a Chromium or Chrome binary, then run the tests again.',
);
process.exit(1);
