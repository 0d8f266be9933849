"""Words as search compares them: folded, split, numbers as digits, units spelled one way.

Catalog text and spoken queries meet only after the same normalisation, so "Thirty Two
Ounce", "32oz" and "32 oz" all become `32 oz`, "T-Shirt" becomes `t shirt` (plus the joined
`tshirt` for whoever says it as one word), and "$50" becomes `50 dollars`. Stemming (Porter2,
PyStemmer) makes "shoes" and "shoe" one term.
"""

import re
import unicodedata
from functools import lru_cache

import Stemmer

from shoptalk.search.measures import measures, spoken_fractions, write_sizes

_STEMMER = Stemmer.Stemmer("english")

_DOLLARS = re.compile(r"\$\s*(\d[\d,]*(?:\.\d+)?)")
_HYPHENATED = re.compile(r"[^\W_]+(?:-[^\W_]+)+")
_TOKEN = re.compile(r"\d+(?:\.\d+)?|[^\W\d_]+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_CODE = re.compile(r"(?<![\w-])[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?![\w-])")
_CODE_SHAPE = re.compile(r"^[a-z]+\d")
CODE_PREFIX = "#"
"""Marks a model code among the index's terms, so it can never collide with a word."""

SMALL_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1000}

STOPWORDS = frozenset(
    """a an the and or of for to in on at by with from into is are be it its this that these
    those my me i im we you your our us do does did have has had any some something anything
    please want wanna need needs looking look find show get got buy like would could can may
    there what which one ones just really also kind sort thing things stuff let lets see
    maybe perhaps okay ok hi hey um uh so very much many""".split()
)
"""Function words and shopper fillers: they never decide which product is meant."""


def fold(text: str) -> str:
    """Lower case without accents or compatibility forms: "Café" and "CAFE" are one word."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The normalised words of `text`: folded, split, spelled-out numbers as digits, units
    in one spelling. Stopwords stay, so phrases such as "with lid" can still be matched."""
    return list(_words(text))


@lru_cache(maxsize=1 << 16)
def _words(text: str) -> tuple[str, ...]:
    """Catalogs repeat their option values, tags and types on every product: worth caching."""
    text = write_sizes(fold(text)).replace("&", " and ").replace("'", "").replace("\u2019", "")
    text = _THOUSANDS.sub("", _DOLLARS.sub(r" \1 dollars ", text))
    return tuple(_units(spoken_fractions(_numbers(_TOKEN.findall(text)))))


@lru_cache(maxsize=1 << 16)
def compounds(text: str) -> tuple[str, ...]:
    """Hyphenated words joined ("T-Shirt" → "tshirt", "Wi-Fi" → "wifi"): indexed beside the
    parts so "tshirt", "t shirt" and "t-shirt" all find the same product."""
    if "-" not in text:
        return ()
    found = _HYPHENATED.findall(fold(text).replace("'", ""))
    return tuple("".join(_TOKEN.findall(m)) for m in found)


@lru_cache(maxsize=1 << 16)
def codes(text: str) -> tuple[str, ...]:
    """Model numbers and SKUs as one term each: "DWE7491RS", "GP-6484" and "vt-2520-k" become
    `#dwe7491rs`, `#gp6484` and `#vt2520k`. Words split them into letters and digits
    ("dwe", "7491", "rs") that match many products a little; whole, one product matches a
    lot. A code starts with letters followed by a digit and holds at least two digits, so
    sizes ("40w", "2x4", "e26") and spec words ("18-gauge") are not codes."""
    found = []
    for match in _CODE.findall(fold(text)):
        joined = match.replace("-", "")
        if _CODE_SHAPE.match(joined) and sum(c.isdigit() for c in joined) >= 2:
            found.append(CODE_PREFIX + joined)
    return tuple(found)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Porter2 stem of a word; numbers and one- or two-letter words stay as they are."""
    if len(word) <= 2 or word[0].isdigit():
        return word
    result: str = _STEMMER.stemWord(word)
    return result


def keys(text_words: list[str]) -> list[str]:
    """Stems of all words: what catalog phrases (brands, types, option values) are matched on."""
    return [stem(w) for w in text_words]


def terms(text_words: list[str]) -> list[str]:
    """Stems of the words that carry meaning: what the lexical index holds and queries ask."""
    return [stem(w) for w in text_words if w not in STOPWORDS]


def is_number(word: str) -> bool:
    return word[:1].isdigit()


def number_text(value: float) -> str:
    """7.5 → "7.5", 25.0 → "25": the form the tokenizer produces for digits."""
    return f"{value:g}" if value != int(value) else str(int(value))


def _numbers(tokens: list[str]) -> list[str]:
    """Spelled-out numbers as digits: "twenty five" → 25, "seven and a half" → 7.5,
    "a hundred" → 100. A lone "one" stays a word ("the blue one") unless a unit follows."""
    result: list[str] = []
    i = 0
    while i < len(tokens):
        value, used = _spelled_number(tokens, i)
        if used:
            result.append(number_text(value))
            i += used
        else:
            result.append(tokens[i])
            i += 1
    return result


def _spelled_number(tokens: list[str], start: int) -> tuple[float, int]:
    """The number spelled from `tokens[start]` on, and how many tokens it took (0: none)."""
    closed, current, last, i = 0, 0, "", start
    if tokens[i] == "a" and _at(tokens, i + 1) in SCALES:
        current, last, i = 1, "small", i + 1
    while i < len(tokens):
        word = tokens[i]
        if word in TENS and last in ("", "hundred", "thousand"):
            current, last = current + TENS[word], "tens"
        elif word in SMALL_NUMBERS and last in ("", "hundred", "thousand", "tens"):
            if last == "tens" and not 0 < SMALL_NUMBERS[word] < 10:
                break
            current, last = current + SMALL_NUMBERS[word], "small"
        elif word == "hundred" and last == "small":
            current, last = current * 100, "hundred"
        elif word == "thousand" and last in ("small", "tens", "hundred"):
            closed, current, last = closed + current * 1000, 0, "thousand"
        elif not (word == "and" and last == "hundred" and _is_count(_at(tokens, i + 1))):
            break
        i += 1
    used = i - start
    value: float = closed + current
    if used and tokens[i : i + 3] == ["and", "a", "half"]:
        return value + 0.5, used + 3
    if used == 0 or (used == 1 and tokens[start] == "one" and not _is_unit_word(_at(tokens, i))):
        return 0, 0
    return value, used


def _is_count(word: str) -> bool:
    return word in SMALL_NUMBERS or word in TENS


def _at(tokens: list[str], i: int) -> str:
    return tokens[i] if i < len(tokens) else ""


def _is_unit_word(word: str) -> bool:
    return measures().unit(word, after_number=False) is not None


def _units(tokens: list[str]) -> list[str]:
    """Units in one spelling ("ounces" → "oz"); "l" and "v" only right after a number."""
    result: list[str] = []
    for token in tokens:
        after_number = bool(result) and is_number(result[-1])
        result.append(measures().unit(token, after_number=after_number) or token)
    return result
