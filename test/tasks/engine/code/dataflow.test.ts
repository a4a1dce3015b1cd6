import assert from 'node:assert/strict';
import type { CodePattern, CodeRuleSpec } from '../../../../tasks/engine/rules/codeRuleSpec';
import { codeFindings } from '../../../../tasks/engine/code/codeFindings';
import { CodeRuleSet, compileCodeRule, type CodeHit, type CodeScanProblem } from '../../../../tasks/engine/code/codeRules';
import { toSarif } from '../../../../tasks/engine/sarif/sarifExport';

/** A one-pattern rule scanned over `code`: the hits, with the rule. */
async function scan(language: CodeRuleSpec['languages'][number], file: string, pattern: CodePattern, code: string, problems?: CodeScanProblem[]): Promise<{ hits: CodeHit[]; texts: string[] }> {
  const spec: CodeRuleSpec = {
    id: 'flow-rule',
    kind: 'code',
    title: 'flow rule',
    severity: 'high',
    cwe: ['CWE-78'],
    languages: [language],
    match: [pattern],
    help: 'flow rule help',
    samples: { positive: ['x'], negative: ['y'] },
  };
  const set = new CodeRuleSet([compileCodeRule(spec)]);
  const hits = await set.scan(code, file, problems);
  return { hits, texts: hits.map((h) => code.slice(h.start, h.end)) };
}

const javaExec: CodePattern = { call: ['Runtime.getRuntime().exec()'], args: [{ arg: '*', tainted: true }] };
const javaSql: CodePattern = { call: ['**.execute()'], args: [{ arg: 0, dynamicString: true }] };

describe('URL objects made from one string', () => {
  it('keep the string\'s constant start, so a fixed path or host is not a host from input', async () => {
    const { texts } = await scan('java', 'A.java', { call: ['Response.seeOther()'], args: [{ arg: 0, hostTainted: true }] }, `
      class A {
        Response a(@QueryParam("to") String to) { return Response.seeOther(URI.create(to)).build(); }
        Response b(@QueryParam("id") String id) { return Response.seeOther(URI.create("/items/" + id)).build(); }
        Response c(@QueryParam("id") String id) { return Response.seeOther(new URI("https://example.com/" + id)).build(); }
        Response d(@QueryParam("h") String h) { return Response.seeOther(new java.net.URI("https://" + h + "/x")).build(); }
      }`);
    assert.deepEqual(texts, ['Response.seeOther(URI.create(to))', 'Response.seeOther(new java.net.URI("https://" + h + "/x"))']);
  });
});

describe('parameters a framework fills from the request', () => {
  it('are not input when their declared type cannot carry a payload (a number, a UUID)', async () => {
    const { texts } = await scan('java', 'A.java', javaExec, `
      class A {
        void a(@RequestParam int id) throws Exception { Runtime.getRuntime().exec("show " + id); }
        void b(@RequestParam UUID id) throws Exception { Runtime.getRuntime().exec("show " + id); }
        void c(@RequestParam String id) throws Exception { Runtime.getRuntime().exec("show " + id); }
      }`);
    assert.deepEqual(texts, ['Runtime.getRuntime().exec("show " + id)']);
  });
});

describe('values narrowed by conditional expressions and sizes', () => {
  it('reads an allow-list test in a ternary like an if, and a size as a number', async () => {
    const { texts } = await scan('java', 'A.java', javaSql, `
      class A {
        static final Set<String> COLS = Set.of("name", "email");
        void a(java.sql.Statement st, HttpServletRequest r) throws Exception {
          String s = r.getParameter("s");
          String col = COLS.contains(s) ? s : "name";
          st.execute("SELECT * FROM t ORDER BY " + col);
          String other = s.isEmpty() ? "name" : s;
          st.execute("SELECT * FROM t ORDER BY " + other);
          st.execute("SELECT * FROM t LIMIT " + r.getParameterValues("id").length + " OFFSET " + r.getParameter("p").length());
        }
      }`);
    assert.deepEqual(texts, ['st.execute("SELECT * FROM t ORDER BY " + other)']);
    const go = await scan('go', 'a.go', { call: ['**.Query()'], args: [{ arg: 0, dynamicString: true }] }, `
      package main
      import ("net/http"; "strings")
      func h(w http.ResponseWriter, r *http.Request) {
          ids := strings.Split(r.URL.Query().Get("ids"), ",")
          db.Query("SELECT * FROM t WHERE id IN (" + strings.Repeat("?,", len(ids)-1) + "?)", ids)
          db.Query("SELECT * FROM t WHERE id IN (" + r.URL.Query().Get("ids") + ")")
      }`);
    assert.deepEqual(go.texts, ['db.Query("SELECT * FROM t WHERE id IN (" + r.URL.Query().Get("ids") + ")")']);
  });
});

describe('values replaced by a literal when an allow-list check fails', () => {
  it('holds an allowed value or the literal past the check, unless the branch assigns something else or an else branch exists', async () => {
    const { texts } = await scan('java', 'A.java', javaSql, `
      class A {
        static final Set<String> COLS = Set.of("name", "email");
        void a(java.sql.Statement st, HttpServletRequest r) throws Exception {
          String s = r.getParameter("s");
          if (!COLS.contains(s)) s = "name";
          st.execute("SELECT * FROM t ORDER BY " + s);
          String u = r.getParameter("u");
          if (!COLS.contains(u)) { u = r.getParameter("v"); }
          st.execute("SELECT * FROM t ORDER BY " + u);
          String w = r.getParameter("w");
          if (!COLS.contains(w)) { w = "name"; } else { w = w + r.getParameter("x"); }
          st.execute("SELECT * FROM t GROUP BY " + w);
        }
      }`);
    assert.deepEqual(texts, ['st.execute("SELECT * FROM t ORDER BY " + u)', 'st.execute("SELECT * FROM t GROUP BY " + w)']);
    const py = await scan('python', 'a.py', { call: ['**.execute()'], args: [{ arg: 0, dynamicString: true }] }, `
@app.route('/x')
def x():
    s = request.args.get('s')
    if s not in ('name', 'email'):
        s = 'name'
    cur.execute('SELECT * FROM t ORDER BY ' + s)
`);
    assert.deepEqual(py.texts, []);
    const go = await scan('go', 'a.go', { call: ['**.Query()'], args: [{ arg: 0, dynamicString: true }] }, `
      package main
      import "net/http"
      var allowed = map[string]bool{"name": true, "email": true}
      func h(w http.ResponseWriter, r *http.Request) {
          sort := r.URL.Query().Get("sort")
          if !allowed[sort] {
              sort = "name"
          }
          db.Query("SELECT * FROM t ORDER BY " + sort)
          col := r.URL.Query().Get("col")
          if !allowed[col] {
              col = r.URL.Query().Get("other")
          }
          db.Query("SELECT * FROM t ORDER BY " + col)
      }`);
    assert.deepEqual(go.texts, ['db.Query("SELECT * FROM t ORDER BY " + col)']);
  });
});

describe('values pinned by a switch on them', () => {
  it('holds a case\'s literal inside that case (Java, C#, Go, JavaScript), not in a default or after a fall-through from one', async () => {
    const java = await scan('java', 'A.java', javaSql, `
      class A {
        void a(java.sql.Statement st, HttpServletRequest r) throws Exception {
          String t = r.getParameter("t");
          switch (t) {
            case "users", "orders": st.execute("SELECT * FROM " + t); break;
            case "log": st.execute("SELECT * FROM x"); default: st.execute("SELECT * FROM " + t);
          }
          switch (t) { case "a" -> st.execute("SELECT * FROM " + t); default -> st.execute("DELETE FROM " + t); }
        }
      }`);
    assert.deepEqual(java.texts, ['st.execute("SELECT * FROM " + t)', 'st.execute("DELETE FROM " + t)']);
    const cs = await scan('csharp', 'A.cs', { call: ['**.Execute()'], args: [{ arg: 0, dynamicString: true }] }, `
      class A : Controller {
        public void F(string t) {
          switch (t) { case "users": case "orders": db.Execute("SELECT * FROM " + t); break; default: db.Execute("DELETE FROM " + t); break; }
        }
      }`);
    assert.deepEqual(cs.texts, ['db.Execute("DELETE FROM " + t)']);
    const go = await scan('go', 'a.go', { call: ['**.Query()'], args: [{ arg: 0, dynamicString: true }] }, `
      package main
      import "net/http"
      func h(w http.ResponseWriter, r *http.Request) {
          t := r.URL.Query().Get("t")
          switch t {
          case "users", "orders":
              db.Query("SELECT * FROM " + t)
          default:
              db.Query("DELETE FROM " + t)
          }
      }`);
    assert.deepEqual(go.texts, ['db.Query("DELETE FROM " + t)']);
    const js = await scan('javascript', 'a.js', { call: ['**.query()'], args: [{ arg: 0, dynamicString: true }] }, `
      app.get('/x', (req, res) => {
        const t = req.query.t;
        switch (t) { case 'users': db.query('SELECT * FROM ' + t); break; default: db.query('DELETE FROM ' + t); }
        switch (t) { default: log(t); case 'a': db.query('UPDATE x SET a = 1 WHERE b = ' + t); }
      });`);
    assert.deepEqual(js.texts, ["db.query('DELETE FROM ' + t)", "db.query('UPDATE x SET a = 1 WHERE b = ' + t)"]);
  });
});

describe('values pinned by a C# switch expression', () => {
  it('holds an arm\'s literal (or one of its `or` literals) in that arm, not in a discard or a type pattern', async () => {
    const { texts } = await scan('csharp', 'A.cs', { call: ['Process.Start()'], args: [{ arg: 1, tainted: true }] }, `
      public class HController : Controller {
        string Pick(string p) => p switch { "ls" or "dir" => p, _ => "pwd" };
        public IActionResult A([FromQuery] string v) {
          Process.Start("cmd.exe", v switch { "ls" => v, _ => "pwd" });
          Process.Start("cmd.exe", Pick(v));
          Process.Start("cmd.exe", v switch { "ls" => "dir", _ => v });
          Process.Start("cmd.exe", v switch { string s when s.Length < 5 => v, _ => "pwd" });
          return Ok();
        }
      }`);
    assert.deepEqual(texts, ['Process.Start("cmd.exe", v switch { "ls" => "dir", _ => v })', 'Process.Start("cmd.exe", v switch { string s when s.Length < 5 => v, _ => "pwd" })']);
  });
});

describe('try-with-resources (Java)', () => {
  it('follows input through a resource and reads its declared type for receiver patterns', async () => {
    const { texts } = await scan('java', 'A.java', javaExec, `
      class A {
        void h(HttpServletRequest req) throws Exception {
          try (BufferedReader r = new BufferedReader(new InputStreamReader(req.getInputStream()))) { Runtime.getRuntime().exec(r.readLine()); }
          try (BufferedReader r = new BufferedReader(new FileReader("/etc/fixed"))) { Runtime.getRuntime().exec(r.readLine()); }
        }
      }`);
    assert.deepEqual(texts, ['Runtime.getRuntime().exec(r.readLine())']);
    const typed = await scan('java', 'A.java', { call: ['**.execute()'], notCall: ['@CloseableHttpClient.execute()'], args: [{ arg: 0, tainted: true }] }, `
      class A {
        String h(HttpServletRequest req) throws Exception {
          try (CloseableHttpClient client = HttpClients.createDefault()) { return client.execute(new HttpGet(req.getParameter("u"))).toString(); }
        }
      }`);
    assert.deepEqual(typed.texts, []);
  });
});

describe('data flow between functions of a file', () => {
  it('follows input into a called method and out of a returning one (Java)', async () => {
    const { texts } = await scan('java', 'A.java', javaExec, `
      class A {
        void handle(HttpServletRequest req) { run(req.getParameter("c")); String s = wrap(req.getParameter("d")); Runtime.getRuntime().exec(s); }
        void run(String c) throws Exception { Runtime.getRuntime().exec(c); }
        String wrap(String v) { return "echo " + v; }
        String fixed(String v) { return "echo ok"; }
        void safe(HttpServletRequest req) throws Exception { Runtime.getRuntime().exec(fixed(req.getParameter("e"))); }
        void other() throws Exception { String k = "ls"; Runtime.getRuntime().exec(k); }
      }`);
    assert.deepEqual(texts, ['Runtime.getRuntime().exec(s)', 'Runtime.getRuntime().exec(c)']);
  });

  it('follows input through functions, methods and lambdas in Python, JS, C# and Go', async () => {
    const py = await scan('python', 'a.py', { call: ['os.system()'], args: [{ arg: 0, tainted: true }] }, `
import os
def run(cmd):
    os.system(cmd)
def wrap(x):
    return "'" + x + "'"
class H:
    def go(self, v):
        os.system(v)
def view(request):
    run(request.args["c"])
    os.system(wrap(request.args["d"]))
    H().go(request.args["e"])
    os.system(wrap("fixed"))
`);
    assert.deepEqual(py.texts, ['os.system(cmd)', 'os.system(v)', 'os.system(wrap(request.args["d"]))']);
    const js = await scan('javascript', 'a.js', { call: ['child_process.exec()'], args: [{ arg: 0, tainted: true }] }, `
      const cp = require('child_process');
      const build = (x) => 'ls ' + x;
      function run(c) { cp.exec(c); }
      app.get('/a', (req, res) => { run(req.query.c); cp.exec(build(req.query.d)); cp.exec(build('x')); });
    `);
    assert.deepEqual(js.texts, ['cp.exec(c)', 'cp.exec(build(req.query.d))']);
    const cs = await scan('csharp', 'A.cs', { call: ['**.Start()'], args: [{ arg: '*', tainted: true }] }, `
      class A {
        void M([FromQuery] string a) { Run(a); Run("fixed"); }
        void Run(string c) { Process.Start("sh", c); }
      }`);
    assert.deepEqual(cs.texts, ['Process.Start("sh", c)']);
    const go = await scan('go', 'a.go', { call: ['os/exec.Command()'], args: [{ arg: '*', tainted: true }] }, `
package main
import ("net/http"; "os/exec")
func run(c string) { exec.Command("sh", "-c", c) }
func h(w http.ResponseWriter, r *http.Request) { run(r.FormValue("c")) }
`);
    assert.deepEqual(go.texts, ['exec.Command("sh", "-c", c)']);
  });

  it('carries a parameter through a conversion of it alone (JSON.stringify(o), Buffer.from(o), String.valueOf(s), Objects.requireNonNull(s))', async () => {
    const js = await scan('javascript', 'a.js', { call: ['**.query()'], args: [{ arg: 0, tainted: true }] }, `
      const pretty = (o) => JSON.stringify(o, null, 2);
      function raw(o) { return Buffer.from(o); }
      const fixed = (o) => JSON.stringify({ a: 1 });
      app.post('/a', (req, res) => { db.query("INSERT INTO t VALUES ('" + pretty(req.body) + "')"); });
      app.post('/b', (req, res) => { db.query("INSERT INTO t VALUES ('" + raw(req.body.x) + "')"); });
      app.post('/c', (req, res) => { db.query("INSERT INTO t VALUES ('" + fixed(req.body) + "')"); });
`);
    assert.deepEqual(js.texts, [`db.query("INSERT INTO t VALUES ('" + pretty(req.body) + "')")`, `db.query("INSERT INTO t VALUES ('" + raw(req.body.x) + "')")`]);
    const java = await scan('java', 'A.java', javaExec, `
      class A {
        String text(Object o) { return String.valueOf(o); }
        void h(HttpServletRequest req) throws Exception { Runtime.getRuntime().exec(text(req.getParameter("a"))); Runtime.getRuntime().exec(text("ls")); }
        void n(HttpServletRequest req) throws Exception { Runtime.getRuntime().exec(Objects.requireNonNull(req.getParameter("b"))); }
      }`);
    assert.deepEqual(java.texts, ['Runtime.getRuntime().exec(text(req.getParameter("a")))', 'Runtime.getRuntime().exec(Objects.requireNonNull(req.getParameter("b")))']);
    const cs = await scan('csharp', 'A.cs', { call: ['Process.Start()'], args: [{ arg: 1, tainted: true }] }, `
      public class HController : Controller {
        string Decode(string p) => Encoding.UTF8.GetString(Convert.FromBase64String(p));
        public IActionResult X([FromQuery] string v) { Process.Start("cmd.exe", Decode(v)); Process.Start("cmd.exe", _res.GetString(v)); return Ok(); }
      }`);
    assert.deepEqual(cs.texts, ['Process.Start("cmd.exe", Decode(v))']);
  });

  it('keeps who picks the host through a function that builds a URL (the parameter leads, or a fixed host does)', async () => {
    const host: CodePattern = { call: ['axios.get()'], args: [{ arg: 0, hostTainted: true }] };
    const js = await scan('javascript', 'a.js', host, `
      const axios = require('axios');
      const at = (h) => \`https://\${h}/status\`;
      function api(p) { return 'https://api.example.com/' + p; }
      const decoded = (x) => Buffer.from(x, 'base64').toString();
      app.get('/a', async (req, res) => { await axios.get(at(req.query.h)); });
      app.get('/b', async (req, res) => { await axios.get(api(req.query.p)); });
      app.get('/c', async (req, res) => { await axios.get(decoded(req.query.u)); });
      app.get('/d', async (req, res) => { await axios.get(at('internal.example.com')); });
`);
    assert.deepEqual(js.texts, ['axios.get(at(req.query.h))', 'axios.get(decoded(req.query.u))']);
    const cs = await scan('csharp', 'A.cs', { call: ['**.GetAsync()'], args: [{ arg: 0, hostTainted: true }] }, `
      public class HController : Controller {
        string Api(string p) => "https://api.example.com/" + p;
        string At(string h) => $"https://{h}/status";
        public async Task<IActionResult> A([FromQuery] string p) { await _http.GetAsync(Api(p)); await _http.GetAsync(At(p)); return Ok(); }
      }`);
    assert.deepEqual(cs.texts, ['_http.GetAsync(At(p))']);
  });

  it('reads an allow-list check inside a called function: the parameter holds a constant where it holds', async () => {
    const { texts } = await scan('javascript', 'a.js', { call: ['exec()'], args: [{ arg: 0, tainted: true }] }, `
      const ALLOWED = ['a', 'b'];
      function ternary(p) { return ALLOWED.includes(p) ? p : 'a'; }
      function early(p) { if (!['a', 'b'].includes(p)) return 'a'; return p; }
      function sized(p) { if (p.length > 3) return p; return 'x'; }
      app.get('/a', (req, res) => { exec('ls ' + ternary(req.query.a)); exec('ls ' + early(req.query.a)); exec('ls ' + sized(req.query.a)); });
`);
    assert.deepEqual(texts, ["exec('ls ' + sized(req.query.a))"]);
  });

  it('stops at recursion and reports what a bounded analysis cut', async () => {
    const deep = Array.from({ length: 60 }, (_, i) => `String f${i}(String v) { return f${i + 1}(v); }`).join('\n');
    const problems: CodeScanProblem[] = [];
    const { texts } = await scan('java', 'A.java', javaExec, `
      class A {
        String loop(String v) { return loop(v); }
        void h(HttpServletRequest req) throws Exception { Runtime.getRuntime().exec(loop(req.getParameter("a"))); Runtime.getRuntime().exec(f0(req.getParameter("b"))); }
        ${deep}
        String f60(String v) { return v; }
      }`, problems);
    assert.deepEqual(texts, []);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /data flow: the analysis stopped at \d+ path\(s\) nested deeper than 40 steps/);
  });
});

describe('data flow inside a function', () => {
  it('follows aliases of sink objects and loops over request collections', async () => {
    const { texts } = await scan('java', 'A.java', javaExec, `
      class A {
        void h(HttpServletRequest request) throws Exception {
          Runtime r = Runtime.getRuntime();
          String p = "none";
          for (Cookie c : request.getCookies()) { if (c.getName().equals("x")) p = java.net.URLDecoder.decode(c.getValue(), "UTF-8"); }
          r.exec(p);
          r.exec("ls");
        }
      }`);
    assert.deepEqual(texts, ['r.exec(p)']);
    const writer = await scan('java', 'A.java', { call: ['**.getWriter().print()'], args: [{ arg: 0, tainted: true }] }, `
      class A { void h(HttpServletRequest req, HttpServletResponse resp) { PrintWriter w = resp.getWriter(); w.print(req.getParameter("q")); w.print("ok"); } }`);
    assert.deepEqual(writer.texts, ['w.print(req.getParameter("q"))']);
  });

  it('follows collections, builders and encoder round trips, and folds constant keys and indexes', async () => {
    const { texts } = await scan('java', 'A.java', javaExec, `
      class A {
        void h(HttpServletRequest request) throws Exception {
          String param = request.getParameter("p");
          java.util.List<String> list = new java.util.ArrayList<String>();
          list.add("safe"); list.add(param); list.add("moresafe");
          list.remove(0);
          Runtime.getRuntime().exec(list.get(0));
          Runtime.getRuntime().exec(list.get(1));
          java.util.HashMap<String, Object> map = new java.util.HashMap<String, Object>();
          map.put("a", "a_Value"); map.put("b", param);
          Runtime.getRuntime().exec((String) map.get("b"));
          Runtime.getRuntime().exec((String) map.get("a"));
          StringBuilder sb = new StringBuilder();
          sb.append("x").append("y");
          sb.append(param);
          Runtime.getRuntime().exec(sb.toString());
          String e = new String(Base64.getDecoder().decode(Base64.getEncoder().encode(param.getBytes())));
          Runtime.getRuntime().exec(e);
        }
      }`);
    assert.deepEqual(texts, [
      'Runtime.getRuntime().exec(list.get(0))',
      'Runtime.getRuntime().exec((String) map.get("b"))',
      'Runtime.getRuntime().exec(sb.toString())',
      'Runtime.getRuntime().exec(e)',
    ]);
  });

  it('folds constant conditions, switches and reassignments', async () => {
    const { texts } = await scan('java', 'A.java', javaExec, `
      class A {
        void h(HttpServletRequest request) throws Exception {
          String param = request.getParameter("p");
          int num = 106;
          String a = (7 * 18) + num > 200 ? "This_should_always_happen" : param;
          Runtime.getRuntime().exec(a);
          String b;
          if ((7 * 42) - num > 100) b = "constant"; else b = param;
          Runtime.getRuntime().exec(b);
          String c;
          if ((7 * 42) - num > 300) c = "constant"; else c = param;
          Runtime.getRuntime().exec(c);
          String guess = "ABC";
          char t = guess.charAt(1);
          String d;
          switch (t) { case 'A': d = param; break; case 'B': d = "bob"; break; default: d = param; break; }
          Runtime.getRuntime().exec(d);
          String e = param;
          e = "overwritten";
          Runtime.getRuntime().exec(e);
        }
      }`);
    assert.deepEqual(texts, ['Runtime.getRuntime().exec(c)']);
  });

  it('reports SQL built at run time only when a part comes from outside the code', async () => {
    const { texts } = await scan('java', 'A.java', javaSql, `
      class A {
        void h(java.sql.Statement st, String where) throws Exception {
          String table = Config.load().get("table");
          st.execute("SELECT * FROM " + table);
          st.execute("SELECT * FROM t WHERE " + where);
          String bar = "safe";
          st.execute("SELECT * FROM t WHERE a='" + bar + "'");
        }
      }`);
    assert.deepEqual(texts, ['st.execute("SELECT * FROM t WHERE " + where)']);
  });
});

describe('findings carry the path of request input', () => {
  it('as source, steps and sink, and as SARIF codeFlows', async () => {
    const code = `class A {
  void h(HttpServletRequest req) throws Exception {
    String p = req.getParameter("c");
    run(p);
  }
  void run(String c) throws Exception {
    Runtime.getRuntime().exec(c);
  }
}`;
    const { hits } = await scan('java', 'A.java', javaExec, code);
    assert.equal(hits.length, 1);
    const [f] = codeFindings(code, 'src/A.java', hits, new Set(['flow-rule']));
    assert.deepEqual(
      f.flow?.map((s) => `${s.region.startLine}:${s.preview}`),
      ['3:req.getParameter("c")', '4:p', '7:c', '7:Runtime.getRuntime().exec(c)'],
    );
    const sarif = toSarif({ root: '/r', findings: [f], rules: [], skipped: [], diagnostics: [], stats: { filesScanned: 1, bytesScanned: 1, filesSkipped: 0, durationMs: 1, workers: 1 }, toolVersion: '0' }, { rootUri: null }) as unknown as { runs: { results: { codeFlows?: { message: { text: string }; threadFlows: { locations: { location: { physicalLocation: { region: { startLine: number } } }; kinds: string[] }[] }[] }[] }[] }[] };
    const flow = sarif.runs[0].results[0].codeFlows?.[0];
    assert.ok(flow);
    assert.equal(flow.message.text, 'Input from req.getParameter("c") reaches Runtime.getRuntime().exec(c)');
    assert.deepEqual(flow.threadFlows[0].locations.map((l) => [l.location.physicalLocation.region.startLine, l.kinds[0]]), [[3, 'source'], [4, 'step'], [7, 'step'], [7, 'sink']]);
  });
});

describe('findings name where input passes through a variable', () => {
  it('has the definition among the steps, not only the uses', async () => {
    const code = `class A {
  void h(HttpServletRequest req) throws Exception {
    String cmd =
      "ls " + req.getParameter("c");
    Runtime.getRuntime().exec(cmd);
  }
}`;
    const { hits } = await scan('java', 'A.java', javaExec, code);
    const [f] = codeFindings(code, 'src/A.java', hits, new Set(['flow-rule']));
    assert.deepEqual(
      f.flow?.map((s) => `${s.region.startLine}:${s.preview}`),
      ['4:req.getParameter("c")', '3:cmd', '5:cmd', '5:Runtime.getRuntime().exec(cmd)'],
    );
  });
});

describe('sinks only when input reaches what they do', () => {
  it('does not report an object built only to read a part of what it parses', async () => {
    const { texts } = await scan('java', 'A.java', { new: ['URL'], args: [{ arg: 0, tainted: true }] }, `
      class A {
        void h(HttpServletRequest request, Cookie c) throws Exception {
          c.setDomain(new java.net.URL(request.getRequestURL().toString()).getHost());
          new URL(request.getParameter("u")).openStream();
        }
      }`);
    assert.deepEqual(texts, ['new URL(request.getParameter("u"))']);
  });
});
