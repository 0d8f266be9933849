"""A sound key for words, so a speech-recognition slip lands on the word that was meant.

"lottie" and "latte", "moka" and "mocha" sound alike and are spelled apart. The key keeps a
word's consonant skeleton the way English spelling sounds (ph → f, hard and soft c, silent
letters, doubled letters once) and drops the vowels after the first letter: a simplified
Metaphone. It only proposes candidates; edit distance decides with it (see `vocabulary`).
"""

import re
from functools import lru_cache

_RULES: tuple[tuple[str, str], ...] = (
    (r"^[kgp](?=n)|^w(?=r)", ""),
    (r"^x", "s"),
    (r"^wh", "w"),
    (r"tch", "ch"),
    (r"sch", "sk"),
    (r"ph", "f"),
    (r"ck", "k"),
    (r"sh", "X"),
    (r"ch", "X"),
    (r"th", "0"),
    (r"dg(?=[eiy])", "j"),
    (r"c(?=[eiy])", "s"),
    (r"g(?=[eiy])", "j"),
    (r"gh(?![aeiou])", ""),
    (r"[cq]", "k"),
    (r"x", "ks"),
    (r"z", "s"),
    (r"v", "f"),
    (r"d", "t"),
    (r"b", "p"),
    (r"(?<=.)[hwy]", ""),
)
_COMPILED = tuple((re.compile(pattern), replacement) for pattern, replacement in _RULES)


@lru_cache(maxsize=65536)
def sound_key(word: str) -> str:
    """The key of a word: "latte" → "LT", "lottie" → "LT", "mocha" → "MX"; "" if no letters."""
    letters = "".join(char for char in word.casefold() if "a" <= char <= "z")
    if not letters:
        return ""
    first_vowel = letters[0] in "aeiou"
    for pattern, replacement in _COMPILED:
        letters = pattern.sub(replacement, letters)
    skeleton = re.sub(r"[aeiou]", "", letters[1:])
    head = "A" if first_vowel else letters[:1]
    key = re.sub(r"(.)\1+", r"\1", head + skeleton)
    return key.upper()
