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
export function genericEntropyBar(value: string, bar: number): number {
  return bar > HEX_BAR && isOneCaseHex(value) ? HEX_BAR : bar;
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
