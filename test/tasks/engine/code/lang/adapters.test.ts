import assert from 'node:assert/strict';
import { ADAPTERS } from '../../../../../tasks/engine/code/lang/adapters';
import { csharpAdapter } from '../../../../../tasks/engine/code/lang/csharp';
import { javascriptAdapter } from '../../../../../tasks/engine/code/lang/javascript';
import { PROGRAM_LANGUAGES } from '../../../../../tasks/engine/rules/codeRuleSpec';

describe('code/lang/adapters', () => {
  it('has an adapter for every programming language, TypeScript sharing JavaScript\'s and Razor C#\'s', () => {
    assert.deepEqual(Object.keys(ADAPTERS).sort(), [...PROGRAM_LANGUAGES].sort());
    for (const a of Object.values(ADAPTERS)) assert.equal(typeof a.shape, 'function');
    assert.equal(ADAPTERS.typescript, javascriptAdapter);
    assert.equal(ADAPTERS.razor, csharpAdapter);
  });
});
