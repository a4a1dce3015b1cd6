import assert from 'node:assert/strict';
import { isExampleArgument, isExampleLine, isInAnsibleDocString, isInDocExample, isInElixirDoc, isInHelpExample, isInMarkupCode, isInResultRun, isInRustTestModule, isInStringExample, isIntroducedAsSample, isUnderReplaceNote } from '../../../../tasks/engine/secrets/textContext';

describe('secrets/textContext', () => {
  it('tells REPL and doc-example lines from code', () => {
    for (const l of ['// Upon success, API responds with "Session Token-> BAMAuthToken: x <-"', '# e.g. https://u:p@host', '  // for instance token=abc', '  // example: DOTENV_KEY="dotenv://:key_1234@dotenvx.com/vault"', '# e.g. password: hunter2', ' * Example, token=abc', '-- for example: x', '>>> Client(api_key="x")', '    ... token="x")', '#   user.authenticate("vr00m")  # => user', 'irb(main):001:0> User.new(password: "x")', 'irb> p.password = "x"', '  # >>> login("x")', 'pry(main)> x', '     * Use `authorization` to send authenticated request. Example: `token 1234abcd`'])
      assert.equal(isExampleLine(l), true, l);
    for (const l of ['// examples_dir = "x"', 'example: password=x', '# exampleToken: abc', 'password = "x"', 'x => y', 'if (a >>> 2) {', '// see #=>', 'total... x', 'my_irb> x', '// counterexample:token=abc'])
      assert.equal(isExampleLine(l), false, l);
  });

  it('tells the example section of a documentation comment from the rest of it and from code', () => {
    const at = (text: string, needle: string) => isInDocExample(text, text.lastIndexOf('\n', text.indexOf(needle)) + 1);
    const jsdoc = ['/**', ' * Obtains a token.', ' *', ' * @param request', ' * @example', ' *     await client.obtainToken({', ' *         clientSecret: "sq0csp-x",', ' *     })', ' */', 'obtainToken(r);', ''].join('\n');
    assert.equal(at(jsdoc, 'clientSecret'), true);
    const tagAfter = ['/**', ' * @example', ' *   run()', ' * @param secret defaults to', ' *   clientSecret: "sq0csp-x"', ' */', ''].join('\n');
    assert.equal(at(tagAfter, 'clientSecret'), false, 'a later tag ends the example');
    const noExample = ['/**', ' * The key, e.g.', ' *   clientSecret: "sq0csp-x"', ' */', ''].join('\n');
    assert.equal(at(noExample, 'clientSecret'), false);
    const csharp = ['/// <summary>Connects.</summary>', '/// <example>', '/// <code>', '/// var c = new Client(password: "x7Kq");', '/// </code>', '/// </example>', ''].join('\n');
    assert.equal(at(csharp, 'password'), true);
    const closed = ['/// <example>a</example>', '/// password: "x7Kq"', ''].join('\n');
    assert.equal(at(closed, 'password'), false);
    const code = [' * @example', 'const x = 1;', 'clientSecret: "sq0csp-x"', ''].join('\n');
    assert.equal(at(code, 'clientSecret'), false, 'code after a comment is code');
    const javadoc = ['/**', ' * Parses VCAP_SERVICES, e.g.:', ' * <pre class="code">', ' *   "credentials":{"username":"urpRuqTf8Cpe6","password":"pxLsGVpsC9A5S"}', ' * </pre>', ' */', ''].join('\n');
    assert.equal(at(javadoc, 'pxLs'), true, 'inside a Javadoc <pre> block');
    const onePre = ['/**', ' * e.g.', ' * <pre>pop3://PLAIN:admin:pass123@example.org:12345</pre>', ' */', ''].join('\n');
    assert.equal(at(onePre, 'pass123'), true, 'a <pre> element on the line itself');
    const afterPre = ['/**', ' * <pre>x</pre>', ' * password: "pxLsGVpsC9A5S"', ' */', ''].join('\n');
    assert.equal(at(afterPre, 'pxLs'), false, 'after the block closed');
    const rdoc = ['      # ==== Examples', '      #', '      #   class User < ActiveRecord::Base', '      #   end', '      #', '      #   User.create(name: "John Doe", password: "abc123")', '      def self.x', ''].join('\n');
    assert.equal(at(rdoc, 'abc123'), true, 'under an RDoc Examples heading');
    const fenced = ['/**', ' * @param client the client', ' * ```js', ' * new Client({ apiKey: "k7Qx" })', ' * ```', ' */', ''].join('\n');
    assert.equal(at(fenced, 'k7Qx'), true, 'inside a code fence after a tag');
    const rust = ['/// Connects.', '/// ```', '/// let c = Client::new("tok_9Xq");', '/// ```', ''].join('\n');
    assert.equal(at(rust, 'tok_9Xq'), true, 'inside a fence of Rust docs');
    const yaml = ['# Database settings', '# password: Hq7Wm2Zx9Rt4', 'host: db', ''].join('\n');
    assert.equal(at(yaml, 'Hq7Wm2'), false, 'a commented-out setting without an example heading');
    const yamlExample = ['# Example:', '#   password: Hq7Wm2Zx9Rt4', 'host: db', ''].join('\n');
    assert.equal(at(yamlExample, 'Hq7Wm2'), true, 'under an Example: comment');
    const intro = ['#   recieve a URL that looks something like this:', '#   https://hooks.slack.com/services/T1/B1/Hq7Wm2Zx9Rt4', ''].join('\n');
    assert.equal(at(intro, 'Hq7Wm2'), true, 'under a line that introduces a sample');
    const shouldBe = '# authentication token answer should be like: {"token":"dbf58423f1632b5b679a13b0929f1d0751d9250c"}';
    assert.equal(isExampleLine(shouldBe), true, 'a comment that says what the answer should be like');
    const goResponse = ['\t// The API responds with:', '\t// {"tenant_access_token": "t-Hq7Wm2Zx9Rt4"}', '\tfunc x() {}', ''].join('\n');
    assert.equal(at(goResponse, 'Hq7Wm2'), true, 'a quoted response in // comments');
    const goCode = ['\t// Load the key from the vault.', '\t// token := "Hq7Wm2Zx9Rt4"', ''].join('\n');
    assert.equal(at(goCode, 'Hq7Wm2'), false, 'commented-out code without a cue');
    const cpp = ['#define ONE 1', '#define KEY "Hq7Wm2Zx9Rt4"', ''].join('\n');
    assert.equal(at(cpp, 'Hq7Wm2'), false, 'a preprocessor line is no comment');
    const psHash = ['# .EXAMPLE', '#   Connect-Db -Password "Hq7Wm2Zx9Rt4"', 'function Connect-Db {}', ''].join('\n');
    assert.equal(at(psHash, 'Hq7Wm2'), true, "PowerShell help's .EXAMPLE in # lines");
    const psNotes = ['# .EXAMPLE', '#   Connect-Db', '# .NOTES', '#   password: Hq7Wm2Zx9Rt4', ''].join('\n');
    assert.equal(at(psNotes, 'Hq7Wm2'), false, 'a later section ends the example');
    const helm = ['## @param gossipKey Gossip key for all members.', '## Example:', '## gossipKey: "DVoLa/k99hfBEdIfCLkzSpWg4obElLYVIFDsutKCL/w="', '##', 'gossipKey: ""', ''].join('\n');
    assert.equal(at(helm, 'DVoLa'), true, "under a Helm chart's ## Example: comment");
    const helmPlain = ['## @param gossipKey Gossip key for all members.', '## gossipKey: "DVoLa/k99hfBEdIfCLkzSpWg4obElLYVIFDsutKCL/w="', ''].join('\n');
    assert.equal(at(helmPlain, 'DVoLa'), false, '## comments without an example heading');
  });

  it("tells an Ansible module's EXAMPLES and RETURN strings from its code", () => {
    const at = (text: string, needle: string) => isInAnsibleDocString(text, text.lastIndexOf('\n', text.indexOf(needle)) + 1);
    const module = ["DOCUMENTATION = '''", 'module: azure_rm_vm', "'''", '', "EXAMPLES = r'''", '- name: Create a VM', '  azure_rm_vm:', '    admin_password: ZSuppas$$21!', "'''", '', "RETURN = '''", 'state:', '  sample: {"authorization_key": "d83e18b5-0200-4e0b-9cdb-6fdf95b00267"}', "'''", '', 'def main():', '    password = "Kd8Vn3Qx7Lp2"', ''].join('\n');
    assert.equal(at(module, 'ZSuppas'), true);
    assert.equal(at(module, 'd83e18b5'), true);
    assert.equal(at(module, 'Kd8Vn3'), false, 'code after the strings');
    assert.equal(at(['def f():', '    """Connects."""', '    password = "Kd8Vn3Qx7Lp2"', ''].join('\n'), 'Kd8Vn3'), false);
  });

  it("tells an Elixir module's documentation heredocs from its code, and takes iex prompts for examples", () => {
    const at = (text: string, needle: string) => isInElixirDoc(text, text.lastIndexOf('\n', text.indexOf(needle)) + 1);
    const module = ['defmodule Tok do', '  @moduledoc """', '  ## Examples', '', '      iex> secret = "kjoy3o1zeidquwy1398juxzldjlksahdk3"', '  """', '', '  @doc ~S"""', '  Signs with `key_octet: "Hq7Wm2Zx9Rt4"`.', '  """', '  def sign(x), do: x', '  @secret "Zq9Wm2Xr7Tk4Lp2"', '  @doc false', 'end', ''].join('\n');
    assert.equal(at(module, 'kjoy3o1'), true);
    assert.equal(at(module, 'Hq7Wm2'), true, '~S sigil');
    assert.equal(at(module, 'Zq9Wm2'), false, 'code after the closing quotes');
    assert.equal(at(['def run do', '  s = """', '  password: Kd8Vn3Qx7Lp2', '  """', 'end'].join('\n'), 'Kd8Vn3'), false, 'a heredoc of code');
    for (const line of ['      iex> secret = "kjoy3o1zeidquwy1398juxzldjlksahdk3"', '    iex(2)> Token.sign(key, "Hq7Wm2Zx9Rt4")']) assert.equal(isExampleLine(line), true, line);
  });

  it("tells a Rust file's test module from the code before and after it", () => {
    const at = (text: string, needle: string) => isInRustTestModule(text, text.lastIndexOf('\n', text.indexOf(needle)) + 1);
    const file = ['pub fn clone_url() -> String { "https://u:Kd8Vn3Yp6Ls1@github.com/x".into() }', '', '#[cfg(test)]', '#[allow(unused)]', 'mod tests {', '    use super::*;', '', '    #[test]', '    fn parses() {', '        let url = "https://user:Hq7Wm2Zx9Rt4@github.com/x.git";', '    }', '}', '', 'pub fn after() { let t = "Zq9Wm2Xr7Tk4"; }', ''].join('\n');
    assert.equal(at(file, 'Hq7Wm2'), true);
    assert.equal(at(file, 'Kd8Vn3'), false, 'code above the module');
    assert.equal(at(file, 'Zq9Wm2'), false, 'code after the module closed');
    const fnOnly = ['#[cfg(test)]', 'fn helper() {}', 'pub fn run() { let t = "Hq7Wm2Zx9Rt4"; }', ''].join('\n');
    assert.equal(at(fnOnly, 'Hq7Wm2'), false, 'a test-only function is no module');
    const comment = ['// #[cfg(test)]', '// mod tests {', 'let t = "Hq7Wm2Zx9Rt4";', ''].join('\n');
    assert.equal(at(comment, 'Hq7Wm2'), false, 'a commented-out attribute');
  });

  it('tells code shown in a page (<pre>, <code>) from the rest of a template', () => {
    const page = ['<h2>Authentication</h2>', '<pre><code class="language-shell">curl --request GET \\', "  --header 'Authorization: Token Hq7Wm2Zx9Rt4:Zq9Wm2Xr7Tk4'</code></pre>", "<script>const key = 'Kd8Vn3Yp6Ls1';</script>", ''].join('\n');
    assert.equal(isInMarkupCode('resources/views/api/docs.blade.php', page, page.indexOf('Hq7Wm2')), true);
    assert.equal(isInMarkupCode('resources/views/api/docs.blade.php', page, page.indexOf('Kd8Vn3')), false, 'after the element closed');
    assert.equal(isInMarkupCode('src/app.js', page, page.indexOf('Hq7Wm2')), false, 'markup files only');
    const preload = ['<link rel="preload" href="x">', '<p>token: Hq7Wm2Zx9Rt4</p>', ''].join('\n');
    assert.equal(isInMarkupCode('index.html', preload, preload.indexOf('Hq7Wm2')), false, '<pre is not <preload');
  });

  it('takes a comment that says to replace the values for a template', () => {
    const at = (text: string, needle: string) => isUnderReplaceNote(text, text.lastIndexOf('\n', text.indexOf(needle)) + 1);
    const ini = ['# Instructions: https://github.com/certbot/certbot/blob/master/certbot-dns-cloudflare/README', '# Replace with your values', '', 'dns_cloudflare_email = cloudflare@example.com', 'dns_cloudflare_api_key = Hq7Wm2Zx9Rt4Zq9Wm2Xr7Tk4', ''].join('\n');
    assert.equal(at(ini, 'Hq7Wm2'), true);
    assert.equal(at(['// fill in your own keys below', 'const key = "Hq7Wm2Zx9Rt4";', ''].join('\n'), 'Hq7Wm2'), true);
    assert.equal(at(['# Bunny API token used by Certbot', 'dns_bunny_api_key = Hq7Wm2Zx9Rt4', ''].join('\n'), 'Hq7Wm2'), false);
    assert.equal(at(['# We replace the token with a new one every week', 'token = Hq7Wm2Zx9Rt4', ''].join('\n'), 'Hq7Wm2'), false, 'replacing, but not with yours');
    // The note names this very file as the copy to make: the template was copied and filled in.
    const vpn = ['# VPN Configuration for Docker', '# Copy this to .env.vpn and fill in your credentials', '', 'PROTONVPN_PASSWORD=Hq7Wm2Zx9Rt4', ''].join('\n');
    const inFile = (path: string) => isUnderReplaceNote(vpn, vpn.lastIndexOf('\n', vpn.indexOf('Hq7Wm2')) + 1, path);
    assert.equal(inFile('deploy/.env.vpn'), false);
    assert.equal(inFile('deploy/.env.vpn.example'), true, 'the template itself');
  });

  it('tells a token that prose introduces as a sample from a value', () => {
    const at = (line: string, value: string) => isIntroducedAsSample(line, 0, line.indexOf(value));
    assert.equal(at("throw new Error('INVALID_DOTENV_KEY: Must be in valid uri format like dotenv://:key_1234@dotenvx.com/vault')", 'key_1234'), true);
    assert.equal(at('msg = "use a URL such as https://user:Hq7Wm2Zx9@db.contoso.net"', 'Hq7Wm2'), true);
    assert.equal(at('DATABASE_URL=postgres://orders:Hq7Wm2Zx9@pg.internal/orders', 'Hq7Wm2'), false);
    assert.equal(at('likely = "postgres://orders:Hq7Wm2Zx9@pg.internal/orders"', 'Hq7Wm2'), false, 'a name that starts with the word');
  });

  it("tells a run of code in a # comment that shows a result (RDoc's examples) from other comments", () => {
    const at = (text: string, needle: string) => isInResultRun(text, text.lastIndexOf('\n', text.indexOf(needle)) + 1);
    const rdoc = ['# Returns self if the password is correct.', '#', "#   user = User.new(name: 'david', password: 'Hq7Wm2Zx9Rt4')", '#   user.save', "#   user.authenticate_password('x') # => false", '#', "#   other = 'Zq9Wm2Xr7Tk4'", 'def x; end', ''].join('\n');
    assert.equal(at(rdoc, 'Hq7Wm2'), true);
    assert.equal(at(rdoc, 'Zq9Wm2'), false, 'a run of its own, with no result shown');
    const yaml = ['# Old settings:', '#   password: Hq7Wm2Zx9Rt4', '#   host: db', 'host: db', ''].join('\n');
    assert.equal(at(yaml, 'Hq7Wm2'), false, 'commented-out settings');
  });

  it('tells a code fence or an examples section inside a triple-quoted string from the rest of the string and from code', () => {
    const at = (text: string, needle: string) => isInStringExample(text, text.lastIndexOf('\n', text.indexOf(needle)) + 1);
    const doc = ['class Creds:', '    """', '    A client sends a header like:', '', '    ```', '    Authorization: Bearer Hq7Wm2Zx9Rt4', '    ```', '', '    token: Zq9Wm2Xr7Tk4', '    """', '    token = "Kd8Vn3Yp6Ls1"', ''].join('\n');
    assert.equal(at(doc, 'Hq7Wm2'), true);
    assert.equal(at(doc, 'Zq9Wm2'), false, 'after the fence closed');
    assert.equal(at(doc, 'Kd8Vn3'), false, 'code after the string');
    const md = ['```', 'password: Hq7Wm2Zx9Rt4', '```', ''].join('\n');
    assert.equal(at(md, 'Hq7Wm2'), false, 'no string opened above');
    const google = ['def f(key):', '    """', '    Maps a key id.', '', '    Example:', '        "AKIAHQ7WM2ZX9RT4KD8V" => "123456789012"', '    Args:', '        key: e.g. Zq9Wm2Xr7Tk4', '    """', ''].join('\n');
    assert.equal(at(google, 'AKIAHQ7'), true, 'under a Google-style Example: heading');
    assert.equal(at(google, 'Zq9Wm2'), false, 'under Args:');
    const numpy = ['    """', '    Examples', '    --------', '    >>> f(token="Hq7Wm2Zx9Rt4")', '    """', ''].join('\n');
    assert.equal(at(numpy, 'Hq7Wm2'), true, 'under a NumPy-style Examples heading');
    const prose = ['    """', '    Usage of the key is metered', '    token = "Hq7Wm2Zx9Rt4"', '    """', ''].join('\n');
    assert.equal(at(prose, 'Hq7Wm2'), false, 'a sentence that starts with a heading word is no heading');
  });

  it("tells the .EXAMPLE section of PowerShell's comment-based help from its other sections and from code", () => {
    const at = (text: string, needle: string) => isInHelpExample(text, text.lastIndexOf('\n', text.indexOf(needle)) + 1);
    const help = [
      'function Backup-Key {', '    <#', '    .SYNOPSIS', '        Backs up a key.', '    .PARAMETER Password', '        The password, e.g. $p = ConvertTo-SecureString -String "Zq9Wm2Xr7Tk4" -AsPlainText -Force',
      '    .EXAMPLE', "        $password = ConvertTo-SecureString -String 'Hq7Wm2Zx9Rt4' -AsPlainText -Force", '', '        Backs up the key.', '    #>',
      "    $real = ConvertTo-SecureString -String 'Kd8Vn3Yp6Ls1' -AsPlainText -Force", '}', '',
    ].join('\n');
    assert.equal(at(help, 'Hq7Wm2'), true);
    assert.equal(at(help, 'Zq9Wm2'), false, 'under .PARAMETER');
    assert.equal(at(help, 'Kd8Vn3'), false, 'code after the block');
    const noBlock = ['    .EXAMPLE', "        $password = 'Hq7Wm2Zx9Rt4'", ''].join('\n');
    assert.equal(at(noBlock, 'Hq7Wm2'), false, 'no help block opened above');
  });

  it("takes a value given to an example setting or argument, on its line or below it, for an example", () => {
    const at = (text: string, needle: string) => {
      const v = text.indexOf(needle);
      return isExampleArgument(text, text.lastIndexOf('\n', v) + 1, v);
    };
    const spex = ['      authorization: [', '        required: true,', '        example:', '          "Bearer eyJ0eXAiOiJKV1QiLCJh.eyJpYXQiOjE2.U9orU6YYqXAt"', '      ]'].join('\n');
    assert.equal(at(spex, 'eyJ0'), true, 'example: above the value');
    assert.equal(at('    token: str = Field(..., example="Bearer eyJ0eXAiOiJKV1QiLCJh.eyJpYXQiOjE2.U9orU6YYqXAt")', 'eyJ0'), true);
    assert.equal(at('  x-example: Hq7Wm2Zx9Rt4Kd8Vn3Yp6Ls1', 'Hq7'), true);
    assert.equal(at('    "example": "Hq7Wm2Zx9Rt4Kd8Vn3Yp6Ls1",', 'Hq7'), true);
    assert.equal(at(['        example:', '          token = "Hq7Wm2Zx9Rt4Kd8Vn3Yp6Ls1"'].join('\n'), 'Hq7'), false, 'a setting of its own below');
    assert.equal(at('EXAMPLE_TOKEN=Hq7Wm2Zx9Rt4Kd8Vn3Yp6Ls1', 'Hq7'), false, 'a name that only starts with the word');
    assert.equal(at('  token: Hq7Wm2Zx9Rt4Kd8Vn3Yp6Ls1', 'Hq7'), false);
  });

  it("takes R's roxygen @examples for an example, up to the next tag", () => {
    const at = (text: string, needle: string) => isInDocExample(text, text.lastIndexOf('\n', text.indexOf(needle)) + 1);
    const rox = ["#' Who am I", "#' @param .token A token.", "#' @examplesIf FALSE", "#' gh_whoami(.token = \"8c70fd8419398999c9ac5bacf3192882193cadf2\")", "#' @export", "gh_whoami <- function(.token = NULL) {}", ''].join('\n');
    assert.equal(at(rox, '8c70fd'), true);
    const param = ["#' @param .token A token, e.g. one made for tests", "#' .token = \"Hq7Wm2Zx9Rt4Kd8Vn3Yp6Ls1\"", ''].join('\n');
    assert.equal(at(param, 'Hq7Wm2'), false, 'under another tag');
  });

  it("takes a request body shown in an endpoint's doc comment for an example", () => {
    const at = (text: string, needle: string) => isInDocExample(text, text.lastIndexOf('\n', text.indexOf(needle)) + 1);
    const body = ['/**', ' * POST /api/v1/setup/create-superadmin', ' *', ' * BODY:', ' * {', ' *   "email": "superadmin@empresa.test",', ' *   "password": "Kq9zLm2xw7!"', ' * }', ' */', ''].join('\n');
    assert.equal(at(body, 'Kq9zLm2xw7'), true);
    const plain = ['/**', ' * Creates the first administrator.', ' *   "password": "Kq9zLm2xw7!"', ' */', ''].join('\n');
    assert.equal(at(plain, 'Kq9zLm2xw7'), false, 'no line introduces it');
  });

  it("takes a setting commented out under a comment that announces examples for one (Yealink's templates)", () => {
    const at = (text: string, needle: string) => isInDocExample(text, text.lastIndexOf('\n', text.indexOf(needle)) + 1);
    const yealink = ['#The following examples change the user\'s username to "user23" and the user\'s password to "user23pwd".', '#security.user_name.user = user23', '#security.user_password = user23:user23pwd', ''].join('\n');
    assert.equal(at(yealink, 'user23:user23pwd'), true);
    const plain = ['#Define the login password of the administrator.', '#security.user_password = admin:Kq9zLm2xw7', ''].join('\n');
    assert.equal(at(plain, 'Kq9zLm2xw7'), false, 'a comment that announces nothing');
    const far = ['#The following examples change the password.', '#a', '#b', '#c', '#security.user_password = admin:Kq9zLm2xw7', ''].join('\n');
    assert.equal(at(far, 'Kq9zLm2xw7'), false, 'more than three lines under it');
  });
});
