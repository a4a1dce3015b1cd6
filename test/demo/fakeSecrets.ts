/**
 * The demo repository's planted credentials. Its files carry `{{fake-secret:NAME}}` markers
 * instead of credential-shaped strings (so Palisade's own repository never holds one, and no
 * scanner that reads it cries wolf); the demo replaces them with values generated here from a
 * fixed seed, in the shape our rules recognise. Same seed, same values: fingerprints, and so
 * triage, stay stable from one `npm start` to the next.
 *
 * None of these values was ever issued by anyone; they are random strings of the right form.
 */
import { createHash } from 'node:crypto';
import { isPlaceholder } from '../../tasks/engine/secrets/placeholders';

const UPPER_B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BASE64 = `${ALNUM}+/`;

/** Deterministic characters from SHA-256 in counter mode. */
class Stream {
  private buffer = Buffer.alloc(0);
  private counter = 0;

  constructor(private readonly seed: string) {}

  chars(alphabet: string, n: number): string {
    let out = '';
    while (out.length < n) {
      if (this.buffer.length === 0) this.buffer = createHash('sha256').update(`${this.seed}:${this.counter++}`).digest();
      const byte = this.buffer[0];
      this.buffer = this.buffer.subarray(1);
      // Rejection sampling keeps the characters uniform.
      if (byte < 256 - (256 % alphabet.length)) out += alphabet[byte % alphabet.length];
    }
    return out;
  }
}

const GENERATORS: Record<string, (s: Stream) => string> = {
  'aws-access-key-id': (s) => `AKIA${s.chars(UPPER_B32, 16)}`,
  'aws-secret-access-key': (s) => s.chars(BASE64, 40),
  'db-password': (s) => s.chars(ALNUM, 22),
  'slack-webhook-url': (s) => `hooks.slack.com/services/T${s.chars(UPPER_DIGITS, 8)}/B${s.chars(UPPER_DIGITS, 10)}/${s.chars(ALNUM, 24)}`,
  'stripe-secret-key': (s) => `sk_live_${s.chars(ALNUM, 40)}`,
};

export const FAKE_SECRET_NAMES = Object.keys(GENERATORS);

/** The value for one marker name; the same on every run. */
export function fakeSecret(name: string, seed = 'palisade-demo'): string {
  const make = GENERATORS[name];
  if (!make) throw new Error(`no fake secret generator named "${name}" (known: ${FAKE_SECRET_NAMES.join(', ')})`);
  // A value that happens to contain a placeholder word ("xxxx", "fake"...) would be ignored
  // by the scanner; the next attempt (still deterministic) avoids it.
  for (let attempt = 0; ; attempt++) {
    const value = make(new Stream(`${seed}:${name}:${attempt}`));
    if (!isPlaceholder(value)) return value;
  }
}

const MARKER = /\{\{fake-secret:([a-z0-9-]+)\}\}/g;

/** Replaces every `{{fake-secret:NAME}}` marker in a file's text. */
export function expandFakeSecrets(text: string, seed?: string): string {
  return text.replace(MARKER, (_m, name: string) => fakeSecret(name, seed));
}

/** Names of the markers a text uses. */
export function fakeSecretMarkers(text: string): string[] {
  return [...text.matchAll(MARKER)].map((m) => m[1]);
}
