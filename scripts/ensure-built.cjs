// Builds dist/ when it is missing or older than any source file, so `npm run demo|cli|bench` work from a clean clone.
const { execSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
    const p = join(dir, e.name);
    return Math.max(max, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }, 0);

const marker = join(root, 'dist', 'main.js');
if (!existsSync(marker) || statSync(marker).mtimeMs < newest(join(root, 'src'))) {
  execSync('npx nest build', { cwd: root, stdio: 'inherit' });
}
