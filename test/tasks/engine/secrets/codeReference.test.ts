import assert from 'node:assert/strict';
import { isCodeReference, isExpandedAtRunTime } from '../../../../tasks/engine/secrets/codeReference';

/** Whether `value`, at its first place in `text`, is read as a name in code. */
function reads(text: string, value: string, path = 'src/a.ts'): boolean {
  const start = text.indexOf(value);
  assert.ok(start >= 0, value);
  return isCodeReference(text, start, start + value.length, path);
}

describe('secrets/codeReference', () => {
  it('takes a bare name declared, imported or used elsewhere in a program for a name', () => {
    const ts = "import { SignUpAttributeV2 } from './types';\nexport interface R {\n  requestedPasswordAttribute: SignUpAttributeV2;\n}\n";
    assert.equal(isCodeReference(ts, ts.lastIndexOf('SignUpAttributeV2'), ts.lastIndexOf('SignUpAttributeV2') + 17, 'src/r.d.ts'), true);
    const js = 'const RESET_PASSWORD_V2_SUBMIT = 1;\nconst ids = {\n  submitNewPassword: RESET_PASSWORD_V2_SUBMIT,\n};\n';
    assert.equal(isCodeReference(js, js.lastIndexOf('RESET_PASSWORD_V2_SUBMIT'), js.lastIndexOf('RESET_PASSWORD_V2_SUBMIT') + 24, 'lib/ids.js'), true);
    const min = 'CLOUDFLARE_R2_REQUEST_KEY="cloudflare.r2.request.key";exports.CLOUDFLARE_R2_REQUEST_KEY=CLOUDFLARE_R2_REQUEST_KEY;';
    assert.equal(isCodeReference(min, min.lastIndexOf('CLOUDFLARE_R2_REQUEST_KEY'), min.length - 1, 'dist/attributes.cjs'), true);
    const block = 'import {\n  RESET_PASSWORD_V2_CHALLENGE,\n  RESET_PASSWORD_V2_SUBMIT,\n} from "./ids";\nconst steps = {\n  submitNewPassword: RESET_PASSWORD_V2_SUBMIT,\n};\n';
    assert.equal(isCodeReference(block, block.lastIndexOf('RESET_PASSWORD_V2_SUBMIT'), block.lastIndexOf('RESET_PASSWORD_V2_SUBMIT') + 24, 'src/steps.ts'), true, 'imported in a block over several lines');
    const longImport = `import { ${Array.from({ length: 40 }, (_, i) => `SOME_API_ID_NUMBER_${i}`).join(', ')}, SIGN_IN_V2_SUBMIT_PASSWORD } from './ids.mjs';\nconst s = {\n  submitPassword: SIGN_IN_V2_SUBMIT_PASSWORD,\n};\n`;
    assert.equal(isCodeReference(longImport, longImport.lastIndexOf('SIGN_IN_V2_SUBMIT_PASSWORD'), longImport.lastIndexOf('SIGN_IN_V2_SUBMIT_PASSWORD') + 26, 'dist/ids.mjs'), true, 'far along a long import line');
    const quotedKey = "const PASSWORD_FIELD_NAME = 'pwd';\nconst fields = {\n  'password': PASSWORD_FIELD_NAME,\n};\n";
    assert.equal(isCodeReference(quotedKey, quotedKey.lastIndexOf('PASSWORD_FIELD_NAME'), quotedKey.lastIndexOf('PASSWORD_FIELD_NAME') + 19, 'src/fields.js'), true, 'under a quoted key');
    const call = 'var mongodb2 = builder2.AddMongoDB("mongodb", password: passwordParameter2);\nvar passwordParameter2 = builder.AddParameter("pwd");\n';
    assert.equal(reads(call, 'passwordParameter2', 'tests/MongoDbTests.cs'), true, 'a C# named argument naming a variable');
    const union = 'import type { FlowSignInContinuationV2 } from "./flow";\nexport type SubmitPasswordResultV2 = FlowSignInContinuationV2 | Other;\n';
    assert.equal(isCodeReference(union, union.lastIndexOf('FlowSignInContinuationV2'), union.lastIndexOf('FlowSignInContinuationV2') + 24, 'x.d.ts'), true);
  });

  it('leaves string literals, single occurrences, comments, shells and configuration to the rules', () => {
    const quoted = 'const k = "Hq7Wm2Zx9Rt4Lp8Vb3Nc6Ys1";\nlog("Hq7Wm2Zx9Rt4Lp8Vb3Nc6Ys1");\n';
    assert.equal(reads(quoted, 'Hq7Wm2Zx9Rt4Lp8Vb3Nc6Ys1'), false, 'quoted');
    assert.equal(reads('[DEBUG] Using API_KEY=oxpf4a93fjovt0v1z6lltcbcizlrml98\n', 'oxpf4a93fjovt0v1z6lltcbcizlrml98', 'pkg/abstract_test.go'), false, 'once in the file');
    const comment = '// password: Hq7Wm2Zx9Rt4\n// again: Hq7Wm2Zx9Rt4\n';
    assert.equal(reads(comment, 'Hq7Wm2Zx9Rt4'), false, 'a comment');
    const shell = 'export TOKEN=Hq7Wm2Zx9Rt4Lp8V\ncurl -H "Authorization: token Hq7Wm2Zx9Rt4Lp8V"\n';
    assert.equal(reads(shell, 'Hq7Wm2Zx9Rt4Lp8V', 'deploy.sh'), false, 'a shell script');
    const env = 'DB_PASSWORD=Xy7kk2abcQ\nADMIN_PASSWORD=Xy7kk2abcQ\n';
    assert.equal(reads(env, 'Xy7kk2abcQ', '.env'), false, 'a .env file');
    const partOfLonger = 'x = Hq7Wm2Zx9Rt4Lp8V_more;\ny = Hq7Wm2Zx9Rt4Lp8V_more;\n';
    assert.equal(isCodeReference(partOfLonger, 4, 4 + 16, 'a.py'), false, 'a cut of a longer word');
    const yamlInGo = 'const manifest = `\ndata:\n  password: U0VDUkVUVkFM\n`\nconst other = `\n  password: U0VDUkVUVkFM\n`\n';
    assert.equal(reads(yamlInGo, 'U0VDUkVUVkFM', 'test/e2e/diff_test.go'), false, 'a value twice in documents embedded in code, never declared');
    const dashed = 'x = sk-live-abc;\ny = sk-live-abc;\n';
    assert.equal(reads(dashed, 'sk-live-abc', 'a.py'), false, 'not an identifier');
  });

  it("takes a script's value that ends with a variable's expansion for one made at run time, not a literal's", () => {
    const at = (text: string, value: string, path: string) => isExpandedAtRunTime(text, text.indexOf(value), text.indexOf(value) + value.length, path);
    const sh = 'password="Pa$$w0rD-$randomIdentifier"';
    assert.equal(at(sh, 'Pa$$w0rD-$randomIdentifier', 'app-service/connect-to-sql/connect-to-sql.sh'), true);
    assert.equal(at('$pw = "Hq7Wm2Zx9-${suffix}"', 'Hq7Wm2Zx9-${suffix}', 'deploy.ps1'), true);
    assert.equal(at(sh, 'Pa$$w0rD-$randomIdentifier', 'config/app.yml'), false, 'not a script');
    assert.equal(at("password='Pa$$w0rD-$randomIdentifier'", 'Pa$$w0rD-$randomIdentifier', 'x.sh'), false, 'single quotes expand nothing');
    assert.equal(at('password="Hq7W$m2Zx9Rt"', 'Hq7W$m2Zx9Rt', 'x.sh'), false, "a random password's $, before no name");
  });
});
