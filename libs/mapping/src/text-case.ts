const LETTER = /\p{L}/u;
const WORD_PART = /[\p{M}\p{N}]/u;
const APOSTROPHES = new Set(["'", '\u2019']);

export function toLower(value: string): string {
  return value.toLowerCase();
}

export function toUpper(value: string): string {
  return value.toUpperCase();
}

/**
 * Title case for names and places: "o'brien-smith" → "O'Brien-Smith", "DON'T" → "Don't",
 * "3RD AVE" → "3rd Ave". A letter after an apostrophe is capitalised only when a single letter
 * precedes it (O', D', L'), which covers Irish, Italian and French prefixes without breaking
 * English contractions.
 */
export function toTitleCase(value: string): string {
  const lower = value.toLowerCase();
  let out = '';
  let wordLength = 0;
  let afterApostrophe = false;
  for (const char of lower) {
    if (LETTER.test(char)) {
      const startsWord = wordLength === 0 && !afterApostrophe;
      const afterPrefix = afterApostrophe && wordLength === 1;
      out += startsWord || afterPrefix ? upperFirst(char) : char;
      wordLength = afterPrefix ? 1 : wordLength + 1;
      afterApostrophe = false;
    } else if (WORD_PART.test(char)) {
      // Combining marks and digits belong to the word around them.
      out += char;
      if (!LETTER.test(char) && wordLength === 0) wordLength = 1;
    } else {
      out += char;
      afterApostrophe = APOSTROPHES.has(char);
      if (!afterApostrophe) wordLength = 0;
    }
  }
  return out;
}

// toUpperCase can expand (ß → SS); such a letter stays as it is so that the length is kept and a
// second pass gives the same result.
function upperFirst(char: string): string {
  const upper = char.toUpperCase();
  return upper.length === char.length ? upper : char;
}
