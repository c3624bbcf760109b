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

const BASIC = new Set([...BASIC_TABLE].filter((char) => char !== '\u001b'))
const EXTENSION = new Set(EXTENSION_TABLE)

/** Septets a character costs in GSM-7: 1 for the basic set, 2 for the extension table, 0 when not encodable. */
export function gsmSeptets(char: string): 0 | 1 | 2 {
  if (BASIC.has(char)) return 1
  if (EXTENSION.has(char)) return 2
  return 0
}
