// Folding for search (F26): lower case, accents stripped, punctuation to spaces, the same
// mapping the orders' `search_text` column is built with in SQLite (migration
// 1765600000_orders_search.js holds a copy of FOLD_MAP; fold.test.ts keeps them equal).
// Generic: imports no domain.

/** characters SQLite's lower() leaves alone, mapped to what we store; upper and lower case */
export const FOLD_MAP: Record<string, string> = {
  ä: 'a', Ä: 'a', á: 'a', Á: 'a', à: 'a', À: 'a', â: 'a', Â: 'a', ã: 'a', Ã: 'a', å: 'a', Å: 'a', ą: 'a', Ą: 'a', ă: 'a', Ă: 'a',
  æ: 'ae', Æ: 'ae',
  ç: 'c', Ç: 'c', č: 'c', Č: 'c', ć: 'c', Ć: 'c',
  ď: 'd', Ď: 'd', đ: 'd', Đ: 'd',
  é: 'e', É: 'e', è: 'e', È: 'e', ê: 'e', Ê: 'e', ë: 'e', Ë: 'e', ě: 'e', Ě: 'e', ę: 'e', Ę: 'e',
  í: 'i', Í: 'i', ì: 'i', Ì: 'i', î: 'i', Î: 'i', ï: 'i', Ï: 'i',
  ł: 'l', Ł: 'l', ľ: 'l', Ľ: 'l', ĺ: 'l', Ĺ: 'l',
  ñ: 'n', Ñ: 'n', ň: 'n', Ň: 'n', ń: 'n', Ń: 'n',
  ö: 'o', Ö: 'o', ó: 'o', Ó: 'o', ò: 'o', Ò: 'o', ô: 'o', Ô: 'o', õ: 'o', Õ: 'o', ø: 'o', Ø: 'o', ő: 'o', Ő: 'o',
  œ: 'oe', Œ: 'oe',
  ř: 'r', Ř: 'r', ŕ: 'r', Ŕ: 'r',
  š: 's', Š: 's', ś: 's', Ś: 's', ş: 's', Ş: 's', ß: 'ss', ẞ: 'ss',
  ť: 't', Ť: 't', ţ: 't', Ţ: 't',
  ü: 'u', Ü: 'u', ú: 'u', Ú: 'u', ù: 'u', Ù: 'u', û: 'u', Û: 'u', ů: 'u', Ů: 'u', ű: 'u', Ű: 'u',
  ý: 'y', Ý: 'y', ÿ: 'y', Ÿ: 'y',
  ž: 'z', Ž: 'z', ź: 'z', Ź: 'z', ż: 'z', Ż: 'z'
};

/** punctuation that separates words; '@' and '.' stay (e-mail addresses) */
export const FOLD_SEPARATORS = [',', ';', ':', '-', '_', '/', '(', ')', "'", '"', '&', '+', '#', '%', '\\', '!', '?', '*', '|', '=', '<', '>', '[', ']', '{', '}', '~', '`', '^', '$'];

/** lower case, accents and punctuation gone, words separated by one space */
export function fold(text: string): string {
  let out = '';
  for (const ch of text.toLowerCase().normalize('NFC')) {
    const lower = ch;
    if (FOLD_MAP[lower] !== undefined) out += FOLD_MAP[lower];
    else if (/[a-z0-9@.]/.test(lower)) out += lower;
    else if (/\p{M}/u.test(lower)) continue;
    else if (/\p{L}/u.test(lower)) {
      // a letter not in the map: strip its marks if it has any, keep it otherwise
      const base = lower.normalize('NFD').replace(/\p{M}/gu, '');
      out += /^[a-z]+$/.test(base) ? base : lower;
    } else out += ' ';
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** the digits of a text (phone numbers are compared digit by digit) */
export const digits = (text: string) => text.replace(/\D/g, '');
