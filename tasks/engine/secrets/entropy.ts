/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/**
 * The entropy bar a generic rule holds a value to. Bars are set for values of letters in both
 * cases and digits; a hex value (digits and a-f, one case) carries at most 4 bits a character and
 * measures less when short: over random draws, a 24-character hex key averages 3.47 and a
 * 32-character one 3.61, so a bar of 3.5 turned down 55% and 18% of them, and 3.7 (a key named
 * after a service) 93% and 74%. Hex values are held to 3.0 instead, the bar detect-secrets uses
 * for hex strings, which fewer than 1 in 200 random hex keys of 24 characters or more miss.
 * Regular hex (runs, one unit repeated, a stray letter) is judged by the filler checks, not here.
 */
export function genericEntropyBar(value: string, bar: number, password = false): number {
  if (bar > HEX_BAR && isOneCaseHex(value)) return HEX_BAR;
  return password ? Math.min(bar, shortPasswordBar(value)) : bar;
}

/**
 * A short password cannot reach a fixed bar: eight characters all different measure 3.0 bits,
 * and one character twice (37% of random draws of eight from 62) 2.75. A password of three
 * kinds of character or more (small letters, capitals, digits, others: `Dr11crzQ`, a Drupal
 * database's) is held instead to 80% of the most its length allows (2.4 bits for eight, two
 * pairs pass, a run does not). Words in one case are never three kinds; fillers and placeholder
 * words are judged by their shape elsewhere.
 */
function shortPasswordBar(value: string): number {
  const n = value.length;
  if (n < 8 || n > 13) return Infinity;
  const kinds = Number(/[a-z]/.test(value)) + Number(/[A-Z]/.test(value)) + Number(/[0-9]/.test(value)) + Number(/[^A-Za-z0-9]/.test(value));
  if (kinds < 3 || STAND_IN_STEM.test(unleet(value))) return Infinity;
  return 0.8 * Math.log2(n);
}

/**
 * Words that the stand-ins of courses, docs and samples are made of (`Pa$$w0rd`, `P@ssw0rd`,
 * `Z3r0P4ss`, `Welcome1`), read after undoing their digits and signs for letters: a fixed bar
 * still judges those, as peers do.
 */
const STAND_IN_STEM = /pass|word|secret|admin|welcome|qwert|letmein|change|default|master|login|zero|test|demo|sample|user|root/;

function unleet(value: string): string {
  return value.toLowerCase().replace(/[@4]/g, 'a').replace(/[$5]/g, 's').replace(/0/g, 'o').replace(/3/g, 'e').replace(/1/g, 'i').replace(/7/g, 't');
}

const HEX_BAR = 3.0;

function isOneCaseHex(s: string): boolean {
  let lower = false;
  let upper = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    if (c >= 97 && c <= 102) lower = true;
    else if (c >= 65 && c <= 70) upper = true;
    else return false;
  }
  return !(lower && upper);
}
