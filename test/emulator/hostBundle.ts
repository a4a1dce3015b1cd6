/**
 * Builds the browser side of the emulator (host/*.tsx, type-checked with host/tsconfig.json)
 * with webpack's Node API into out/emulator-host: host.js for `/_host/`, and the sample
 * extension page (sample-page.html + .js) served at `/_sample/` on the content origin.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import webpack from 'webpack';
import { REPO_ROOT } from '../support/paths';
import { DEFAULT_HOST_BUNDLE_DIR } from './index';

/** Sources live beside the compiled output's source tree, not in out/. */
export const HOST_SOURCE_DIR = join(REPO_ROOT, 'test', 'emulator', 'host');

const SAMPLE_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Emulator sample extension</title></head>
<body><div id="root"></div><script src="sample-page.js"></script></body>
</html>
`;

export async function buildHostBundle(outDir = DEFAULT_HOST_BUNDLE_DIR): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const compiler = webpack({
    mode: 'development',
    context: HOST_SOURCE_DIR,
    entry: { host: './main.tsx', 'sample-page': './samplePage.tsx' },
    output: { path: outDir, filename: '[name].js' },
    devtool: 'source-map',
    resolve: { extensions: ['.tsx', '.ts', '.js'] },
    module: {
      rules: [{
        test: /\.tsx?$/,
        loader: 'ts-loader',
        options: { configFile: join(HOST_SOURCE_DIR, 'tsconfig.json'), onlyCompileBundledFiles: true },
      }],
    },
    performance: { hints: false },
    infrastructureLogging: { level: 'error' },
  });
  await new Promise<void>((resolve, reject) => {
    compiler.run((err, stats) => {
      compiler.close(() => undefined);
      if (err) return reject(err);
      if (stats?.hasErrors()) return reject(new Error(`host bundle failed:\n${stats.toString('errors-only')}`));
      resolve();
    });
  });
  await writeFile(join(outDir, 'sample-page.html'), SAMPLE_HTML);
}

/** Builds unless the bundle is newer than every source file. */
export async function ensureHostBundle(outDir = DEFAULT_HOST_BUNDLE_DIR): Promise<void> {
  const built = join(outDir, 'host.js');
  if (existsSync(built) && existsSync(join(outDir, 'sample-page.html'))) {
    const sources = await readdir(HOST_SOURCE_DIR);
    const newest = Math.max(...sources.map((f) => statSync(join(HOST_SOURCE_DIR, f)).mtimeMs));
    if (statSync(built).mtimeMs >= newest) return;
  }
  await buildHostBundle(outDir);
}
