import assert from 'node:assert/strict';
import { parseDockerfile } from '../../../../../tasks/engine/code/config/dockerfile';

function instructions(text: string): string[] {
  const root = parseDockerfile(text).roots[0];
  assert.equal(root.kind, 'map');
  return (root.entries ?? []).map((e) => `${e.key} ${e.value.value}`);
}

describe('Dockerfile as a config tree', () => {
  it('lists instructions in order, upper-cased, repeated ones kept, comments skipped', () => {
    assert.deepEqual(instructions('# syntax=docker/dockerfile:1\nFROM node:20\nrun npm ci\n\nRUN npm test\nUSER node\n'), ['FROM node:20', 'RUN npm ci', 'RUN npm test', 'USER node']);
  });

  it('joins continuation lines, skipping comment lines inside them', () => {
    assert.deepEqual(instructions('RUN apt-get update && \\\n    # a comment inside\n    apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*\nUSER app\n'), [
      'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
      'USER app',
    ]);
  });

  it('honours the escape directive (Windows images use a backtick)', () => {
    assert.deepEqual(instructions('# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir `\n  c:\\\\\n'), ['FROM mcr.microsoft.com/windows', 'RUN dir c:\\\\']);
  });

  it('reads CRLF files like LF ones', () => {
    assert.deepEqual(instructions('FROM alpine\r\nRUN a \\\r\n  b\r\nUSER root\r\n'), ['FROM alpine', 'RUN a b', 'USER root']);
  });

  it('gives each instruction its offsets: key at the keyword, value at the arguments', () => {
    const text = 'FROM a\n  RUN echo hi \\\n  there\n';
    const [, run] = parseDockerfile(text).roots[0].entries ?? [];
    assert.equal(text.slice(run.start, run.start + 3), 'RUN');
    assert.equal(text.slice(run.value.start, run.value.start + 4), 'echo');
    assert.equal(run.end, text.length - 1, 'ends at the end of its last continuation line');
  });

  it('an empty file, or one of comments only, has no instructions; an instruction without arguments has an empty value', () => {
    assert.deepEqual(instructions(''), []);
    assert.deepEqual(instructions('# only\n#comments\n'), []);
    assert.deepEqual(instructions('HEALTHCHECK\n'), ['HEALTHCHECK ']);
  });
});
