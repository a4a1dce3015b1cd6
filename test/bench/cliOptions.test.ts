import { strict as assert } from 'node:assert';
import { checkOptions } from './cliOptions';

describe('bench drivers: their options (test/bench)', () => {
  it('accepts known options with their values, in any order', () => {
    assert.doesNotThrow(() => checkOptions('t', ['--dir', 'x', '--all', '--top', '3'], ['--dir', '--top'], ['--all']));
    assert.doesNotThrow(() => checkOptions('t', [], ['--dir']));
  });

  it('names an unknown option and a missing value', () => {
    assert.throws(() => checkOptions('ruleCost', ['--dri', 'x'], ['--dir']), /ruleCost: unknown option "--dri" \(it takes --dir VALUE\)/);
    assert.throws(() => checkOptions('t', ['--dir'], ['--dir']), /t: --dir needs a value/);
    assert.throws(() => checkOptions('t', ['--dir', '--top', '3'], ['--dir', '--top']), /--dir needs a value/);
    // A value is not taken for an option.
    assert.throws(() => checkOptions('t', ['x'], ['--dir']), /unknown option "x"/);
  });
});
