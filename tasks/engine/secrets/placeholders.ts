/**
 * Values that look like credentials but are references or placeholders: pipeline and template
 * variables, environment look-ups, `<your-token>`, `xxxx`, sequences, documented example keys.
 *
 * These checks run once per regex hit (not per file), so they are plain string work and a few
 * precompiled regexes; no allocation-heavy parsing.
 */
import type * as Crypto from 'node:crypto';
import { requireBuiltin } from '../findings/builtins';
import { isDevChainKey } from './devChainKeys';

/**
 * node:crypto, required on the first JWT checked: loading it costs ~14 M instructions (~5 ms),
 * which `palisade rules` and scans that meet no JWT need not pay. Asked of the CLI launcher when
 * there is one (see findings/builtins.ts): a scan with code rules runs under other V8 flags, where
 * Node would compile it from source.
 */
let createHmac: typeof Crypto.createHmac | undefined;

/** References to a value kept elsewhere: variables, templates, environment and vault look-ups. */
const REFERENCE = [
  /\$\(/, // Azure Pipelines macro $(var), shell $(cmd)
  /\$\{/, // ${VAR}, ${{ secrets.X }}
  /\{\{/, // mustache / helm / GitHub expressions / CloudFormation {{resolve:...}}
  /\$\[/, // runtime expressions $[variables.x]
  /#\{[^}]*\}/, // Octopus / replace-tokens #{Var}
  // ERB / EJS / ASP (`<%= ENV['X'] %>`); not `<%` met by chance in a random salt (WordPress' keys draw from punctuation).
  /<%(?:[=\-#_@ ]|$)|<%.*%>/,
  /%\([A-Za-z_][A-Za-z0-9_]*\)s/, // Python %(name)s
  /%\{/, // Puppet's hiera and Ruby's %{name} interpolation
  /\{\$[A-Za-z_]/, // PHP's {$name} inside a double-quoted string
  /^\$(?:script|global|local|private|using|variable):[A-Za-z_][A-Za-z0-9_]*$/i, // PowerShell's scoped variables ($Script:cred)
  /^\[[A-Za-z][\w.]*(?:\[\])?\]\$[A-Za-z_][A-Za-z0-9_:]*[});,]?$/, // a PowerShell parameter's type and default (`Password=[string]$null`, DSC modules; `@{…; Password=[string]$null}`)
  /^--?[A-Za-z][\w-]*=?\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/, // an option given a variable (`-p$PASSWD`, `--password=${DB_PASS}`)
  /^&[A-Za-z_][\w.]*&$/, // a variable joined into a string in classic ASP and VB (`"IsPass="&TrueValue&""`)
  /^&\{?[A-Za-z_][A-Za-z0-9_]*\}?$/, // a SnowSQL or SQL*Plus substitution variable (`SET PASSWORD = '&deploy_password'`)
  /^\$[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/, // $VAR, $env.X
  /^\$\$[A-Za-z_][A-Za-z0-9_]*$/, // $$VAR: an escaped reference (Docker Compose, Makefiles) that passes $VAR on
  /^\$env:[A-Za-z_][A-Za-z0-9_]*$/i, // PowerShell $env:VAR
  /^\\\$[A-Za-z_][A-Za-z0-9_]*$/, // \$VAR: a $ escaped for a shell a script writes (Jenkins job XML), still a reference
  /^`\$[A-Za-z_][A-Za-z0-9_]*$/, // `$Var: PowerShell's escaped $ in a double-quoted string, which writes the reference out for a later shell
  /^#\/[\w$~.%-]+(?:\/[\w$~.%-]+)*$/, // #/components/schemas/X: a JSON pointer (OpenAPI's, JSON Schema's $ref) to another part of the document
  /^%[A-Za-z_][A-Za-z0-9_]*%$/, // %VAR%
  /^\{![A-Za-z_$][\w.$]*\}$/, // a Salesforce merge field (`value="{!password}"` in a Visualforce page)
  /^__[A-Za-z0-9_.-]+__$/, // replace-tokens __Var__
  /^@[A-Za-z_][A-Za-z0-9_.]*@$/, // @Var@
  /^#{2,}[A-Za-z_][A-Za-z0-9_.]*#{2,}$/, // ###ORACLE_PWD###: a token a setup script replaces (Oracle's response files)
  /^:[A-Za-z_][A-Za-z0-9_]*$/, // :app_password: a SQL bind variable, a Ruby symbol
  /\{[A-Z][A-Z0-9_]{2,40}\}/, // no-reply@{DOMAIN}: a template's field inside a value
  // The same in lower-case words (postmark://{apikey}:{from_email}?bcc=…); also Spring Cloud Config's
  // `{cipher}…`, a value encrypted for its config server, which is made to be committed. Not
  // Spring Security's encoder ids: `{noop}s3cret` is the password s3cret, stored as it is.
  /\{(?!(?:noop|bcrypt|pbkdf2|scrypt|argon2|sha256|ldap|md4|md5)\})[a-z]{2,}(?:_[a-z]{2,}){0,4}\}/,
  /(?:^|[-_./:])\$[a-z][a-z0-9_]*(?:[-_./:]|\*?$)/, // postgresql-$v-chkpass, chkpass_$v*: a variable joined into a name (or a glob of names)
  /\{\d{0,2}\}/, // a positional format field inside a value ("prefix_{}".format(x), String.Format "{0}")
  /process\.env/i,
  /os\.environ/i,
  /getenv/i,
  /GetEnvironmentVariable/i,
  /secretKeyRef|valueFrom/,
  /@Microsoft\.KeyVault\(/, // App Service Key Vault reference
  /^(?:PrivateSettingsRef|secretref):[\w.-]+$/i, // an ARM extension's protected setting by name (DSC's PrivateSettingsRef:), a Container Apps secret (secretref:)
  /^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:/, // a URN naming where the value is kept (urn:k8s:secret:redis:password)
  /^<[^<>]*>$/, // <your-token>
  /^\[[A-Z][A-Z0-9_ -]*\]$|^\[[a-z][a-z_ -]*\]$/, // [PASSWORD], [your password]: a template's field (NuGet.Config written by a build script)
  /&lt;[^&]{1,60}&gt;/, // <your-token> HTML-escaped
];

function isReference(value: string): boolean {
  // A template field closed by the string around it (`password {self.password}'` in a netrc line
  // written from code): the quote is the code's, not the value's. Likewise the escapes of a
  // script held in a JSON string (`--password $registryPassword\n`).
  if (/^[{$%<#@_]/.test(value) && /["'`,;]$|\\[nrt"'\\]$/.test(value)) value = value.replace(/(?:["'`,;]|\\[nrt"'\\])+$/, '');
  // A name after $ that no one would give a variable (`$sc7Kq9z12`: letters and digits in turn):
  // a password that starts with $, not a reference.
  const dollar = /^\$([A-Za-z_][A-Za-z0-9_]{7,})$/.exec(value);
  if (dollar && !WORDY_IDENTIFIER.test(dollar[1]) && (dollar[1].match(/[A-Za-z][0-9]+(?=[A-Za-z])/g)?.length ?? 0) >= 2) return false;
  for (const re of REFERENCE) if (re.test(value)) return true;
  // A path under a variable's folder (`ASKPASS="$TMP_DIR/git-askpass.sh"`, `${HOME}/.netrc`).
  const folder = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?[/\\]/.exec(value);
  if (folder && (/^[A-Z][A-Z0-9_]*$|^[a-z_]+$/.test(folder[1]) || WORDY_IDENTIFIER.test(folder[1]))) return true;
  // A shell's command substitution in backquotes (`` PASSWORD=`generatePassword` ``, cut at the
  // blank of `` `openssl rand -hex 16` ``): the value is what the command prints. A name, a path or
  // a variable inside; random text between backquotes is a value quoted in Markdown's way.
  const command = /^`([A-Za-z./$][^`\s]*)(`?)$/.exec(value);
  if (command && ((command[2] === '`' && WORDY_IDENTIFIER.test(command[1])) || /^[a-z][a-z0-9_-]{1,30}$|^\.{0,2}\/|^\$/.test(command[1]))) return true;
  // A template's field inside a value (`https://<host>/api`). In a long value only a field of three
  // characters or more: a random salt holds `<jp>` by chance (one WordPress key in about a hundred).
  const field = /<([A-Za-z][A-Za-z0-9 _.-]*)>/.exec(value);
  if (field && (field[1].length >= 3 || value.length < 40)) return true;
  // Variables joined into a path or a name (PowerShell's "$ResourceGroupName/$KeyVaultName/$CertSecretName").
  if (/^[/\\:._-]*(?:\$[A-Za-z_][A-Za-z0-9_]*[/\\:._-]*){2,}$/.test(value)) return true;
  // {0}, {password}, {API_KEY}: a template field; but a random value in braces is a value pasted
  // into the template's field ("{ZqL5kVrX1n8tA2}").
  return BRACED_NAME.test(value) && !isMixedRandom(value.slice(1, -1));
}

const BRACED_NAME = /^\{[A-Za-z0-9_.\- ]*\}$/;

/** Ten or more characters with at least two each of digits, capitals and small letters: no name. */
function isMixedRandom(part: string): boolean {
  return part.length >= 10 && !/[ ._-]/.test(part) && (part.match(/[0-9]/g)?.length ?? 0) >= 2 && (part.match(/[A-Z]/g)?.length ?? 0) >= 2 && (part.match(/[a-z]/g)?.length ?? 0) >= 2 && !isWordy(part);
}

/** A call or an index written out whole: a name before each opening bracket, and every bracket closed. */
function isCallOrIndex(value: string): boolean {
  if (!/[\w$.)\]]\(|[\w$.)\]]\[|^\(.*\)$/.test(value)) return false;
  let depth = 0;
  for (const c of value) {
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') {
      if (--depth < 0) return false;
    }
  }
  return depth === 0;
}

/** A part of a name joined by `$`: empty, a small number, or words (WORDY_IDENTIFIER). */
function isNamePart(part: string): boolean {
  return part === '' || /^[0-9]{1,3}$/.test(part) || WORDY_IDENTIFIER.test(part);
}

/** Runs of a masking character: a value partly masked this way may still hold a real part. */
const MASK_WORDS = ['xxxx', '****', '####', '\u2022\u2022\u2022'];

/**
 * Whether `value` (`lower`: the same lower-cased) holds the placeholder word `w`. In a long value
 * (64 characters or more: a key body, a PEM block) a word of fewer than six letters and nothing
 * else turns up by chance: `fake` or `xxxx` in one 2048-bit PEM body in a few hundred (a generated
 * TLS key was missed so). There it counts only at an end of the value (`dummyToken…`), beside a
 * separator (`-fake-`, `<dummy>`) or when written twice (`FakeeP35…fakeU7…`: by chance, one body
 * in a million), and the mask `xxxx` only as a run of eight. Not as a camel-case word inside
 * (`…myFakeToken…`): a capitalised `Fake` before a capital turns up in one key in ~10,000.
 */
function holdsWord(value: string, lower: string, w: string): boolean {
  const at = lower.indexOf(w);
  if (at < 0) return false;
  if (value.length < 64 || w.length >= 6 || !/^[a-z]+$/.test(w)) return true;
  if (w === 'xxxx') return lower.includes('xxxxxxxx');
  if (lower.indexOf(w, at + w.length) >= 0) return true;
  const end = at + w.length;
  return at === 0 || end === lower.length || WORD_SEPARATORS.has(lower[at - 1]) || WORD_SEPARATORS.has(lower[end]);
}

/** What sets a word apart in a value and is no part of a base64 body or its line breaks. */
const WORD_SEPARATORS = new Set('-_.<>{}[]():$@!,;');

/** Case-insensitive substrings that mark a placeholder or an example. */
const PLACEHOLDER_WORDS = [
  ...MASK_WORDS,
  'example', 'placeholder', 'changeme', 'change_me', 'change-me', 'change_this', 'changethis', 'change-this', 'redacted', 'dummy', 'fake',
  'your_', 'your-', 'yourtoken', 'yourkey', 'yourpassword', 'yoursecret', 'insert_', 'insert-', 'replace_', 'replace-', 'replaceme',
  'enter_', 'enter-your', 'put_your', 'put-your', 'fill_in', 'fillme', 'setme', 'set_me',
  'tokenhere', 'keyhere', 'secrethere', 'passwordhere', '_here', '-here', 'goeshere', 'goes_here',
  // A URL's path written as the template's words (`hooks/catch/YOUR/WEBHOOK/ID`).
  'your/',
  'sample', 'notreal', 'not_real', 'not-a-real', 'not a real', 'not my real', 'notasecret', 'not_a_secret', 'mysecret', 'secret123', 'password123',
  // What a CI job's or a local stack's own value says of itself (`ci-test-jwt-secret-not-for-production`).
  'not-for-prod', 'not_for_prod', 'notforprod', 'do-not-use', 'do_not_use', 'donotuse',
  // A value that names its own encoding describes the value (hashedPassword =
  // base64_encoded_64_byte_salt, <base64-encoded-key>); no encoder writes its own name.
  'base64_encoded', 'base64-encoded', 'base64encoded', 'hex_encoded', 'hex-encoded',
  // What a value says it should be (Laravel's old `.env.example`: `APP_KEY=SomeRandomString`).
  'randomstring', 'random_string', 'random-string', 'randomchars', 'random_chars',
  // What the value must be (Elastic's docs for Kibana's keys: `something_at_least_32_characters`).
  'something_at_least', 'at_least_32',
];

/** Keys published in vendor documentation as examples; reporting them only adds noise. */
const DOCUMENTED_EXAMPLES = new Set([
  // Azurite / Azure Storage Emulator well-known account key.
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
  // Azure Cosmos DB emulator well-known key.
  'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==',
  // The API key of the NuGet CLI reference's `setapikey` examples (Microsoft Learn), printed in nuget.exe's own help.
  '4003d786-cc37-4004-bfdf-c4f3e8ef9b3a',
  // The host.json keys of the Azure Functions HTTP binding's documentation, shipped in the Functions templates' bindings.json.
  'K6P2VxK6P2VxK6P2VxmuefWzd4ljqeOOZWpgDdHW269P2hb7OSJbDg==',
  'OBmXvc2K6P2VxK6P2VxK6P2VxVvCdB89gChyHbzwTS/YYGWWndAbmA==',
  // Azure DevOps token in the README of Microsoft's azure-devops-node-api client.
  'cbdeb34vzyuk5l4gxc4qfczn3lko3avfkfqyb47etahq6axpcqha',
  // AWS documentation keys.
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'AKIAI44QH8DHBEXAMPLE',
  'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  // Stripe documentation test keys (today's, and the one its docs showed for years before).
  'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
  'sk_test_BQokikJOvBiI2HlWgH4olfQ2',
  // The examples of the OAuth 2.0 specifications (RFC 6749 and RFC 6750), copied into every
  // OAuth library's docs and docstrings: access, refresh and MAC tokens, an authorization
  // code, the client's Basic credentials.
  '2YotnFZFEjr1zCsicMWpAA',
  'tGzv3JOkF0XG5Qx2TlKWIA',
  'SplxlOBeZQQYbYS6WxSbIA',
  'h480djs93hd8',
  'mF_9.B5f-4.1JqM',
  'czZCaGRSa3F0MzpnWDFmQmF0M2JW',
  // The Basic scheme's own example (RFC 7617, and RFC 2617 before it): `Aladdin:open sesame`.
  'QWxhZGRpbjpvcGVuIHNlc2FtZQ==',
  // RFC 7009's token revocation request.
  '45ghiukldjahdnhzdauz',
  // OAuth 1.0 (RFC 5849): the client, temporary and token credentials of its example, and the
  // consumer key and token of its Authorization header example.
  'dpf43f3p2l4k3l03',
  'kd94hf93k423kf44',
  'hh5s93j4hdidpola',
  'hdhd0244k9j7ao03',
  'nnch734d00sl2jdk',
  'pfkkdhi9sl3r4s00',
  '9djdj82h48djs9d2',
  'kkk9d7dh3k39sjv7',
  // oauthlib's documented OAuth 1 token response (its endpoints' docstrings, rendered in its API
  // docs and vendored with it): token and token secret.
  'lsdkfol23w54jlksdef',
  'qwe089234lkjsdf',
  // The Secret Key in the decoded service account token that 1Password's developer docs show
  // (developer.1password.com/docs/service-accounts/security), copied into scanners' comments.
  'A3-C4ZJMN-PQTZTL-HGL84-G64M7-KVZRN-4ZVP6',
  // The Secret in the Kubernetes documentation's examples: `password: MWYyZDFlMmU2N2Rm` ("1f2d1e2e67df").
  'MWYyZDFlMmU2N2Rm',
  // The bcrypt hash of the word `password` that Laravel's application skeleton shipped in its
  // UserFactory for years, copied into every app's factories and seeders: its password is public.
  '$2y$10$92IXUNpkjO0rOQ5byMi.Ye4oKoEa3Ro9llC/.og/at2.uheWG/igi',
  // The bcrypt of `secret` in Laravel 5's UserFactory (`// secret` beside it), copied as widely.
  '$2y$10$TKh8H1.PfQx37YgCzwiKb.KjNyWgaHb9cbcoQgdIVFlYg7B77UdFm',
  // The bcrypt of `password` in Node-RED's default settings.js and its security docs, the
  // commented-out example of every Node-RED install's `adminAuth`.
  '$2a$08$zZWtXTja0fB1pzD4sHCMyOCMYz2Z6dNbM6tl8sJogENOMcxWV9DN.',
  // The MD5 of `password`, the `pass` of the commented-out `httpNodeAuth` / `httpStaticAuth`
  // examples in older Node-RED settings.js files.
  '5f4dcc3b5aa765d61d8327deb882cf99',
  // The signature keys of Pulumi's wire protocol, in every Pulumi SDK and stack export: the key
  // that marks a special value and the value that marks a secret (its ciphertext sits beside it).
  '4dabf18193072939515e22adb298388d',
  '1b47061264138c4ac30d75fd1eb44270',
  // The client token of Microsoft Edge's Read Aloud voices, the same in every Edge browser and
  // in every port of edge-tts that calls the service (`TrustedClientToken=` in its URL).
  '6A5AA1D4EAFF4E9FB37E23D68491D6F4',
  // The Supabase CLI's keys for the local stack it starts (`supabase start`, `supabase status`),
  // the same on every developer's machine (its JWT secret, `…-with-at-least-32-characters-long`,
  // states its length: notACredential drops it).
  'sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz',
  'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH',
  // Google reCAPTCHA v2's test keys (its FAQ: every verification passes with them, for automated tests).
  '6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI',
  '6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe',
  // The examples of Buildkite's token-security page (docs/platform/security/tokens), one per format.
  'bkua_MTA.4f6ccde8c73e26244d73c5a77c91c242c0c818ce',
  'bkaa_MTA.Miyf6S3a3g9j8pyBGTyLC1frg9k6gDHTJdL9Fy7FXzRhrAVPckkzK6oEmdQVLvzUjt4rvW7cRPJEu',
  'bkar_MTU.D3Efk6R62Fj7uprMGXsGjLhqugSfAXtAvpSjpMsykTzrHQnCH3rKETjo1NJ4yD9cSuGxsW5t3LJ6C',
  'bkct_MTI.nYMxCVxgALbhwoc7pvvMfEURJgXXvzUVrogdmo1NKZqCcUTsmWRUWu9h3tW9j3nRvJ54aXyaKAdf6',
  'bkpt_eyJfcmFpbHMiOnsiZGF0YSI6WyIwMTk2NjAyOC04OTk4LTQzZDctOTAyNC1mOGU0YjJhZThiZmEiLCI2MDA5MTFmMS1kZmU0LTRmMDctOGQ5OC0wYWZmMGI5ZDAyMTgiXSwiZXhwIjoiMjAyNS0wNS0xNlQwMjozNjozNC4wNzZaIn19--3116a4b837e78265cc7d3a90a12d90c263729880',
  'bkpt_eyJfcmFpbHMiOnsiZGF0YSI6WyIwMTk2NjAzOS0zMGUxLTQ0NmUtOTg4Yi0xNmNjNmQ3ZTlmYmYiLCIwMThmNTZlZi05NTZjLTc0NzAtOTVhNC1lOTE1MDlkMjlmMWUiXSwiZXhwIjoiMjAyNS0wNS0xNlQwMjozNjozNC40MDNaIn19--bb46c0fcd8d9a797df4282403030453043018155',
  'bkpat_MTQ_5f6ccde8c73e26244d73c5a77c91c242c0c818ce',
  'bkps_Mw_388c52458682d4e2621f28df4b3018f27b130ee6c7a263bbd3f96eb86916',
  // Grafana's shipped default `secret_key` (its defaults.ini and sample.ini, copied into every
  // grafana.ini written from them).
  'SW2YcwTIb9zpOOhoPsMm',
  // The example keys in the wp_salt() docblock of WordPress' own wp-includes/pluggable.php,
  // present in every copy of WordPress (its text says not to paste them).
  ' Xakm<o xQy rw4EMsLKM-?!T+,PFF})H4lzcW57AF0U@N@< >M%G4Yt>f`z]MON',
  'LzJ}op]mr|6+![P}Ak:uNdJCJZd>(Hx.-Mh#Tz)pCIU#uGEnfFz|f ;;eU%/U^O~',
  '|i|Ux`9<p-h$aFf(qnT:sDO:D1P^wZ$$/Ra@miTJi9G;ddp_<q}6H1)o|a +&JCM',
  '%:R{[P|,s.KuMltH5}cI;/k<Gx~j!f0I)m_sIyu+&NJZ)-iO>z7X>QYR0Z_XnZ@|',
  'eZyT)-Naw]F8CwA*VaW#q*|.)g@o}||wf~@C-YSt}(dh_r6EbI#A,y|nU2{B#JBW',
  '!=oLUTXh,QW=H `}`L|9/^4-3 STz},T(w}W<I`.JjPi)<Bmf1v,HpGe}T1:Xt7n',
  '+XSqHc;@Q*K_b|Z?NC[3H!!EONbh.n<+=uKR:>*c(u`g~EJBf#8u#R{mUEZrozmm',
  'h`GXHhD>SLWVfg1(1(N{;.V!MoE(SfbA_ksP@&`+AycHcAV$+?@3q+rxV{%^VyKT',
  // The defaults Unity writes into every project's ProjectSettings.asset (console packaging fields).
  'frAQBc8Wsa1xVPfvJcrgRYwTiizs2trQ',
  'F69AzBlax3CF3EDNhm3soLBPh71Yexui',
  // The strong-name public key tokens of .NET's own assemblies (ECMA, Microsoft, Silverlight…), as
  // the runtime's machine.config maps them (`<map Token="…" PublicKey="…"/>`): public by definition.
  'b77a5c561934e089',
  'b03f5f7f11d50a3a',
  '31bf3856ad364e35',
  '7cec85d7bea7798e',
  '6d5c3888ef60e27d',
  '7c307b91aa13d208',
  // The signing key of FastAPI's OAuth2/JWT tutorial (`SECRET_KEY = "09d25e…"`), copied into many apps' settings.
  '09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7',
  // The credentials of Twitter's "Creating a signature" OAuth 1.0a walkthrough (consumer key and
  // secret, access token and secret), pasted with its worked example into HMAC-SHA1 code everywhere.
  'xvz1evFS4wEEPTGEFPHBog',
  'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
  '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
  'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
  // OpenThread's default network key, the Kconfig default every ESP-IDF `sdkconfig` with Thread writes out.
  '00112233445566778899aabbccddeeff',
  // The bcrypt hash of `secret` in FastAPI's security tutorial (`fake_users_db`), copied with it.
  '$2b$12$EixZaYVK1fsbw1ZfbX3OXePaWxn96p36WQoeG6Lruj3vjPGga31lW',
  // The crypt(3) hash of `password` in the FakeBasicAuth example of Apache's default-ssl.conf
  // (Debian's and Ubuntu's stock site, copied with every configuration written from it).
  'xxj31ZMTZzkVA',
  // The bearer token of Twitter's (X's) own web client, in the JavaScript every visitor loads:
  // scrapers copy it from there; it is the site's, not the project's.
  'AAAAAAAAAAAAAAAAAAAAANRILgAAAAAAnNwIzUejRCOuH5E6I8xnZz4puTs%3D1Zv7ttfk8LF81IUq16cHjhLTvJu4FA33AGWWjCpTnA',
  // jwt.io's example token.
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
]);

/**
 * A key published in vendor documentation as an example, or one every copy of a development tool
 * creates (a local chain's accounts); checked even for checksum-valid keys.
 */
export function isDocumentedExample(secret: string): boolean {
  return DOCUMENTED_EXAMPLES.has(secret) || isDevChainKey(secret) || isSampleJwt(secret) || isSignedWithPublishedKey(secret) || isKeylessJwt(secret);
}

/**
 * A JWT that grants nothing a reader could not have anyway: unsigned (`alg: none`, which anyone
 * can mint) or with words for its signature; a Supabase project's anon key (role `anon`), which
 * Supabase makes for the browser and every visitor's page holds (row-level security decides what
 * it may read); or a key of Supabase's local stack (issuer `supabase-demo`), the same on every
 * developer's machine.
 */
function isKeylessJwt(secret: string): boolean {
  if (!JWT_PREFIX.test(secret) || secret.length > 4096) return false;
  const [head, payload, signature] = secret.split('.');
  if (!payload) return false;
  // Words in the signature's place (`….development_token_for_local_testing_only`): a stand-in that
  // no server accepts; a signature is the base64url of random-looking bytes.
  if (signature !== undefined && /^[a-z]+(?:[_-][a-z]+)+$/.test(signature)) return true;
  const header = jsonObject(head);
  if (header && typeof header.alg === 'string' && header.alg.toLowerCase() === 'none') return true;
  const claims = jsonObject(payload);
  if (!claims || typeof claims.iss !== 'string') return false;
  return claims.iss === 'supabase-demo' || (claims.role === 'anon' && /^(?:supabase$|https:\/\/[a-z0-9]{20}\.supabase\.co\/auth\/v1$)/.test(claims.iss));
}

/** A base64url part's JSON object, or undefined. */
function jsonObject(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * HMAC keys that jwt.io's debugger fills in (the current default and the older per-size ones).
 * A token whose signature verifies with one of them was made on that page or from its docs:
 * anyone can mint it, so it grants nothing a reader could not forge, whatever its claims.
 */
const PUBLISHED_HMAC_KEYS = ['a-string-secret-at-least-256-bits-long', 'your-256-bit-secret', 'your-384-bit-secret', 'your-512-bit-secret'];
const HMAC_HASH: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

function isSignedWithPublishedKey(secret: string): boolean {
  if (!secret.startsWith('eyJ') || secret.length > 4096) return false;
  const parts = secret.split('.');
  if (parts.length !== 3 || parts[2].length < 43) return false;
  const header = jsonObject(parts[0]);
  const hash = header ? HMAC_HASH[String(header.alg)] : undefined;
  if (!hash) return false;
  const signed = `${parts[0]}.${parts[1]}`;
  const hmac = (createHmac ??= requireBuiltin<typeof Crypto>('node:crypto', () => require('node:crypto') as typeof Crypto).createHmac);
  return PUBLISHED_HMAC_KEYS.some((key) => hmac(hash, key).update(signed).digest('base64url') === parts[2]);
}

/**
 * A JWT carrying jwt.io's sample payload (subject 1234567890, name John Doe, and only the time and
 * admin claims the page shows): the debugger's example, re-signed with whatever algorithm and key
 * the page was set to, copied into docs and tests; or PyJWT's (`{"some": "payload"}` alone). A
 * payload with claims of its own was built on the example, not copied, so it is judged like any token.
 */
const JWT_IO_CLAIMS = new Set(['sub', 'name', 'admin', 'iat', 'exp', 'nbf']);

function isSampleJwt(secret: string): boolean {
  if (!JWT_PREFIX.test(secret)) return false;
  const payload = secret.split('.')[1];
  if (!payload || payload.length > 2048) return false;
  const claims = jsonObject(payload);
  if (!claims) return false;
  const { sub, name, some } = claims;
  // PyJWT's documented payload ({"some": "payload"}), which its docs sign with "secret" and with
  // sample RSA and EC keys: nothing but that claim.
  if (some === 'payload' && Object.keys(claims).length === 1) return true;
  return sub === '1234567890' && name === 'John Doe' && Object.keys(claims).every((k) => JWT_IO_CLAIMS.has(k));
}

export function isPlaceholder(secret: string): boolean {
  return placeholderVerdict(secret) !== undefined;
}

/**
 * Why a value is not taken at face value: `placeholder` (a reference, a placeholder word, a
 * documented example, one or two characters, a short unit repeated: nothing in it is random) or
 * `filler` (built from sequences such as 12345678/ABCD, or one character dominating it). A vendor
 * rule still reports a filler, at low confidence: a value in the vendor's exact format next to the
 * vendor's name may be real, and peers report it, but it should not fail a build on its own.
 * `prefixLength`: the length of the vendor's distinctive fixed prefix the value starts with
 * (see prefixedVerdict); 0 when the rule has none.
 */
export function placeholderVerdict(secret: string, prefixLength = 0): 'placeholder' | 'filler' | undefined {
  if (isDocumentedExample(secret)) return 'placeholder';
  if (isReference(secret)) return 'placeholder';
  if (prefixLength > 0) return prefixedVerdict(secret, prefixLength);
  const lower = secret.toLowerCase();
  for (const w of PLACEHOLDER_WORDS) if (holdsWord(secret, lower, w)) return 'placeholder';
  // camelCase identifiers (getPagesInConfluenceSpace): code, not a credential.
  if (CAMEL_WORDS.test(secret)) return 'placeholder';
  // Runs of separators stand in for a value in docs, but base64url bodies have them too (0xff bytes).
  if (SEPARATOR_RUN.test(secret)) return 'filler';
  return repetition(secret);
}

/**
 * A value after a vendor's distinctive fixed prefix (ghp_, xoxb-, AKIA): the prefix is evidence
 * that someone pasted a token of that vendor, so a body too regular to be random (runs, a short
 * unit repeated, a partly masked value) is a filler, shown at low confidence. What stays a
 * placeholder: a placeholder word (example, your_, dummy), a body that is one character
 * repeated between separators (ghp_xxxx..., xoxb-xxxx-xxxx) or a whole alphabet: a template,
 * nothing pasted.
 */
function prefixedVerdict(secret: string, prefixLength: number): 'placeholder' | 'filler' | undefined {
  const body = secret.slice(prefixLength);
  const lower = body.toLowerCase();
  if (oneCharTemplate(lower)) return 'placeholder';
  // A whole alphabet in a row after the prefix (da2-abcdefghijklmnopqrstuvwxyz) is the format's
  // character set written out in a doc or fixture: nothing was pasted.
  if (isCharacterSet(body)) return 'placeholder';
  let masked = false;
  for (const w of PLACEHOLDER_WORDS) {
    if (!holdsWord(body, lower, w)) continue;
    if (!MASK_WORDS.includes(w)) return 'placeholder';
    masked = true;
  }
  if (masked || CAMEL_WORDS.test(body) || SEPARATOR_RUN.test(body)) return 'filler';
  return repetition(body) === undefined ? undefined : 'filler';
}

/**
 * One character repeated over (nearly) all of a body, separators aside: `xxxx-xxxx`, and also
 * `live_xxxx...` or `k_xxxx...` where the known prefix ends inside a fixed word of the format.
 */
function oneCharTemplate(body: string): boolean {
  const chars = body.replace(/[-_.]/g, '');
  let longest = 0;
  let run = 0;
  for (let i = 0; i < chars.length; i++) {
    run = i > 0 && chars[i] === chars[i - 1] ? run + 1 : 1;
    if (run > longest) longest = run;
  }
  return longest >= 0.75 * chars.length;
}

const SEPARATOR_RUN = /\.{4}|_{4}|-{4}/;

const CAMEL_WORDS = /^[a-z]{2,}(?:[A-Z][a-z]{1,}){2,}$/;

/**
 * camelCase of words with acronyms and version numbers (`hasCompletedRealmToGRDBMigrationV2`,
 * `carPlayAssistAllowBluetoothA2DP`), maybe after a numeronym (`k8sEntityLogsExpression`) or an
 * SDK constant's `k` (`kAudioFormatMPEG4AAC`). Each part is taken whole (see WORDY_IDENTIFIER).
 */
const CAMEL_PARTS = /^(?:[a-z]{2,}|[a-z][0-9]{1,2}[a-z]{1,2}(?=[A-Z])|k(?=[A-Z]))(?:(?=([A-Z][a-z]+|[A-Z]{2,}(?![a-z])|[A-Z]?[0-9]{1,2}(?![0-9])))\1)+$/;
/** A word of three letters or more, with its capital. */
const LONG_WORD = /[A-Z]?[a-z]{3,}/g;
/** Letters no word has: no vowel, or five consonants in a row. */
const UNSPEAKABLE = /^[^aeiouy]*$|[^aeiouy]{5}/i;

/**
 * Whether a value is an identifier made of words: CAMEL_PARTS, with two capitalised words or
 * more, words of three letters or more over 55% of it, each of them speakable. A random base62
 * value of 16-40 characters passes about once in 8,000 draws.
 */
export function isCamelIdentifier(v: string): boolean {
  return v.length <= 64 && CAMEL_PARTS.test(v) && madeOfWords(v);
}

/** Two capitalised words or more, words of three letters or more over 55% of `v`, each speakable. */
function madeOfWords(v: string): boolean {
  let cover = 0;
  let humps = 0;
  for (const w of v.match(LONG_WORD) ?? []) {
    if (UNSPEAKABLE.test(w)) return false;
    cover += w.length;
    if (w.charCodeAt(0) <= 90) humps++;
  }
  return humps >= 2 && cover >= 0.55 * v.length;
}

/**
 * Token prefixes that belong to a vendor rule. A generic hit whose value starts with one is a
 * value that vendor's rule already judged (and rejected: truncated, example, wrong shape).
 */
const VENDOR_PREFIX =
  /^(?:xox[a-z]-|xox[a-z]\.|xapp-|gh[pousr]_|github_pat_|gl(?:pat|rt|dt|ptt|ft|soat|imt|agent|oas|cbt|ffct|sa|c)[-_]|[sr]k_(?:live|test|prod)_|(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]|AIza|SG\.|npm_|oy2[a-z0-9]|pypi-|dckr_|hf_|api_org_|do[por]_v1_|dapi[0-9a-f]|sntry[su]_|sgp_|shp(?:at|ca|pa|ss)_|AT[AC]TT3|sk-ant-|sk-proj-|pnu_|rdme_|lin_api_|ntn_|NR(?:AK|II|JS|AA)-|hv[sbr]\.|pul-|PMAK-|pscale_|tfp_|fo1_|fm[12][ar]?_|xkeysib-|eyJ|ZXlK|dp\.(?:pt|st|sa|ct)\.|dt0c01\.|EZ[AT]K|FLW(?:SEC|PUB)K|rubygems_|CLOJARS_|HRKU-|GOCSPX-|sq0(?:atp|csp)-|AGE-SECRET-KEY-|ops_eyJ|sha256~|PuTTY|sm_[aps]at_|figd_|odt_|mdb_sa_|BBFF-|xai-|sbp_|sb_secret_)/;

const VENDOR_SHAPED_MIN = 24;
const UNATTEND_PASSES = new Set(['windowsPE', 'offlineServicing', 'generalize', 'specialize', 'auditSystem', 'auditUser', 'oobeSystem']);
/** A name that ends with the word Key (`ModelId_Display_Key`, `EndOfYearShowBadge2025Key`): a stored setting's or a resource string's name. */
const NAME_OF_A_KEY = /^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*(?:_(?:Key|KEY|key)|[a-z0-9]Key)$/;
/** A relative path to a file of code or markup (`Layout/MainLayout.razor`, `src/app.component.ts`). */
const SOURCE_FILE_PATH = /^(?:[\w.-]+\/)+[\w.-]+\.(?:razor|cshtml|cs|ts|tsx|js|jsx|vue|svelte|html?|css|scss|py|rb|go|java|kt|php|json|ya?ml|xml|md)$/;
const SCOPE_NAME = /^[a-z]+(?:-[a-z]+)*(?:\.{1,2}(?:[a-z]+(?:[A-Z][a-z]+)*(?:-[a-z]+)*|[0-9]{1,3}[a-z]*)){2,}$/;
const DOTFILE_NAME = /^\.[a-z]{3,40}$/;
const JWT_PREFIX = /^(?:eyJ|ZXlK)/;

/** A part of a dotted value that no one would name a variable: long, mixed case and digits. */
function isRandomPart(part: string): boolean {
  // Words are no random part, capitals and digits notwithstanding (P11SecretKeyFactory).
  if (part.length < 16 || (part.length <= 64 && WORDY_PART.test(part) && isWordy(part, true))) return false;
  let digits = 0, upper = 0, lower = 0;
  for (let i = 0; i < part.length; i++) {
    const c = part.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
  }
  return digits >= 2 && upper >= 2 && lower >= 2;
}

// Each part is taken whole, as an atomic group would (a lookahead and a back-reference): split
// any way, runs of capitals and digits made the test of a long value that is no identifier
// ('7392016485qwertyZXCVBNMASDFGHJKLPOIUYT=') take exponential time.
const WORDY_IDENTIFIER = /^_?(?:(?=([A-Z]?[a-z]{2,}|[A-Z]{2,}(?![a-z])|[0-9]{1,3}|_))\1)+$/;
/** WORDY_IDENTIFIER after a leading capital glued to the first word (OAuth, IAccount). */
const ACRONYM_FIRST = /^_?(?=[A-Z]{2}[a-z]{2,})[A-Z](?:(?=([A-Z]?[a-z]{2,}|[A-Z]{2,}(?![a-z])|[0-9]{1,3}|_))\1)+$/;
/**
 * Looser, for a part of a dotted name only (sun.security.pkcs11.P11SecretKeyFactory), where the
 * dots already say code: an acronym glued to the first word, a capital and a number. At the top
 * level it took one random token in a few hundred for a name.
 */
const WORDY_PART = /^_?(?:(?=([A-Z]{2}[a-z]{2,}))\1)?(?:(?=([A-Z]?[a-z]{2,}|[A-Z]{2,}(?![a-z])|[A-Z][0-9]{1,2}(?![0-9a-z])|[0-9]{1,3}|_))\2)+$/;
/** An identifier made of words (WORDY_IDENTIFIER and isWordy): `SandboxesSandboxAwsMountStaticAuthConfig`, `ResetPasswordResponse`. */
export function isWordyIdentifier(v: string): boolean {
  return v.length <= 64 && WORDY_IDENTIFIER.test(v) && isWordy(v);
}

/**
 * Mostly lower-case letters, with at least two word-like humps (Array, Buffer); with `loose`, or
 * three humps whatever the capitals around them (a dotted name's part).
 */
function isWordy(v: string, loose = false): boolean {
  let lower = 0;
  let letters = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 97 && c <= 122) {
      lower++;
      letters++;
    } else if (c >= 65 && c <= 90) letters++;
  }
  const humps = v.match(/[A-Z][a-z]{2,}/g)?.length ?? 0;
  return (lower * 2 >= letters && humps >= 2) || (loose && humps >= 3);
}

// A part may also lead with a short number (2fa, 3d, 64bit), or be a numeronym (k8s, i18n, e2e: etcd's `initialClusterToken: etcd-cluster-k8s`).
// A part may be a version (`v5019`: a CSS class named for the release that added it, `ce-v5019-logged-out`).
const SLUG_PART = '(?:[a-z]{1,12}|[0-9]{1,12}|[a-z]{1,6}[0-9]{1,3}|v[0-9]{1,5}|[0-9]{1,3}[a-z]{1,6}|[a-z][0-9]{1,2}[a-z]{1,2})';
const SLUG = new RegExp(`^${SLUG_PART}(?:-${SLUG_PART}){1,6}$`);
/** A custom HTTP header's name, in any case (`x-amz-server-side-encryption-customer-key-MD5`, a request's setting names it). */
const HEADER_NAME = new RegExp(`^x-${SLUG_PART}(?:-${SLUG_PART}){1,10}$`, 'i');

/** Digits that each step one up or one down from the last, wrapping at 9 (`123456`, `7890`, `543210`). */
function isDigitRun(value: string): boolean {
  const step = (i: number): number => (value.charCodeAt(i) - value.charCodeAt(i - 1) + 10) % 10;
  const first = step(1);
  if (first !== 1 && first !== 9) return false;
  for (let i = 2; i < value.length; i++) if (step(i) !== first) return false;
  return true;
}

/**
 * How a generic rule (a setting's name, no vendor format) judges its value. `placeholder`: no
 * credential at all (a reference, a placeholder word, a documented example, code, a path, one
 * character repeated, a short unit repeated, an alphabet). `filler`: too regular to be random
 * (sequence runs such as 1234567890abcdef, a partly masked value), yet a value someone may have
 * pasted under a credential's name; peers report it, so it is shown at low confidence, as vendor
 * rules show theirs (see placeholderVerdict). `password`: the value is under a password's name,
 * which people choose, rather than a key's or a token's, which programs make.
 */
export function genericVerdict(value: string, password = false, digits = false): 'placeholder' | 'filler' | undefined {
  // Under a rule whose values may be numbers (see SecretRuleSpec.digits): one digit repeated or a
  // run up or down (000000, 123456, 987654) is the stand-in every local stack and tutorial ships,
  // as `changeme` is; any other number is a secret someone chose.
  if (digits && /^[0-9]{4,64}$/.test(value)) return isDocumentedExample(value) || /^(.)\1*$/.test(value) || isDigitRun(value) ? 'placeholder' : undefined;
  // A connection string's or list's separator taken with the value (`Password=passcode;`).
  if (value.length > 2 && /[;,]$/.test(value) && genericVerdict(value.slice(0, -1), password) === 'placeholder') return 'placeholder';
  if (isDocumentedExample(value)) return 'placeholder';
  if (isReference(value)) return 'placeholder';
  // A reference percent-encoded, as a URL's user information must be (`postgres://app:%3Cpassword%3E@db`,
  // `%24%7BDB_PASSWORD%7D`). Only a reference: a random password may hold `%28` or `%C3` as it is,
  // and read decoded it would look like code or prose.
  // So is a documented example written into a URL (the Cosmos DB emulator's published key in a
  // MongoDB connection string, `C2y6yDjf5%2FR%2Bob0…`).
  const decoded = percentDecoded(value);
  if (decoded !== undefined && (isReference(decoded) || isDocumentedExample(decoded))) return 'placeholder';
  const lower = value.toLowerCase();
  let masked = false;
  for (const w of PLACEHOLDER_WORDS) {
    if (!holdsWord(value, lower, w)) continue;
    if (!MASK_WORDS.includes(w)) return 'placeholder';
    masked = true;
  }
  if (CAMEL_WORDS.test(value) || notACredential(value, password)) return 'placeholder';
  // A key's or token's value that is a name of words (a preference's key, an SDK constant) is
  // where one is kept; a password of words with a digit is still a password people choose.
  if (!password && isCamelIdentifier(value)) return 'placeholder';
  if (encodedPlaceholder(value, password)) return 'placeholder';
  // One character over (nearly) all of it (xxxxxxxx, ****1234) is a template; whole alphabets in
  // a row are the character set a token generator draws from (TOKEN_CHARS = "a..z0..9"), not a token.
  if (oneCharTemplate(lower) || isCharacterSet(value)) return 'placeholder';
  const rep = repetition(value);
  if (rep === 'placeholder') return 'placeholder';
  // Under a name alone, also the walk with a digit dropped in here and there
  // (AB1C2defGHijkLMNo3PqRst..., awscli's made-up stream passphrases), one way only (see walkOfTen). After a vendor's prefix
  // such a body stays at full confidence: the prefix says someone pasted a token of that vendor.
  if (masked || rep === 'filler' || SEPARATOR_RUN.test(value) || walkOfTen(lower.replace(/[^a-z]+/g, ''), true)) return 'filler';
  // After the fillers: a run-built value with a stray letter (abcde12345…12345fg) stays one of them.
  return hexWithStray(value) ? 'placeholder' : undefined;
}

/** The value with its percent escapes decoded; undefined when it has none, or they are not valid UTF-8. */
function percentDecoded(value: string): string | undefined {
  if (!/%[0-9A-Fa-f]{2}/.test(value)) return undefined;
  try {
    const decoded = decodeURIComponent(value);
    // Once: a value still percent-encoded after that is judged as it is.
    return decoded === value || /%[0-9A-Fa-f]{2}/.test(decoded) ? undefined : decoded;
  } catch {
    return undefined;
  }
}

const CHARACTER_CLASSES = ['abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', '0123456789'];
/** Encoding alphabets that are not whole classes in a row: base32 (RFC 4648), base32hex, Crockford's base32, base58 (upper-cased). */
const NAMED_ALPHABETS = new Set([
  'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
  '0123456789ABCDEFGHIJKLMNOPQRSTUV',
  '0123456789ABCDEFGHJKMNPQRSTVWXYZ',
  '123456789ABCDEFGHJKLMNPQRSTUVWXYZABCDEFGHIJKMNOPQRSTUVWXYZ',
]);

/**
 * Alphabets in order with a few letters left out: a generator's set without the characters people
 * misread (`ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789`, no I, L, O, 0 or 1), symbols
 * beside. Each class at most once, each run rising one character at a time or skipping at most two
 * (and skipping somewhere: whole alphabets in a row are judged below),
 * at least twenty characters in all: by chance, a random value rises so for eight characters about
 * once in 40,000 and holds two such runs far more rarely.
 */
function isAlphabetWithGaps(value: string): boolean {
  const body = value.replace(/[^A-Za-z0-9]/g, '');
  if (body.length < 20) return false;
  const classOf = (c: string): number => (c <= '9' ? 0 : c <= 'Z' ? 1 : 2);
  const used = new Set<number>();
  let start = 0;
  let gaps = 0;
  for (let i = 1; i <= body.length; i++) {
    const step = i < body.length ? body.charCodeAt(i) - body.charCodeAt(i - 1) : 0;
    if (i < body.length && classOf(body[i]) === classOf(body[i - 1]) && step >= 1 && step <= 3) {
      if (step > 1) gaps++;
      continue;
    }
    const cls = classOf(body[start]);
    // A run must be most of its class: eight digits of ten, eighteen letters of twenty-six.
    if (used.has(cls) || i - start < (cls === 0 ? 7 : 18)) return false;
    used.add(cls);
    start = i;
  }
  // Whole alphabets in a row are isCharacterSet's (complete) or a filler's (cut short): here, letters left out.
  return gaps > 0 && (used.has(1) || used.has(2));
}

/**
 * Complete alphabets (a-z, A-Z, 0-9), each at most once, with at least one of letters, and
 * symbols between: a character set. A value that only starts like one (abcdefghij...xyz123456,
 * an alphabet repeated or cut short) is a filler instead.
 */
function isCharacterSet(value: string): boolean {
  if (NAMED_ALPHABETS.has(value.toUpperCase())) return true;
  if (isAlphabetWithGaps(value)) return true;
  let rest = value.replace(/[-_+/.=~]/g, '');
  const used = new Set<string>();
  while (rest.length > 0) {
    const cls = CHARACTER_CLASSES.find((c) => !used.has(c) && rest.startsWith(c));
    if (!cls) return false;
    used.add(cls);
    rest = rest.slice(cls.length);
  }
  return used.has(CHARACTER_CLASSES[0]) || used.has(CHARACTER_CLASSES[1]);
}

/**
 * Hex of one case but for a single other letter (`5488620aa9073q09f1a16e…`, `acdeFf05b1…`): no
 * generator makes it. A hex key or digest has no such letter, and a draw from a wider alphabet
 * (base36, base62) lands on hex for all but one of 20+ characters once in 10^9 or less: the value
 * was typed or edited by hand, a key's look-alike. Only hex: values of small letters and digits
 * with one capital are real (TruffleHog's and kingfisher's positives have several), and so are
 * `0x` Ethereum keys.
 */
function hexWithStray(value: string): boolean {
  if (value.length < 20 || !/^[0-9A-Za-z]+$/.test(value) || /^0x/i.test(value)) return false;
  const outsideLower = value.replace(/[0-9a-f]+/g, '');
  const outsideUpper = value.replace(/[0-9A-F]+/g, '');
  const stray = outsideLower.length === 1 && /[a-f]/.test(value) ? outsideLower : outsideUpper.length === 1 && /[A-F]/.test(value) ? outsideUpper : '';
  // l, i, o for 1 and 0: a real key copied by eye (gitleaks' curl sample `…5659l291…`), not made up.
  // A hex letter in the other case in a value longer than an API key's 32 or 40 (a signing key of
  // 64 and more, `"SecretKey": "c71a…7F00…"`) is a key someone typed or edited, and any string
  // signs: HMAC keys have no checksum to break.
  if (value.length > 48 && /[a-f]/i.test(stray)) return false;
  return stray !== '' && !/[ilo]/i.test(stray);
}

/**
 * Base64 of text that is no credential, judged as that text would be under a credential's name
 * (generic rules): `bm90IG15IHJlYWwgcGFzc3dvcmQ=` is "not my real password" (a README's stand-in
 * for an encoded `.npmrc` password), `cGFzc3dvcmQ=` is "password", `TXlWZXJpZmllclN0cmluZw==`
 * "MyVerifierString" (API docs encode their stand-ins as the setting asks). Only a value that
 * decodes to printable text is read: random key bytes almost never do. A Kubernetes Secret's
 * `data:` is not judged so: the manifest committed with data is the finding, stand-ins or not.
 */
export function encodedPlaceholder(value: string, password = true): boolean {
  if (value.length < 12 || value.length > 512 || value.length % 4 === 1 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  const text = Buffer.from(value, 'base64').toString('latin1');
  if (!/^[\x20-\x7e]+$/.test(text)) return false;
  // user:password (Basic auth, Docker's and .npmrc's auth): only the password speaks for itself;
  // a user named samplecorp can hold a real one.
  const secret = text.slice(text.indexOf(':') + 1);
  const lower = secret.toLowerCase();
  for (const w of PLACEHOLDER_WORDS) if (!MASK_WORDS.includes(w) && lower.includes(w)) return true;
  // A user with no password (`browser:`) is still a login: reported as before.
  return secret !== '' && genericVerdict(secret, password) === 'placeholder';
}

/**
 * Small letters alone, eight or more, with six consonants in a row or two runs of four (y counts
 * as a vowel): what random letters make (76% of 16 random letters, 57% of 12) and words hardly
 * ever do. Compound words join consonants (`passphrase`, `strengths`: runs of five), so five alone
 * is not enough; `lengthstring` or `watchstrap` would be taken, and are rare as a password's value.
 */
export function isUnspeakableRun(value: string): boolean {
  if (value.length < 8 || !/^[a-z]+$/.test(value)) return false;
  const runs = value.match(/[^aeiouy]{4,}/g) ?? [];
  return runs.length >= 2 || runs.some((r) => r.length >= 6);
}

/** Words that make a value a name for a credential or an account rather than one. */
const SAYS_WHAT_IT_IS = /pass|pwd|secret|key|token|admin|user|root|login|test|demo|sample|default|changeme/i;

/** Shapes of code, text, paths, names and numbers, which a generic rule's value may take. */
function notACredential(value: string, password: boolean): boolean {
  // Under a password's name, small letters that no word is made of are a password (a Gmail app
  // password, `plzmqwhtkbvrftqa`; one typed at random), whatever the checks of names below say.
  if (password && isUnspeakableRun(value)) return false;
  // OAuth is a word in names (consoleOAuth2ProviderParameter, oAuth2ProviderList), not an acronym before one.
  value = value.replace(/[oO]Auth(?=[0-9A-Z_]|$)/g, 'Oauth');
  // A short value with a vendor's prefix is a truncated token that the vendor's rule already
  // turned down; a long one next to a credential name is a credential in a shape the vendor's
  // rule does not know (an older or newer format), so it stays a generic finding. (Measured: on
  // TruffleHog's pattern tests, dropping long ones too, or any generic value under a setting
  // named after a vendor that fails that vendor's rule, loses more real keys than look-alikes.)
  // JWTs are judged by the JWT rule alone (it decodes them).
  if (VENDOR_PREFIX.test(value) && (value.length < VENDOR_SHAPED_MIN || JWT_PREFIX.test(value))) return true;
  // Natural-language text (non-ASCII letters) and comparison leftovers (==x) are not credentials.
  if (/[^\x20-\x7e]/.test(value) || value.startsWith('=')) return true;
  // Punctuation alone (`PASSWORD_SYMBOLS = "!@#$%&*-_"`): the symbols a generator or a policy
  // draws from. A password someone chose holds a letter or a digit.
  if (/^[!-/:-@[-`{-~]{6,}$/.test(value)) return true;
  // Code references: a.b.c, this.token, config["x"], getToken(); not dotted tokens whose parts
  // are random (oHILWmk3qakMYbqAikD9R0nJ.Vhu0LY.FK1U...).
  // With a trailing =, a property's name as a replace token or a prefix (token: "oracle.wcsites.hostname="):
  // base64, the only value that ends in =, has no dots.
  // Between plus signs, the same joined into a string (`"…&access_token="+exchange.AccessToken+"&v=5"`).
  // With a leading dot, a member path cut where a quote was misplaced (`'.secrets.password_condo'`).
  if (/^[+.]?[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+(?:=|\+)?$/.test(value) && !value.replace(/^[+.]|[=+]$/g, '').split('.').some(isRandomPart)) return true;
  // Brackets say code (`getPassword()`, `config["db"]`). Under a password's name only a call or an
  // index: whole, or cut by the string's quote after a name (`%{hiera(`, `{CONFIG[`). People put
  // a stray bracket in a password (Joomla's `(7aJ…`, `…86E(`).
  // A word in brackets is a usage line's optional part (`ftp://user[:password]@host`).
  if (/[()[\]]/.test(value) && (!password || isCallOrIndex(value) || /(?:^|[^\w$])[A-Za-z_$][\w$.]{2,}[([]$/.test(value) || /^[[(]?[A-Za-z_-]+[\])]?$/.test(value))) return true;
  // A character class that a password must or may hold (`$pwd_special_chars = "^a-zA-Z0-9"`).
  if ((value.match(/a-z|A-Z|0-9/g)?.length ?? 0) >= 2) return true;
  // A character encoding's name (roundcube's `password_charset`).
  if (/^(?:ISO-8859-[0-9]{1,2}|UTF-?(?:8|16|32)(?:[LB]E)?|US-ASCII|Windows-125[0-8]|CP[0-9]{3,4}|KOI8-[RU]|Shift_JIS|EUC-(?:JP|KR)|GB2312|GB18030|Big5)$/i.test(value)) return true;
  // Under a key's or token's name, lower-case words and small numbers between dots are a scope
  // (an editor grammar's token types: `punctuation.definition.string.begin.actionscript.2`,
  // `constant.begin..filter.slim`, Monaco's `argument.block.withToken.0`), and a dot before one
  // word a file's name (`.dockerconfigjson`, a Secret's data key). A password may be words
  // joined by dots.
  if (!password && (SCOPE_NAME.test(value) || DOTFILE_NAME.test(value))) return true;
  // A name qualified by its package or scope, maybe cut at a method's arrow (Perl's
  // `password => Text::Password::Pronounceable->generate(6, 10)`, PHP's and C++'s `A::B`).
  if (/^[A-Za-z_]\w*(?:::[A-Za-z_]\w{2,})+(?:::|->?|\()?$/.test(value)) return true;
  // A command-line option's name (`"-AUTH_PASSWORD": "--epic-auth-password"`, a launcher's flag
  // table, argparse's `'-spwd', '--sourcepassword'`), and a Razor view's member expression (`'@ViewBag.ClientToken'`): names of where the value comes from.
  // The next option when a command asks for the password at its prompt (`mongo --password --authenticationDatabase admin`).
  if (/^--[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(value) || /^--[a-z]+(?:[A-Z][a-z0-9]+)+$/.test(value) || /^@[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$/.test(value)) return true;
  // A CSS attribute selector cut at its quote (`var JS_TWO_PASS = "input[name='TwoPass']"`).
  if (/^[a-z][\w-]*\[[\w-]+[~|^$*]?=$/.test(value)) return true;
  // Under a key's name, a name of words ending in `Key` (a resource string's key,
  // `display-name-key="ModelId_Display_Key"`) or a path to a file of code or markup.
  if (!password && ((NAME_OF_A_KEY.test(value) && madeOfWords(value.replace(/_?(?:Key|KEY|key)$/, ''))) || SOURCE_FILE_PATH.test(value))) return true;
  // Under a key's or token's name, a snake_case name with a number or a name added to it, SQL's
  // `SET AUTH_CURRENT_DOC = AUTH_CURRENT_DOC+1`: an expression. A password may be a word and a
  // digit, or words joined by a dash (`JonesSmith-ABC`).
  if (!password && /^[A-Za-z_]\w*[-+*/](?:[0-9]{1,6}|[A-Za-z_]\w*)$/.test(value)) {
    const [name, operand] = value.split(/[-+*/]/);
    if (isSnakeIdentifier(name) && (/^[0-9]+$/.test(operand) || isSnakeIdentifier(operand))) return true;
  }
  // An Ethereum address (0x and 40 hex digits, under `linkToken:`, `tokenAddress:`): public; a
  // private key is 64 digits.
  if (/^0x[0-9a-fA-F]{40}$/.test(value)) return true;
  // Under a key's or token's name, numbers joined by separators are ids (Twitter's
  // `"media_key": "13_2024690545789132800"`, a type and a snowflake id): no key is made of digits.
  if (!password && /^[0-9]+(?:[_.:-][0-9]+)+$/.test(value)) return true;
  // A reference into TeamCity's store of secure values (`password("TOKEN", "credentialsJSON:<uuid>")`
  // in its Kotlin DSL): the value is kept by the server, the settings only name it.
  if (/^credentialsJSON:[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}$/.test(value)) return true;
  // What a redaction writes in a value's place (`'***HIDDEN***'`, `***MASKED***`).
  if (/^\*{2,}[A-Za-z][A-Za-z_ ]{1,18}\*{2,}$/.test(value)) return true;
  // A value that says what length the real one must have (`'default-key-32-bytes-long!!'`,
  // `super-secret-jwt-token-with-at-least-32-characters-long`): a stand-in written to fit.
  if (/(?:^|[-_ .])(?:[0-9]{2,3}[-_ ]?(?:bytes?|chars?|characters?)[-_ ]long|at[-_ ]least[-_ ][0-9]{2,3}[-_ ](?:bytes?|chars?|characters?))(?:$|[-_ .!])/i.test(value)) return true;
  // An error code (`AUTH_WRONG_PASSWORD = "ORIGNA-AUTH-002"`): words in capitals and a number
  // padded with zeros, which no one picks for a password.
  if (/^[A-Z]{2,12}(?:-[A-Z]{2,12}){0,3}-0[0-9]{1,3}$/.test(value)) return true;
  // A Fernet token (Python's `cryptography`: version byte 0x80 and a timestamp, so `gAAAAA`, then
  // at least 73 bytes): a value encrypted with a key kept elsewhere, as an Ansible Vault's is.
  if (/^gAAAAA[A-Za-z0-9_-]{94,}={0,2}$/.test(value)) return true;
  // A number in a registry export (`"ChangeDynamicPassword"=dword:00000000` in a `.reg` or a
  // TeamViewer `.tvopt` file): a setting about the password, as a flag or a count.
  if (/^(?:dword|qword):[0-9a-fA-F]{8,16}$/.test(value)) return true;
  // The configuration passes of Windows Setup's answer files (`<settings pass="windowsPE">`).
  if (UNATTEND_PASSES.has(value)) return true;
  // A path to where a secret is kept, ending in its name in capitals (an ExternalSecret's
  // `remoteRef.key: 1password/OP_SERVICE_ACCOUNT_TOKEN`).
  // Its name is an environment variable's (underscores): a random base64 value has none.
  if (/^[a-z0-9][\w.-]*(?:\/[\w.-]+)*\/[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value)) return true;
  // CSS selectors (#add-password, #oldPassword), AWS ARNs, Rails route targets (sites/passwords#edit), and the
  // leftovers of a key list (",rememberMeLabel:") or a label ("Password:").
  if (/^[#.][a-z][a-z0-9]*(?:[-_][a-z0-9]+)+$/.test(value) || /^#[a-z]+(?:[A-Z][a-z]+)*$/.test(value)) return true;
  // A colour in CSS's hex notation (`passwordStrengthDiv.style.color = '#dc3545'`, `passwordErrorColor: "#f00"`).
  if (/^#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/.test(value)) return true;
  if (value.startsWith('arn:')) return true;
  if (/^[a-z0-9_/]+#[a-z_]+$/.test(value)) return true;
  // Laravel's and CodeIgniter's route targets, a controller and its method (`admin/User@change_password`, `AuthController@login`).
  if (/^(?:[A-Za-z_]\w*[/\\])*[A-Z]\w*@[a-z_]\w*$/.test(value) && (value.includes('/') || /Controller@/.test(value))) return true;
  // Text written as `\uXXXX` escapes (a Java .properties translation's `\u7528\u6237\u5BC6\u7801`):
  // letters outside ASCII, which the check above takes for prose once they are decoded.
  if (/^(?:\\u[0-9A-Fa-f]{4}){2,}$/.test(value) && /[^\x00-\x7e]/.test(JSON.parse(`"${value}"`))) return true;
  // Transmission's salted SHA-1 of its RPC password (`"rpc-password": "{<40 hex><8 salt>"`), written by the daemon.
  if (password && /^\{[0-9a-f]{40}[A-Za-z0-9./]{8}$/.test(value)) return true;
  // A list of permission or option names (`"value": "List,Get"` under a Key Vault policy's parameter).
  if (/^[A-Z][a-z]+(?:,[ ]?[A-Z][a-z]+)+$/.test(value)) return true;
  // Two or three small words that name the credential (`"value": "git token"`): a description left as the value.
  if (/^[a-z]+(?: [a-z]+){1,2}$/.test(value) && /(?:^| )(?:token|password|passwd|secret|key|pat|passphrase)(?: |$)/.test(value)) return true;
  // Advanced Custom Fields' keys of its field groups (`"key": "field_563917432ed2e"`, made by PHP's uniqid()).
  if (!password && /^(?:field|group|layout|clone)_[0-9a-f]{13}$/.test(value)) return true;
  // A kind named after its service (`identitytoolkit#ResetPasswordResponse`, Google's APIs' `kind`).
  const kind = /^[a-z][a-z0-9_.]*#([A-Za-z_][A-Za-z0-9_]*)$/.exec(value);
  if (kind && isWordyIdentifier(kind[1])) return true;
  if (/^[,;]/.test(value) || value.endsWith(':')) return true;
  // Validation rules joined by pipes (Laravel's `'password' => 'required|string|min:8|confirmed'`),
  // the first of such a list joined to more in code (`'confirmed|'.$rules`), and one of Laravel's
  // rules with its arguments (`'mail_password' => 'required_unless:mail_driver,log'`).
  // Also rules in camel case (validatorjs' and node-input-validator's `required|string|minLength:8`).
  if (/^[a-z_][A-Za-z_]+(?::[\w,.-]*)?(?:\|[a-z_][A-Za-z_]+(?::[\w,.-]*)?)*\|(?:[a-z_][A-Za-z_]+(?::[\w,.-]*)?)?$/.test(value)) return true;
  if (LARAVEL_RULE_WITH_ARGUMENTS.test(value)) return true;
  // A YAML alias (`password: *db-password`): the value is the anchor's, written elsewhere.
  if (value.length > 1 && value[0] === '*' && value[1] !== '*' && notACredential(value.slice(1), password)) return true;
  // Names Doctrine generates for indexes and foreign keys, a prefix and the hex of CRC32s of
  // their table's and columns' names (`FK_368A4209A76ED395`, `IDX_8D93D649E7927C74`): every
  // Symfony or Doctrine migration holds them.
  if (/^(?:FK|IDX|UNIQ)_[0-9A-F]{8,26}$/.test(value)) return true;
  // A name between underscores, a template's token for a value (`PHOTOPRISM_ADMIN_PASSWORD: "_admin_password_"`, `__PASSWORD__`).
  if (/^(_{1,2})[A-Za-z]+(?:[_-][A-Za-z]+)*\1$/.test(value)) return true;
  // Dovecot's password schemes (`default_password_scheme = SHA512-CRYPT`): how a password is stored.
  if (/^(?:(?:SHA(?:256|512)?|BLF|MD5|DES)-CRYPT|ARGON2ID?|PBKDF2|S?SHA(?:256|512)?|SMD5|PLAIN(?:-MD5)?|(?:CRAM|DIGEST|LDAP)-MD5|CLEARTEXT|CRYPT)$/.test(value)) return true;
  // An Azure AD B2C user flow or custom policy's name (`forgotPassword: 'B2C_1_reset_v3'`).
  if (/^B2C_1A?_[A-Za-z0-9_-]+$/.test(value)) return true;
  // Azure's SKU names: VM sizes and disk or storage tiers (`"key": "Standard_D2ds_v4"`, `Premium_LRS`) and
  // the VM families of quotas (`standardDSv3Family`), in every catalogue and template that lists them.
  if (/^(?:Standard|Basic|Premium|StandardSSD|PremiumV2|UltraSSD)_[A-Z][A-Za-z0-9]*(?:_v[0-9]{1,2})?(?:_Promo)?$|^(?:standard|basic|premium|lowPriority)[A-Z][A-Za-z0-9]*Family$/.test(value)) return true;
  // An Android resource or theme attribute reference (`app:passwordToggleTint="@color/login_text_color"`).
  if (/^[@?](?:[a-z]+:)?(?:color|string|drawable|dimen|style|id|layout|mipmap|array|integer|bool|font|anim|raw|xml|menu|attr|plurals)\/[A-Za-z0-9_.]+$/.test(value)) return true;
  // A secret Jenkins encrypted with its controller's key (`{AQAAABAAAAAQ…}`, as configuration-as-code
  // and job XML store them): useless without that key, which is not in the repository.
  if (/^\{AQAAAB[A-Za-z0-9+/]{20,}={0,2}\}$/.test(value)) return true;
  // Under a key's name, an archive's file name (CloudFormation's `CodeUri: Key: app-2f9c1e7a4b.zip`, an S3 object key).
  if (!password && /^[\w.-]+(?:\/[\w.-]+)*\.(?:zip|jar|war|ear|tgz|tar\.gz|tar|whl|nupkg|gz)$/.test(value)) return true;
  // An OpenStack policy's check (`"identity:change_password": "rule:admin_or_owner"`, `role:admin`).
  if (/^(?:rule|role):[A-Za-z_][\w-]*$/.test(value)) return true;
  // A Material Design icon's name (`ICON_PASSWORD = "mdi:lock-outline"`, Home Assistant's and ESPHome's icons).
  if (/^mdi:[a-z0-9]+(?:-[a-z0-9]+)*$/.test(value)) return true;
  // PostHog's project API key, which PostHog's own snippet puts in every page (write-only; its personal API keys are phx_).
  if (/^phc_[A-Za-z0-9]{30,50}$/.test(value)) return true;
  // Supabase's publishable key, made for browsers and apps (row-level security guards the data; its secret keys are sb_secret_).
  if (/^sb_publishable_[A-Za-z0-9_-]{20,64}$/.test(value)) return true;
  // Stripe's publishable keys, made for browsers (Stripe.js); its secret and restricted keys are sk_ and rk_.
  // Mixed case: Courier's secret keys share the prefix in capitals and digits (`pk_test_M9KF…`).
  if (/^pk_(?:test|live)_(?=[A-Za-z0-9]*[a-z])(?=[A-Za-z0-9]*[A-Z])[A-Za-z0-9]{20,247}$/.test(value)) return true;
  // Lower-case words and short names with a number, three or more joined by dots or dashes: a message key (`setting.storage.s3-description`).
  if (!password && /^[a-z]{2,}[0-9]{0,2}(?:[._-](?:[a-z]{2,}[0-9]{0,2}|[a-z][0-9]{1,2})){2,}$/.test(value)) return true;
  // Crowdin's in-context localisation stands in for each string with its id
  // (`'password_help' => 'crwdns1893:0crwdne1893:0'`, the pseudo-language a project ships for it).
  if (/^crwdns[0-9]+:[0-9]+crwdne[0-9]+:[0-9]+$/.test(value)) return true;
  // A password hashing method's name and parameters (Werkzeug's `pbkdf2:sha256:600000`, `scrypt:32768:8:1`).
  if (/^(?:pbkdf2|scrypt|bcrypt|argon2(?:id|i|d)?)(?::(?:sha(?:1|224|256|384|512)|[0-9]{1,7}))+$/.test(value)) return true;
  // A name's prefix, lower-case words with the separator that joins what code appends
  // (`clientSecretPrefix = "cattle.io.oidc-client-secret-used-"`): never a whole value.
  if (/^[a-z]{2,}[0-9]*(?:[._/-][a-z]{2,}[0-9]*)*[._/-]$/.test(value)) return true;
  // The same in capitals, a store's key prefix (`ZS_PRE_USER_KEEPALIVETOKEN = "USER_AUTH_LOGIN_"`, Redis).
  if (/^[A-Z]{2,}[0-9]*(?:_[A-Z]{2,}[0-9]*)+_$/.test(value)) return true;
  // A key's name of words joined by colons (`PASSWORD_RECOVERY_STATUS_KEY = "auth:password-recovery:status"`,
  // a storage or cache key) and a Python entry point, a module's path and a function
  // (`alpaca-bot-web-hash-password = "alpaca_bot.web.password_cli:main"` in pyproject.toml).
  // Two words alone may be a user and a password (`DATABASE_USER_AND_PASS=admin:admin`): a key's
  // name has three parts, or words joined within a part.
  const colonKey = /^[a-z]{2,}(?:[-_][a-z]{2,})*(?::[a-z]{2,}(?:[-_][a-z]{2,})*)+$/.test(value) && (value.split(':').length > 2 || /[-_]/.test(value));
  if (colonKey || /^[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)+:[a-z_][a-z0-9_]*$/.test(value)) return true;
  // A type and a length, what a generator is asked for (`["POSTGRES_PASSWORD"]="password:32"`, `"hex:64"`).
  if (/^[a-z]{3,12}:[0-9]{1,3}$/.test(value)) return true;
  // A constant joined into a string by PHP's `.` or JavaScript's `+` (`"Password=".DB_PASSWORD."\n"`).
  if (/^[.+][A-Za-z_$][\w$]*[.+]$/.test(value)) return true;
  // Identifiers and words: my_password_field, PasswordHash, passwordField, true/false/null
  // (also as a JSON or code value with the comma or semicolon after it: `"UsePassword": false,`).
  // With dots too: a cookie's or a setting's name (`next-auth.session-token`). Led or closed by
  // underscores, a private or reserved name (`CATALOG_NOTIFY_SECRET = "__catalog_notify"`).
  if (/^_*[a-z]+(?:[._-][a-z]+)*_*$/.test(value)) return true;
  // A type's name marked optional (`passwordPolicies: '?PasswordPolicies'`, jsforce's metadata schema).
  if (value.length > 1 && value[0] === '?' && value[1] !== '?' && notACredential(value.slice(1), password)) return true;
  // The same between the stars or hashes of a marker (`**password-removed**`, what a log shows in a secret's place).
  if (/^([*#~])\1*[a-z]+(?:[_-][a-z]+)*\1+$/.test(value)) return true;
  // The start of a command-line option whose value is appended in code (`'--password=' . $password`).
  if (/^-{1,2}[A-Za-z][\w-]*[=:]$/.test(value)) return true;
  if (/^(?:true|false|null|none|nil|undefined)[,;]$/i.test(value)) return true;
  // Under a key's or token's name, parts of different kinds joined by underscores (a composed name).
  if (!password && isComposedName(value)) return true;
  // snake_case identifiers of three or more words, digits allowed after letters
  // (nettle_aes128_set_encrypt_key, __NL80211_AUTHTYPE_NUM): a C macro's or a keyword
  // argument's target is a name in code; a generator's underscores split random runs instead.
  // People choose passwords of words and a number (my_secret_password1): those stay.
  // A constant's name of four or more words in capitals stays a name under a password's too (ERR_AUTHENTICATION_FAILURE_USER2).
  if (isSnakeIdentifier(value) && !(password && /[0-9]/.test(value) && !(/^_{0,2}[A-Z]/.test(value) && value.split('_').filter((p) => /^[A-Z]{3,}[0-9]{0,2}$/.test(p)).length >= 4))) return true;
  // The word password beside a word that says it stands in for one, and a number
  // (generatedwebdavpassword1, testpassword2, defaultPassword): what docs and fixtures fill a
  // password field with. Password2024 or companypassword2024 alone are real weak passwords.
  if (/^[a-z]{0,24}pass(?:word|wd)[a-z]{0,24}[0-9]{0,4}$/i.test(value) && /generated|test|example|sample|dummy|fake|default|your/i.test(value)) return true;
  // A name in code that holds a credential's word among other words: a type, a command, a
  // feature flag (IRfc3161TimestampToken, setInitialMasterPasswordCommandV1), never its value.
  if (namesCredential(value, password)) return true;
  // A PowerShell cmdlet's name, an approved verb and a noun (an alias table: `("pwd", "Get-Location")`;
  // `$grant = Get-MgOauth2PermissionGrant -Filter …`, the value what the call returns). A noun
  // with digits must be words (not `Get-Xk9pQ2wR7vT4`).
  const cmdlet = /^(?:Get|Set|New|Remove|Add|Clear|Copy|Move|Rename|Invoke|Start|Stop|Restart|Test|Write|Read|Out|Import|Export|Select|Where|ForEach|Format|Convert|ConvertTo|ConvertFrom|Update|Enable|Disable|Register|Unregister|Push|Pop|Resolve|Join|Split|Measure|Sort|Group|Compare|Wait|Receive|Send|Show|Hide|Find|Install|Uninstall|Save|Use|Grant|Revoke|Connect|Disconnect|Publish|Initialize|Request|Approve|Deny)-([A-Z][A-Za-z0-9]{2,})$/.exec(value);
  if (cmdlet && (!/[0-9]/.test(cmdlet[1]) || madeOfWords(cmdlet[1]))) return true;
  // An identifier with a version at its end (defaultsForSpringSecurity_v5_8, a method reference's name).
  const versioned = /^([A-Za-z_][A-Za-z]*?)[_-]?[vV][0-9]{1,3}(?:[_.][0-9]{1,3}){0,3}$/.exec(value);
  if (versioned && versioned[1].length >= 8 && WORDY_IDENTIFIER.test(versioned[1]) && isWordy(versioned[1])) return true;
  // A name and its value (a header in a command's example, `x-api-key=tvly-abc123`): judged by the value.
  // Only when its left side reads as a name: in small letters (`documents=10`, a check's output),
  // of words joined or in camel case, or a credential's word; not a made-up word with a capital and
  // digits (`Brs=4817`, `Kqzt=817`, passwords people make).
  const pair = /^([A-Za-z][A-Za-z0-9_-]{1,40})=([^=].*)$/.exec(value);
  const named = pair !== null && (/^[a-z][a-z0-9_]*$/.test(pair[1]) || /[-_]/.test(pair[1]) || /^[A-Z]?[a-z]+(?:[A-Z][a-z]+)+$/.test(pair[1]) || /key|token|secret|pass|auth/i.test(pair[1]));
  if (pair && named && genericVerdict(pair[2], password) === 'placeholder') return true;
  // A numbered name: a migration's (Django's `("auth", "0002_alter_permission_name_max_length")`,
  // a timestamped Rails or Flyway one). Not under a password's name: people number words too.
  if (!password && /^[0-9]{1,14}_[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/.test(value)) return true;
  // A regular expression anchored at both ends: a rule for the value (`PasswordPattern = ^.{8,32}$`).
  if (/^\^.+\$$/.test(value)) return true;
  // A configuration key's path, words joined by colons (.NET's `Database:Password`).
  if (/^[A-Z][a-z]+(?:[A-Z][a-z]+)*[0-9]{0,3}(?::[A-Z][a-z]+(?:[A-Z][a-z]+)*[0-9]{0,3})+$/.test(value)) return true;
  // A telemetry ingestion key of Microsoft's 1DS pipeline (a tenant token, a GUID and a number:
  // VS Code extensions' `aiKey`): shipped inside every copy of the client, so it guards nothing.
  if (/^[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[0-9]{4}$/.test(value)) return true;
  // HTTP header names (Proxy-Authorization, Access-Control-Allow-Credentials) and ISO dates
  // and times (a password's last use, a token's expiry) name or date a credential, never are one.
  // Not under a password's name: capitalised words joined by hyphens are a passphrase there
  // (Correct-Horse-Battery-Staple).
  if (!password && /^[A-Z][a-z]+(?:-[A-Z][a-z]*)+$/.test(value)) return true;
  // Custom header names: X- and parts that are acronyms or capitalised words (X-TFS-FedAuthRealm, X-VSS-E2EID).
  if (!password && /^X-(?:[A-Z0-9]{1,8}|[A-Z][a-z]+(?:[A-Z][a-z]+)*)(?:-(?:[A-Z0-9]{1,8}|[A-Z][a-z]+(?:[A-Z][a-z]+)*))*$/.test(value)) return true;
  if (/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) return true;
  // English's one-letter words, I and A, are words too (IAmSensitive, ThisIsATest).
  if (/^[A-Z]?[a-z]+(?:[A-Z][a-z]+)*$/.test(value.replace(ONE_LETTER_WORD, ''))) return true;
  // Words in capitals: a constant's or an environment variable's name (`AUTHENTIK_REDIS__HOST`: a
  // double underscore nests a setting, as .NET's and authentik's environment variables do).
  if (/^[A-Z]+(?:(?:[_-]|__)[A-Z]+)*$/.test(value)) return true;
  // A C constant's name with a number in it (`authPackageBuf = MSV1_0_PACKAGE_NAME;`): two words of
  // three capitals or more among its parts. Not under a password's name (`ADMIN_2024`).
  // Also a private one, its name after an underscore (`_HISTORICAL_RUN_004_SCHEDULE_KEYS`).
  if (!password && /^_?[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value) && value.split('_').filter((p) => /^[A-Z]{3,}$/.test(p)).length >= 2) return true;
  // An empty parameter of a URL, the next one taken for its value (`?user=a&pass=&logout=1`).
  if (/^&[A-Za-z_][\w.-]*=/.test(value)) return true;
  // A password hash as SQL Server stores it (`CREATE LOGIN … WITH PASSWORD = 0x0200… HASHED`):
  // a version, a salt and a digest, one way, as a scripted copy of a login carries it.
  if (/^0x0[12]00[0-9A-Fa-f]{48,}$/.test(value)) return true;
  // A password-based encryption algorithm's name (Java's `PBEWithSHAAnd128BitRC2-CBC`).
  if (/^PBEWith[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/i.test(value)) return true;
  // A key binding (`"key": "ctrl+alt+shift+enter"`, VS Code's keybindings).
  if (/^(?:(?:ctrl|alt|shift|cmd|meta|win|super|option)\+)+[\w/.,;'`=[\]-]+$/i.test(value)) return true;
  // Identifiers made of words and short numbers (Uint8ArrayBuffer, HTTP2Session, _auth$split2).
  // Under a password's name, capitalised syllables with a number among them are a password
  // (pwgen's `BajAdtishif8`, a person's `Wolf12Wool`): an identifier there names a field, without
  // digits. Not a name that says what it is (`SysPassword1`, `AdminUser2`: a lab's stand-ins,
  // as `defaultPassword1` is).
  if (value.length <= 64 && WORDY_IDENTIFIER.test(value) && isWordy(value) && !(password && /[a-z][0-9]|[0-9][A-Za-z]/.test(value) && !/^[A-Z0-9_]+$/.test(value) && !SAYS_WHAT_IT_IS.test(value))) return true;
  // The same with an acronym glued to the first word (OAuth2AuthorizationCodeGrant, a type named
  // in an annotation), given three words after it that hold a vowel (Auth, Client, Factory; Http
  // is a word too, but Vkbf and Qxz are what random letters make): about one random base62 token
  // in 40,000 reads so (one in 15,000 without the vowels).
  if (value.length <= 64 && ACRONYM_FIRST.test(value) && isWordy(value) && (value.match(/[A-Z][a-z]{2,}/g)?.filter((w) => /[aeiouy]/i.test(w)).length ?? 0) >= 3) return true;
  // A compiler's or minifier's name with a $ (`_auth$split2`, Java's `Outer$Inner`, `lambda$main$0`):
  // parts that are names or numbers. Random parts are a password with a $ in it (`Kq9z$Lm2xw`), and
  // so is a word and digits ended by a $ under a password's name (`Ravenhill47$`: people end one
  // with a symbol; a compiler's `$` joins two names).
  if (!(password && value.endsWith('$')) && /^[A-Za-z_][\w]*\$[\w$]*$/.test(value) && value.split('$').every(isNamePart)) return true;
  // Anonymous FTP's password by convention (RFC 1635): the word, or an address standing for one
  // (`-anonymous@`, `anonymous@example.com`); servers take any text there.
  if (/^-?anonymous@?$|^anonymous@[\w.-]+$/i.test(value)) return true;
  // Numbers (ids, ports, timestamps) and versions.
  if (/^[0-9]+$/.test(value)) return true;
  if (/^v?\d+(?:\.\d+){1,3}(?:[-+.][\w.-]*)?$/.test(value)) return true;
  if (/[-_.:]v?\d+\.\d+(?:\.\d+)*(?:[-.][A-Za-z]+\d*)?$/.test(value)) return true; // name-1.2.3 (package coordinates)
  // Resource names and slugs: prod-web-01, cmp2-qat-1208358310 (words and numbers, not random).
  if (SLUG.test(value)) return true;
  // The same led by a capital, under a key's or token's name (n8n's `"httpBasicAuth": "Transmission-basic-auth"`,
  // a stored credential's name). Under a password's, a passphrase of words.
  if (!password && /^[A-Z][a-z]+(?:-[a-z]+){1,6}$/.test(value)) return true;
  if (HEADER_NAME.test(value)) return true;
  // File paths, file names and URLs without credentials are not secrets.
  if (/^(?:\.{0,2}\/|~\/|[A-Za-z]:\\|[a-z][a-z0-9+.-]{1,20}:\/\/)/.test(value)) return true;
  if (/^[a-z0-9._-]+(?:\/[a-z0-9._-]+)+\/?$/.test(value)) return true; // relative path: external/cwe/cwe-798
  // Camel-case words in a path, maybe dotted (cardExtension/token, roles/iam.serviceAccountTokenCreator).
  // Also with words joined by dashes (a Vuex getter's path: `paymentToken: 'order-details/getPaymentToken'`).
  // A page's name may end in a capitalised word and a digit (`loginPage/normalLogin/changePassword-Oauth2`).
  if (/^[a-z]+(?:-[a-z]+)*(?:[A-Z][a-z]+)*(?:\.[a-z]+(?:[A-Z][a-z]+)*)*(?:\/[a-z]+(?:-[a-z]+)*(?:[A-Z][a-z]+)*(?:-[A-Z][a-z]+[0-9]?)?(?:\.[a-z]+(?:[A-Z][a-z]+)*)*)+$/.test(value)) return true;
  if (/^[A-Za-z0-9._-]+\/$/.test(value)) return true; // a folder's name, the start of a path built in code: 'credentials/' + client
  // A folder's path of words (a PSR-4 autoload map's `"Illuminate\\Auth\\": "overrides/laravel/framework/src/Illuminate/Auth/"`).
  if (/^[A-Z]?[a-z][a-z0-9_.-]*(?:\/[A-Z]?[a-z][a-z0-9_.-]*){2,}\/$/.test(value)) return true;
  if (/\.(?:pem|key|p12|pfx|jks|keystore|crt|cer|json|ya?ml|txt|env|conf|cfg|ini|xml|properties|gpg|asc|html?|cshtml|tpl|tmpl|hbs|mustache)$/i.test(value)) return true;
  // E-mail addresses and host names.
  if (/^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/.test(value)) return true;
  // (A DNS name may end with the root's dot: `ns.boulder.invalid.` in a zone record.)
  if (/^(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,10}\.?$/.test(value) && !/\d.*\d.*\d/.test(value)) return true;
  return false;
}

/**
 * One of Laravel's validation rules that take arguments, with them (`required_unless:mail_driver,log`,
 * `min:12`): a rule for a password field, never its value.
 */
const LARAVEL_RULE_WITH_ARGUMENTS = /^(?:required_(?:if|unless|with|with_all|without|without_all|if_accepted|if_declined|array_keys)|prohibited_(?:if|unless)|exclude_(?:if|unless|with|without)|missing_(?:if|unless|with|with_all)|accepted_if|declined_if|present_(?:if|unless|with|with_all)|min|max|size|between|digits|digits_between|min_digits|max_digits|same|different|confirmed|in|not_in|exists|unique|regex|not_regex|current_password|starts_with|ends_with|doesnt_start_with|doesnt_end_with|gt|gte|lt|lte|mimes|mimetypes|dimensions|date_format|after|before|after_or_equal|before_or_equal)(?::[a-z0-9_.,-]+)$/;

/** The words credentials are named by, long enough that a random value holds one as a word about once in 10^8. */
const CREDENTIAL_WORDS = new Set(['password', 'passwd', 'passphrase', 'secret', 'secrets', 'token', 'tokens', 'credential', 'credentials', 'creds']);
/** What a password's name is joined to when it names a field, a form or a rule about one (password_hash, password-reset). */
const PASSWORD_FIELD_WORDS = new Set(['hash', 'hashed', 'salt', 'field', 'input', 'label', 'name', 'key', 'id', 'confirm', 'confirmation', 'reset', 'policy', 'prompt', 'length', 'strength', 'error', 'invalid', 'valid', 'required', 'changed', 'expired', 'mismatch', 'form']);

/**
 * An identifier or a slug in which a credential's word stands as a word of its own (split at
 * capitals, `_` and `-`) beside other words: a type (IRfc3161TimestampToken), a command
 * (setInitialMasterPasswordCommandV1), a feature flag (pm-23246-unlock-with-master-password-unlock-data),
 * a field (password_hash_b64). Tokens are made by programs, so one word more says name. People
 * choose passwords of words (MyPassword2024, my_secret_password1): under a password's name it
 * takes three more words of three letters, or the word of a field after the password's.
 */
function namesCredential(value: string, password: boolean): boolean {
  // Dots join the parts of a storage key's name (`'shop-app.accessToken'`, under `TOKEN_KEY`).
  if (value.length > 96 || !/^[A-Za-z_$][A-Za-z0-9_$.-]*$/.test(value)) return false;
  // In capitals (an environment variable's name or prefix) the separators alone split the words.
  const words = /[a-z]/.test(value) ? (value.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+/g) ?? []) : value.split(/[_$.-]+/).filter((w) => w !== '');
  const lower = words.map((w) => w.toLowerCase());
  // A word may carry a number (`RESTIC_PASSWORD2`, a second repository's).
  const at = lower.findIndex((w) => CREDENTIAL_WORDS.has(w.replace(/[0-9]+$/, '')));
  if (at < 0) return false;
  // Words, not a random run cut at its capitals (pi_3MtwBwLkdIwHu7ix…_secret_…, a Stripe client
  // secret, falls apart into fragments of one or two letters and runs without a vowel).
  // Names' numbers are short (V1, 3161, a ticket's 23246) and their capitals acronyms (IO, HTTP).
  if (words.some((w) => (/^[0-9]/.test(w) && w.length > 5) || (/[a-z]/.test(value) && /^[A-Z]{6,}$/.test(w)))) return false;
  let short = 0;
  let noVowel = 0;
  for (const w of lower) {
    if (!/^[a-z]+$/.test(w)) continue;
    if (w.length <= 2) short++;
    else if (!/[aeiouy]/.test(w)) noVowel++;
  }
  if (short > 2 || noVowel > 1) return false;
  const others = lower.filter((w, i) => i !== at && w.length >= 3 && /^[a-z]+$/.test(w)).length;
  // An environment variable's name in capitals (`RESTIC_PASSWORD2`) is one under a password's name too.
  if (!password || /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value)) return others >= 1;
  return others >= 3 || (at + 1 < lower.length && PASSWORD_FIELD_WORDS.has(lower[at + 1]) && /[_-]/.test(value));
}

/** A capital I or A standing as a word of a camel-case phrase: before a capitalised word, after a word or at the start. */
const ONE_LETTER_WORD = /(?<![A-Z])[AI](?=[A-Z][a-z])/g;

/**
 * Three or more words joined by underscores, all in one case, each letters then maybe digits,
 * most of them holding a run of three letters: what code names things. Random runs split by
 * underscores break it somewhere (mixed case, a digit before a letter).
 */
function isSnakeIdentifier(value: string): boolean {
  const body = value.replace(/^_{1,2}/, '');
  if (body.length > 80) return false;
  // Each part letters, then maybe digits (aes128, NL80211, v2): a digit followed by a letter
  // (mdh2pbpt, k8s) is a random run or a token's body, never a word.
  if (!/^[a-z]{1,24}[0-9]{0,6}(?:_[a-z]{1,24}[0-9]{0,6}){2,}$/.test(body) && !/^[A-Z]{1,24}[0-9]{0,6}(?:_[A-Z]{1,24}[0-9]{0,6}){2,}$/.test(body)) return false;
  const parts = body.split('_');
  let worded = 0;
  for (const p of parts) if (/[A-Za-z]{3}/.test(p)) worded++;
  return worded >= 2 && worded * 3 >= parts.length * 2;
}

/**
 * A part of a composed name: a word, small or capitalised; capitals with digits after them; an
 * acronym run into a word (`MWITools`); two to four capitalised words (`ControlEvent`); a number;
 * a version (`v3`, `v502`). So a browser storage key's name is one (`"MWITools_procurement_settings_v1"`,
 * `'ControlEvent_ingreso_receipts_v502'` under `…_KEY`).
 */
const COMPOSED_PART = '(?:[a-z]{2,24}|[A-Z][a-z]{2,23}|[A-Z]{2,24}[0-9]{0,6}|[A-Z]{2,8}[a-z]{2,16}|(?:[A-Z][a-z]{1,15}){2,4}|[0-9]{1,12}|v[0-9]{1,3})';
const COMPOSED_NAME = new RegExp(`^${COMPOSED_PART}(?:_${COMPOSED_PART}){2,}$`);

/**
 * Three or more parts joined by underscores, each of one kind (a small word, a capitalised word,
 * capitals with digits after them, or a number), with two kinds of letters among them and two
 * parts of three letters or more (`NTRNUSDT_Buy_main`, `5634_ETHUSDT_error`: a trading bot's keys
 * for its positions). A name composed in code; a generator's underscores split runs that mix
 * cases and digits within each part.
 */
export function isComposedName(value: string): boolean {
  if (value.length > 80 || !COMPOSED_NAME.test(value)) return false;
  let worded = 0;
  const kinds = new Set<string>();
  for (const p of value.split('_')) {
    if (/[A-Za-z]{3}/.test(p)) worded++;
    if (/^[a-z]/.test(p)) kinds.add('small');
    else if (/^[A-Z][a-z]/.test(p)) kinds.add('capitalised');
    else if (/^[A-Z]/.test(p)) kinds.add('capitals');
  }
  // Parts of one kind of letters are snake_case (isSnakeIdentifier's): `nacos_identity_20240704`,
  // small words and a date, is a value someone chose for a key.
  return worded >= 2 && kinds.size >= 2;
}

/**
 * Ten characters in a row, each one up or down from the last (klmnopqrst, 9876543210); with
 * `oneWay`, all up or all down (a zigzag such as edcdcbcded is common among the letters of a
 * random hex string once its digits are taken out: one 64-digit key in a few thousand).
 */
function walkOfTen(s: string, oneWay = false): boolean {
  let run = 1;
  let last = 0;
  for (let i = 1; i < s.length; i++) {
    const d = s.charCodeAt(i) - s.charCodeAt(i - 1);
    run = (d === 1 || d === -1) && (!oneWay || run === 1 || d === last) ? run + 1 : d === 1 || d === -1 ? 2 : 1;
    last = d;
    if (run >= 10) return true;
  }
  return false;
}

/**
 * `placeholder`: one or two characters, or a short unit (abcabc, 121212) covering the value.
 * `filler`: dominated by one character, or built from ascending/descending runs (1234567, abcdefg),
 * also interleaved (a1b2c3d4).
 */
function repetition(s: string): 'placeholder' | 'filler' | undefined {
  const n = s.length;
  if (n < 6) return undefined;
  const counts = new Map<number, number>();
  let top = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    const k = (counts.get(c) ?? 0) + 1;
    counts.set(c, k);
    if (k > top) top = k;
  }
  if (counts.size <= 2) return 'placeholder';
  // Short repeating unit covering most of the value.
  for (let p = 2; p <= 4 && p < n / 2; p++) {
    let same = 0;
    for (let i = p; i < n; i++) if (s.charCodeAt(i) === s.charCodeAt(i - p)) same++;
    if (same >= 0.8 * (n - p)) return 'placeholder';
  }
  if (n >= 12 && top * 2 >= n) return 'filler';
  // Ascending or descending runs (keyboard-walk style sequences).
  let run = 1;
  let longest = 1;
  let stepped = 0;
  for (let i = 1; i < n; i++) {
    const d = s.charCodeAt(i) - s.charCodeAt(i - 1);
    if (d === 1 || d === -1) {
      stepped++;
      run++;
      if (run > longest) longest = run;
    } else run = 1;
  }
  if (longest >= 7 || stepped >= (n - 1) * 0.5) return 'filler';
  // The same walk with the shift key pressed now and then (abCDeFGhiJKlmno...): ten letters in
  // a row, whatever the case, are a value typed to look like a key.
  const lowered = s.toLowerCase();
  if (walkOfTen(lowered)) return 'filler';
  // Two runs interleaved (a1b2c3d4e5f6..., 1a2b3c...): every other character steps by one, in
  // either case (a1B2c3D4..., 1a2b3C4d-5E6f...: the same walk with the shift key pressed now and
  // then), also split into groups (1a2b3c4d-5e6f-7a8b-..., a UUID's shape): separators are no
  // part of the walk, and each one, taking a place, would put the two runs out of step.
  const folded = lowered.replace(/[-_.]/g, '');
  const m = folded.length;
  let interleaved = 0;
  for (let i = 2; i < m; i++) if (Math.abs(folded.charCodeAt(i) - folded.charCodeAt(i - 2)) === 1) interleaved++;
  if (m >= 12 && interleaved >= (m - 2) * 0.6) return 'filler';
  return undefined;
}
