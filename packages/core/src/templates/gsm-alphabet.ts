// GSM 03.38 (3GPP TS 23.038) default alphabet, in table order, so it can be checked against the spec by eye.
// 0x1B is the escape to the extension table and is not a character of its own; 0x09 is the capital Ç
// (some handsets show it as ç, but the spec and the providers' counters treat ç as UCS-2).
const BASIC_TABLE =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ' +
  ' !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§' +
  '¿abcdefghijklmnopqrstuvwxyzäöñüà'

// Characters reached through ESC: each costs two septets. Form feed is 0x0A in the extension table.
const EXTENSION_TABLE = '\f^{}\\[~]|€'

// Every GSM character is in the BMP and the highest is € (U+20AC), so a small table indexed by code unit will do.
const SEPTETS = new Uint8Array(0x20ad)
for (const char of BASIC_TABLE) if (char !== '\u001b') SEPTETS[char.charCodeAt(0)] = 1
for (const char of EXTENSION_TABLE) SEPTETS[char.charCodeAt(0)] = 2

/** Septets a UTF-16 code unit costs in GSM-7: 1 for the basic set, 2 for the extension table, 0 when not encodable. */
export function gsmSeptetsOfCode(code: number): number {
  return SEPTETS[code] ?? 0
}

/** Septets a character costs in GSM-7: 1 for the basic set, 2 for the extension table, 0 when not encodable. */
export function gsmSeptets(char: string): number {
  return char.length === 1 ? gsmSeptetsOfCode(char.charCodeAt(0)) : 0
}
