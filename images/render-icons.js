#!/usr/bin/env node
// Draws the Palisade icons (a shield of palisade stakes) as PNG files, so the repository holds
// their source rather than opaque binaries. Run: node images/render-icons.js
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const zlib = require('node:zlib');

function crc32(buf) {
  let c;
  const table = [];
  for (let n = 0; n < 256; n++) {
    c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  let crc = 0xffffffff;
  for (const b of buf) crc = table[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function png(width, height, rgba) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** Coverage (0..1) of the shape at unit coordinates, supersampled for smooth edges. */
function render(size, shape) {
  const out = Buffer.alloc(size * size * 4);
  const ss = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const c = shape((x + (sx + 0.5) / ss) / size, (y + (sy + 0.5) / ss) / size);
          if (c) { r += c[0]; g += c[1]; b += c[2]; a += 255; }
        }
      }
      const n = ss * ss;
      const i = (y * size + x) * 4;
      out[i] = a ? Math.round((r / a) * 255) : 0;
      out[i + 1] = a ? Math.round((g / a) * 255) : 0;
      out[i + 2] = a ? Math.round((b / a) * 255) : 0;
      out[i + 3] = Math.round(a / n);
    }
  }
  return out;
}

const NAVY = [16, 42, 84];
const TEAL = [0, 153, 153];
const WHITE = [255, 255, 255];

/** Shield outline: flat top, straight sides, curving to a point. */
function inShield(u, v) {
  const x = Math.abs(u - 0.5);
  if (v < 0.08 || v > 0.94) return false;
  if (v < 0.55) return x < 0.4;
  const t = (v - 0.55) / (0.94 - 0.55);
  return x < 0.4 * Math.sqrt(Math.max(0, 1 - t * t));
}

function shield(u, v) {
  if (!inShield(u, v)) return null;
  // Inner border.
  const inner = inShield(0.5 + (u - 0.5) / 0.86, 0.08 + (v - 0.13) / 0.86);
  if (!inner) return TEAL;
  // Three pointed stakes.
  for (const cx of [0.35, 0.5, 0.65]) {
    const half = 0.055;
    if (Math.abs(u - cx) < half && v > 0.28 && v < 0.74) {
      const tip = 0.28 + (Math.abs(u - cx) / half) * 0.07;
      if (v > tip) return WHITE;
    }
  }
  if (v > 0.47 && v < 0.53 && u > 0.27 && u < 0.73) return WHITE;
  return NAVY;
}

for (const [name, size] of [['icon.png', 128], ['icon-small.png', 32], ['hub-icon.png', 16]]) {
  writeFileSync(join(__dirname, name), png(size, size, render(size, shield)));
}
