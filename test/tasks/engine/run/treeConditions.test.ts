import assert from 'node:assert/strict';
import { scan } from '../../../../tasks/engine/index';
import { dropTreeAnswered } from '../../../../tasks/engine/run/treeConditions';
import { loadBuiltinRules } from '../../../../tasks/engine/ruleset/ruleLoader';
import { walk } from '../../../../tasks/engine/run/walker';
import type { Finding } from '../../../../tasks/contract/findings';
import type { CodeRuleSpec } from '../../../../tasks/engine/rules/codeRuleSpec';
import { makeTree, removeTree } from '../../../support/tmpTree';

const CONTROLLER = `using Microsoft.AspNetCore.Mvc;
public class AccountController : Controller
{
    [HttpPost]
    public IActionResult ChangeEmail(string email) { _users.SetEmail(User, email); return RedirectToAction("Index"); }
}
`;

const GLOBAL_FILTERS: Record<string, string> = {
  core: `var builder = WebApplication.CreateBuilder(args);
builder.Services.AddControllersWithViews(options => options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()));
`,
  generic: `services.AddMvc(o => { o.Filters.Add<AutoValidateAntiforgeryTokenAttribute>(); });
`,
  mvc5: `public class FilterConfig {
    public static void RegisterGlobalFilters(GlobalFilterCollection filters) { filters.Add(new ValidateAntiForgeryTokenAttribute()); }
}
`,
};

const csrf = (fs: readonly Finding[]): Finding[] => fs.filter((f) => f.ruleId === 'cs-csrf-missing-validation');

describe('tree conditions (unlessTreeMatches)', () => {
  it('the built-in CSRF rule says which files answer it', () => {
    const spec = loadBuiltinRules().find((r) => r.spec.id === 'cs-csrf-missing-validation')?.spec as { unlessTreeMatches?: string } | undefined;
    assert.ok(spec?.unlessTreeMatches, 'cs-csrf-missing-validation has unlessTreeMatches');
    const re = new RegExp(spec.unlessTreeMatches);
    for (const [name, text] of Object.entries(GLOBAL_FILTERS)) assert.ok(re.test(text), name);
    assert.ok(!re.test('options.Filters.Add(new AuthorizeFilter());'));
    assert.ok(!re.test('// [ValidateAntiForgeryToken] on each action'));
  });

  it('a scan reports an unvalidated action when no file registers the check for the whole app', async () => {
    const root = makeTree({ 'Controllers/AccountController.cs': CONTROLLER, 'Program.cs': 'var app = WebApplication.CreateBuilder(args).Build();\n' });
    try {
      const r = await scan({ root, scanners: ['code'], workers: 1 });
      assert.equal(csrf(r.findings).length, 1);
    } finally {
      removeTree(root);
    }
  });

  for (const [name, program] of Object.entries(GLOBAL_FILTERS)) {
    it(`a global antiforgery filter in another file answers it (${name}), and the log says so`, async () => {
      const root = makeTree({ 'Controllers/AccountController.cs': CONTROLLER, 'App_Start/Startup.cs': program });
      try {
        const r = await scan({ root, scanners: ['code'], workers: 1 });
        assert.deepEqual(csrf(r.findings), []);
        const note = r.diagnostics.find((d) => d.message.includes('cs-csrf-missing-validation'));
        assert.ok(note, 'a diagnostic names the rule');
        assert.equal(note.path, 'App_Start/Startup.cs');
        assert.equal(note.level, 'warning');
        assert.ok(!note.scannerFailure);
      } finally {
        removeTree(root);
      }
    });
  }

  it('a scan of chosen paths (a pre-commit hook) is answered by a file it was not given', async () => {
    const root = makeTree({ 'Controllers/AccountController.cs': CONTROLLER, 'Program.cs': GLOBAL_FILTERS.core });
    try {
      const r = await scan({ root, scanners: ['code'], workers: 1, paths: ['Controllers/AccountController.cs'] });
      assert.equal(r.stats.filesScanned, 1);
      assert.deepEqual(csrf(r.findings), []);
      assert.equal(r.diagnostics.find((d) => d.message.includes('cs-csrf-missing-validation'))?.path, 'Program.cs');
    } finally {
      removeTree(root);
    }
  });

  it('no rule found anything: the tree is not walked', () => {
    let asked = false;
    const spec: Pick<CodeRuleSpec, 'id' | 'languages' | 'unlessTreeMatches'> = { id: 'r1', languages: ['csharp'], unlessTreeMatches: 'x' };
    dropTreeAnswered([{ ruleId: 'r2', path: 'a.cs' } as Finding], [spec], () => ((asked = true), []));
    assert.equal(asked, false);
  });

  it('only files of the rule languages answer, and other rules keep their findings', async () => {
    const root = makeTree({ 'a.cs': 'x', 'notes.md': GLOBAL_FILTERS.core, 'b.cs': GLOBAL_FILTERS.core });
    try {
      const files = walk({ root, maxFileSize: 1 << 20 }).files;
      const findings = [
        { ruleId: 'r1', path: 'a.cs' },
        { ruleId: 'r2', path: 'a.cs' },
      ] as Finding[];
      const spec: Pick<CodeRuleSpec, 'id' | 'languages' | 'unlessTreeMatches'> = { id: 'r1', languages: ['csharp'], unlessTreeMatches: 'AutoValidateAntiforgeryToken' };
      const onlyMarkdown = dropTreeAnswered(findings, [spec], () => files.filter((f) => f.path !== 'b.cs'));
      assert.equal(onlyMarkdown.findings.length, 2);
      assert.deepEqual(onlyMarkdown.diagnostics, []);
      const withCs = dropTreeAnswered(findings, [spec], () => files);
      assert.deepEqual(withCs.findings.map((f) => f.ruleId), ['r2']);
      assert.match(withCs.diagnostics[0].message, /^1 finding\(s\) of r1 left out: b\.cs/);
    } finally {
      removeTree(root);
    }
  });
});
