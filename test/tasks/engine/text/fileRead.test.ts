import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../../../tasks/engine/config/palisadeConfig';
import { MAX_TEXT_BYTES, readBounded } from '../../../../tasks/engine/text/fileRead';
import { FileProblemError } from '../../../../tasks/engine/text/yamlValidation';
import { scan } from '../../../../tasks/engine/index';
import { walk } from '../../../../tasks/engine/run/walker';
import { FAKE, makeTree, removeTree } from '../../../support/tmpTree';

const linux = process.platform === 'linux';

/** Makes a FIFO at `path`; false where the platform has none (Windows). */
function mkfifo(path: string): boolean {
  if (process.platform === 'win32') return false;
  execFileSync('mkfifo', [path]);
  return true;
}

describe('bounded file reading', () => {
  let root = '';
  afterEach(() => root && removeTree(root));

  it('reads a regular file whole, and refuses one over the cap by the bytes it holds', () => {
    root = makeTree({ 'small.txt': 'hello', 'big.txt': 'x'.repeat(2000) });
    const small = readBounded(join(root, 'small.txt'), 1000);
    assert.ok('bytes' in small && small.bytes.toString() === 'hello');
    const big = readBounded(join(root, 'big.txt'), 1000);
    assert.ok('skip' in big);
    assert.equal(big.skip.reason, 'too-large');
    assert.match(big.skip.detail ?? '', /2000 bytes > 1000/);
  });

  it('never trusts the size the file system claims: a size-0 file in /proc that holds data is capped', function () {
    if (!linux) this.skip(); // /proc exists on Linux only
    const capped = readBounded('/proc/self/status', 10);
    assert.ok('skip' in capped, 'a 0-byte-by-stat file with more than 10 bytes is over a 10-byte cap');
    assert.equal(capped.skip.reason, 'too-large');
    assert.match(capped.skip.detail ?? '', /more than 10 bytes read \(the file system said 0\)/);
    const whole = readBounded('/proc/self/status', 1 << 20);
    assert.ok('bytes' in whole && whole.bytes.length > 10 && /^Name:/.test(whole.bytes.toString()));
  });

  it('refuses a FIFO without blocking, in the walk and at the read', function () {
    root = makeTree({ 'a.txt': `t = "${FAKE.githubPat}"\n` });
    if (!mkfifo(join(root, 'pipe'))) this.skip(); // no FIFOs on Windows
    const r = walk({ root, maxFileSize: 1 << 20 });
    assert.deepEqual(r.files.map((f) => f.path), ['a.txt']);
    assert.deepEqual(r.skipped, [{ path: 'pipe', reason: 'special-file', detail: 'named pipe (FIFO)' }]);
    // Swapped in after the walk: the read checks the open descriptor, and does not wait for a writer.
    const read = readBounded(join(root, 'pipe'), 1 << 20);
    assert.ok('skip' in read);
    assert.deepEqual(read.skip, { reason: 'special-file', detail: 'named pipe (FIFO)' });
  });

  it('skips a FIFO named .gitignore instead of waiting on it, and the scan goes on', async function () {
    root = makeTree({ 'a.txt': `t = "${FAKE.githubPat}"\n` });
    if (!mkfifo(join(root, '.gitignore'))) this.skip(); // no FIFOs on Windows
    const r = await scan({ root, scanners: ['secrets'] });
    assert.equal(r.findings.length, 1);
    assert.deepEqual(r.skipped.map((s) => [s.path, s.reason]), [['.gitignore', 'special-file']]);
  });

  it('refuses a FIFO in place of .palisade.yml with a clear error instead of waiting on it', function () {
    root = makeTree({});
    if (!mkfifo(join(root, '.palisade.yml'))) this.skip(); // no FIFOs on Windows
    assert.throws(() => loadConfig(join(root, '.palisade.yml'), new Set(), false, '.palisade.yml'), (e: Error) => e instanceof FileProblemError && /^\.palisade\.yml: is not a regular file \(named pipe \(FIFO\)\)/.test(e.message));
  });

  it('skips a file too large to decode (a 1 GB sparse file under a 2 GB cap) with a reason, and scans the rest', async () => {
    root = makeTree({ 'a.txt': `t = "${FAKE.githubPat}"\n` });
    const fd = openSync(join(root, 'huge.log'), 'w');
    ftruncateSync(fd, 1024 ** 3);
    closeSync(fd);
    const r = await scan({ root, maxFileSize: 2 * 1024 ** 3, scanners: ['secrets'] });
    assert.equal(r.findings.length, 1, 'the rest of the scan went on');
    assert.equal(r.stats.filesScanned, 1);
    const skip = r.skipped.find((s) => s.path === 'huge.log');
    assert.equal(skip?.reason, 'too-large');
    assert.match(skip?.detail ?? '', new RegExp(`1073741824 bytes > ${MAX_TEXT_BYTES}, the most Palisade reads as text`));
  });

  it('scanning /proc/self finishes at once with the root reported as a kernel file system', async function () {
    if (!linux) this.skip(); // /proc exists on Linux only
    const r = await scan({ root: '/proc/self', scanners: ['secrets', 'code'] });
    assert.equal(r.stats.filesScanned, 0);
    assert.equal(r.stats.bytesScanned, 0);
    assert.equal(r.skipped.length, 1);
    assert.equal(r.skipped[0].reason, 'special-file');
    assert.match(r.skipped[0].detail ?? '', /on proc, a kernel file system/);
  });

  it('refuses a file on a kernel file system at the read, when the walk did not stat it (a mount inside the tree)', function () {
    if (!linux) this.skip(); // /proc exists on Linux only
    root = makeTree({ 'a.txt': 'x' });
    const listedDev = Number(statSync(root).dev);
    const r = readBounded('/proc/self/status', 1 << 20, undefined, listedDev);
    assert.deepEqual(r, { skip: { reason: 'special-file', detail: 'on proc, a kernel file system' }, beforeRead: true });
    // On the folder's own device nothing is probed; without a device (a stat'ed file) neither.
    assert.ok('bytes' in readBounded(join(root, 'a.txt'), 1 << 20, undefined, listedDev));
    assert.ok('bytes' in readBounded('/proc/self/status', 1 << 20));
    // Over the cap by the open file's size: decided before reading, as a walk that stats decides it.
    const big = readBounded(join(root, 'a.txt'), 0, undefined, listedDev);
    assert.deepEqual(big, { skip: { reason: 'too-large', detail: '1 bytes > 0' }, beforeRead: true });
  });

  it('does not follow a link into /proc', function () {
    if (!linux) this.skip(); // /proc exists on Linux only
    root = makeTree({ 'ok.txt': 'x', 'status': { symlink: '/proc/self/status' } });
    const r = walk({ root, maxFileSize: 1 << 20 });
    assert.deepEqual(r.files.map((f) => f.path), ['ok.txt']);
    assert.deepEqual(r.skipped.map((s) => [s.path, s.reason]), [['status', 'symlink-outside-root']]);
  });
});
