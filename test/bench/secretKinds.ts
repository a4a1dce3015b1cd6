/**
 * The kinds of FAKE credentials the benchmark corpus plants. Every value is drawn from the
 * seeded PRNG at generation time; none is written in this source. Each kind knows how it is
 * typically written in each language of the corpus.
 */
import type { Rng } from './prng';
import { camel, pascal, snake, upper } from './names';

export type Lang = 'ts' | 'js' | 'py' | 'cs' | 'java' | 'go' | 'yaml' | 'json' | 'md' | 'env';

export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const LOWER32 = 'abcdefghijklmnopqrstuvwxyz234567';
const B64 = ALNUM + '+/';
const B64URL = ALNUM + '-_';
const DIGITS = '0123456789';
/** No quotes, blanks, `$`, brackets or `<>`: nothing a placeholder check would take for a reference. */
const PW = ALNUM + '!#%&*+-.=?@^_~';

/** Words a fake value must not contain by chance (placeholder checks would drop it). */
const AVOID = ['xxxx', 'example', 'sample', 'dummy', 'test', 'fake', 'your', 'change', 'redact', 'placeholder', 'secret', 'password', 'sk_test'];

function clean(v: string): boolean {
  const l = v.toLowerCase();
  if (AVOID.some((w) => l.includes(w))) return false;
  // No runs like "abcd" / "1234" and no char repeated 4 times.
  for (let i = 3; i < v.length; i++) {
    const a = v.charCodeAt(i - 3);
    const b = v.charCodeAt(i - 2);
    const c = v.charCodeAt(i - 1);
    const d = v.charCodeAt(i);
    if ((b === a + 1 && c === b + 1 && d === c + 1) || (a === b && b === c && c === d)) return false;
  }
  return true;
}

function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Draws until the value is free of accidental placeholder shapes (deterministic per seed). */
function draw(make: () => string, minEntropy = 3.2): string {
  for (;;) {
    const v = make();
    if (clean(v) && entropy(v) >= minEntropy) return v;
  }
}

function password(rng: Rng): string {
  return draw(() => {
    const v = rng.chars(ALNUM, 1) + rng.chars(PW, rng.range(13, 21));
    return /[0-9]/.test(v) && /[A-Za-z]/.test(v) && /[!#%&*+\-=?@^~]/.test(v) ? v : 'aaaa';
  });
}

function alnumPassword(rng: Rng): string {
  return draw(() => {
    const v = rng.chars(ALNUM, rng.range(14, 20));
    return /[0-9]/.test(v) && /[a-z]/.test(v) && /[A-Z]/.test(v) ? v : 'aaaa';
  });
}

/** A name in the casing each language uses for a constant or setting. */
export function nameFor(lang: Lang, ws: readonly string[]): string {
  switch (lang) {
    case 'ts':
    case 'js':
    case 'go':
    case 'json':
      return camel(ws);
    case 'cs':
      return pascal(ws);
    case 'py':
    case 'java':
    case 'md':
    case 'env':
      return upper(ws);
    case 'yaml':
      return snake(ws);
  }
}

/** One line assigning a quoted string, as the language writes it. */
export function assign(lang: Lang, ws: readonly string[], value: string, variant: number): string {
  const n = nameFor(lang, ws);
  const q = variant % 2 === 0 ? '"' : "'";
  switch (lang) {
    case 'ts':
      return variant % 3 === 0 ? `export const ${upper(ws)} = '${value}';` : variant % 3 === 1 ? `  ${n}: "${value}",` : `const ${n} = "${value}";`;
    case 'js':
      return variant % 2 === 0 ? `var ${n} = '${value}';` : `module.exports.${n} = "${value}";`;
    case 'py':
      return variant % 2 === 0 ? `${n} = ${q}${value}${q}` : `    ${snake(ws)}=${q}${value}${q},`;
    case 'cs':
      return variant % 2 === 0 ? `        private const string ${n} = "${value}";` : `            ${n} = "${value}",`;
    case 'java':
      return `    private static final String ${n} = "${value}";`;
    case 'go':
      return variant % 2 === 0 ? `const ${n} = "${value}"` : `\t${n} := "${value}"`;
    case 'yaml':
      return `  ${n}: ${q}${value}${q}`;
    case 'json':
      return `  "${n}": "${value}",`;
    case 'md':
    case 'env':
      return `export ${n}="${value}"`;
  }
}

export interface Planted {
  /** Lines to insert. */
  lines: string[];
  /** Index in `lines` of the line holding the start of the secret. */
  at: number;
  /** Number of lines the secret spans. */
  span: number;
}

export interface SecretKind {
  id: string;
  title: string;
  /** Can be written inside one line of minified code. */
  inline: boolean;
  plant(rng: Rng, lang: Lang): Planted;
}

function single(lang: Lang, ws: readonly string[], value: string, rng: Rng): Planted {
  const line = assign(lang, ws, value, rng.int(6));
  if (lang === 'md') return { lines: ['```bash', line, '```'], at: 1, span: 1 };
  return { lines: [line], at: 0, span: 1 };
}

function simple(id: string, title: string, names: string[][], value: (rng: Rng) => string): SecretKind {
  return {
    id,
    title,
    inline: true,
    plant: (rng, lang) => single(lang, rng.pick(names), value(rng), rng),
  };
}

function pemBody(rng: Rng): string[] {
  const raw = 'MIIE' + rng.chars(B64, 60);
  const lines: string[] = [raw];
  const n = rng.range(14, 24);
  for (let i = 0; i < n; i++) lines.push(rng.chars(B64, 64));
  lines.push(rng.chars(B64, rng.range(20, 60)) + '==');
  return lines;
}

const privateKey: SecretKind = {
  id: 'private-key',
  title: 'PEM private key',
  inline: false,
  plant(rng, lang) {
    const type = rng.pick(['RSA ', 'EC ', 'OPENSSH ', '']);
    const begin = `-----BEGIN ${type}PRIVATE KEY-----`;
    const end = `-----END ${type}PRIVATE KEY-----`;
    const body = pemBody(rng);
    const block = [begin, ...body, end];
    const span = block.length;
    switch (lang) {
      case 'py':
        return { lines: [`PRIVATE_KEY = """${begin}`, ...body, `${end}"""`], at: 0, span };
      case 'ts':
      case 'js':
        return { lines: [`const privateKey = \`${begin}`, ...body, `${end}\`;`], at: 0, span };
      case 'cs':
        return { lines: [`        private const string PrivateKey = @"${begin}`, ...body, `${end}";`], at: 0, span };
      case 'java':
        return { lines: ['    private static final String PRIVATE_KEY = """', ...block, '""";'], at: 1, span };
      case 'go':
        return { lines: ['const privateKey = `' + begin, ...body, end + '`'], at: 0, span };
      case 'yaml':
        return { lines: ['  tls_key: |', ...block.map((l) => `    ${l}`)], at: 1, span };
      case 'json':
        return { lines: [`  "private_key": "${block.join('\\n')}\\n",`], at: 0, span: 1 };
      case 'md':
      case 'env':
        return { lines: ['```', ...block, '```'], at: 1, span };
    }
  },
};

const awsPair: SecretKind = {
  id: 'aws-access-key-id',
  title: 'AWS access key id',
  inline: true,
  plant: (rng, lang) => single(lang, rng.pick([['aws', 'access', 'key', 'id'], ['s3', 'access', 'key']]), 'AKIA' + draw(() => rng.chars(UPPER32, 16), 3), rng),
};

export const SECRET_KINDS: readonly SecretKind[] = [
  simple('github-pat', 'GitHub personal access token (classic)', [['github', 'token'], ['gh', 'token'], ['git', 'hub', 'pat']], (r) => 'ghp_' + draw(() => r.chars(ALNUM, 36))),
  simple('password', 'Hard-coded password', [['db', 'password'], ['password'], ['admin', 'password'], ['smtp', 'password'], ['redis', 'passwd']], password),
  awsPair,
  simple('aws-secret-access-key', 'AWS secret access key', [['aws', 'secret', 'access', 'key']], (r) => draw(() => r.chars(ALNUM, 1) + r.chars(B64, 39))),
  simple('slack-bot-token', 'Slack bot token', [['slack', 'bot', 'token'], ['slack', 'token']], (r) => `xoxb-${r.chars(DIGITS, 11)}-${r.chars(DIGITS, 13)}-${draw(() => r.chars(ALNUM, 24))}`),
  simple('npm-token', 'npm access token', [['npm', 'token'], ['npm', 'auth', 'token']], (r) => 'npm_' + draw(() => r.chars(ALNUM, 36))),
  simple('azure-storage-key', 'Azure Storage connection string', [['storage', 'connection', 'string'], ['azure', 'storage', 'connection']], (r) => {
    const key = draw(() => r.bytes(64).toString('base64'));
    return `DefaultEndpointsProtocol=https;AccountName=st${r.chars('abcdefghijklmnopqrstuvwxyz0123456789', 10)};AccountKey=${key};EndpointSuffix=core.windows.net`;
  }),
  privateKey,
  simple('stripe-secret-key', 'Stripe secret key', [['stripe', 'api', 'key'], ['stripe', 'key']], (r) => 'sk_live_' + draw(() => r.chars(ALNUM, 24))),
  simple('google-api-key', 'Google API key', [['google', 'api', 'key'], ['maps', 'api', 'key']], (r) => 'AIza' + draw(() => r.chars(B64URL, 35))),
  simple('sendgrid-api-key', 'SendGrid API key', [['sendgrid', 'api', 'key']], (r) => `SG.${draw(() => r.chars(B64URL, 22))}.${draw(() => r.chars(B64URL, 43))}`),
  simple('azure-devops-pat', 'Azure DevOps personal access token', [['azure', 'devops', 'ext', 'pat'], ['ado', 'pat'], ['azure', 'devops', 'token']], (r) => draw(() => r.chars(LOWER32, 52))),
  simple('sql-connection-string', 'SQL Server connection string with password', [['connection', 'string'], ['sql', 'connection']], (r) =>
    `Server=tcp:sql-${r.chars('abcdefghijklmnopqrstuvwxyz', 8)}.database.windows.net,1433;Initial Catalog=${r.pick(['orders', 'billing', 'identity'])};User ID=${r.pick(['appuser', 'svc_api', 'dbadmin'])};Password=${alnumPassword(r)};Encrypt=True;`),
  simple('url-credentials', 'Credentials in a URL', [['feed', 'url'], ['registry', 'url'], ['database', 'url']], (r) =>
    `https://${r.pick(['deploy', 'ci', 'svc-build'])}:${alnumPassword(r)}@${r.pick(['pkgs', 'nexus', 'artifacts'])}.contoso-internal.net/feed/v3`),
];

export interface Decoy {
  id: string;
  line(rng: Rng, lang: Lang): string;
}

/** Things that look like credentials and are not: scanners should stay silent on them. */
export const DECOYS: readonly Decoy[] = [
  { id: 'changeme', line: (r, l) => assign(l, ['db', 'password'], 'changeme', r.int(6)) },
  { id: 'xxxx-token', line: (r, l) => assign(l, ['github', 'token'], 'ghp_' + 'x'.repeat(36), r.int(6)) },
  { id: 'aws-doc-key', line: (r, l) => assign(l, ['aws', 'access', 'key', 'id'], 'AKIAIOSFODNN7' + 'EXAMPLE', r.int(6)) },
  { id: 'pipeline-secret', line: (r, l) => assign(l, ['password'], '${{ secrets.DB_PASSWORD }}', r.int(6)) },
  { id: 'pipeline-macro', line: (r, l) => assign(l, ['smtp', 'password'], '$(smtpPassword)', r.int(6)) },
  { id: 'angle-placeholder', line: (r, l) => assign(l, ['admin', 'password'], '<your-password>', r.int(6)) },
  { id: 'identifier', line: (r, l) => assign(l, ['password', 'field'], 'password_input', r.int(6)) },
  { id: 'env-lookup', line: (_r, l) => (l === 'py' ? 'password = os.environ["DB_PASSWORD"]' : l === 'cs' ? '        var password = Environment.GetEnvironmentVariable("DB_PASSWORD");' : l === 'yaml' ? '  password: $(DB_PASSWORD)' : 'const password = process.env.DB_PASSWORD;') },
];
