"""How numbers are written and said: `2-1/2` in a title, `2 1/2` or `2.5` when typed, "two
and a half" when said.

The generator keeps its own number words (vocab/numbers.yaml) rather than borrowing the ones
ShopTalk reads with: the evaluation data must not share vocabulary with the code it measures.
"""

import re
from dataclasses import dataclass
from fractions import Fraction

_FRACTION_DENOMINATORS = (2, 4, 8, 16, 32)
_DIGITS = re.compile(r"\d*\.\d+|\d+")


@dataclass(frozen=True)
class NumberWords:
    """The words of vocab/numbers.yaml."""

    ones: tuple[str, ...]
    tens: tuple[str, ...]
    hundred: str
    thousand: str
    point: str
    fractions: dict[str, tuple[str, str]]
    """"3/4" → ("three quarter", "three quarters"): alone, and after "and"."""
    joiner: str
    symbols: dict[str, str]


def canonical(number: Fraction) -> str:
    """The number as grading keys write it: `2.5`, `0.75`, `10`."""
    if number.denominator == 1:
        return str(number.numerator)
    return f"{float(number):.5f}".rstrip("0").rstrip(".")


def parse_number(raw: object) -> Fraction:
    """A vocabulary number: 2, 2.5, '3/4' or '2-1/2'."""
    text = str(raw).strip()
    whole, _, rest = text.partition("-") if "/" in text and "-" in text else ("", "", text)
    value = Fraction(rest) if "/" in rest else Fraction(str(rest))
    return value + (Fraction(whole) if whole else 0)


def _split_fraction(number: Fraction) -> tuple[int, Fraction] | None:
    """(whole, proper fraction) when the number is a clean shop fraction, else None."""
    if number.denominator not in _FRACTION_DENOMINATORS and number.denominator != 1:
        return None
    whole = number.numerator // number.denominator
    return whole, number - whole


def title_number(number: Fraction, *, fractions: bool) -> str:
    """`2-1/2`, `3/4`, `10,000`, `2.5`: how a retail title writes it."""
    split = _split_fraction(number) if fractions else None
    if split is not None and split[1]:
        whole, part = split
        return f"{whole}-{part}" if whole else str(part)
    if number.denominator == 1 and number >= 1000:
        return f"{number.numerator:,}"
    return canonical(number)


def typed_numbers(number: Fraction, *, fractions: bool) -> list[str]:
    """The ways a shopper types it: `2 1/2`, `2-1/2`, `2.5`; `10000`, `10,000`."""
    split = _split_fraction(number) if fractions else None
    if split is not None and split[1]:
        whole, part = split
        decimal = canonical(number).removeprefix("0")
        mixed = [f"{whole} {part}", f"{whole}-{part}"] if whole else [str(part), str(part)]
        return [*mixed, decimal] if whole and (number * 100).denominator == 1 else mixed
    if number.denominator == 1 and number >= 1000:
        return [str(number.numerator), f"{number.numerator:,}"]
    return [canonical(number)]


def integer_words(n: int, words: NumberWords) -> str:
    if n < 20:
        return words.ones[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return words.tens[tens] + (f" {words.ones[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = f"{words.ones[hundreds]} {words.hundred}"
        return head + (f" {integer_words(rest, words)}" if rest else "")
    thousands, rest = divmod(n, 1000)
    head = f"{integer_words(thousands, words)} {words.thousand}"
    return head + (f" {integer_words(rest, words)}" if rest else "")


def said_numbers(number: Fraction, words: NumberWords) -> list[str]:
    """ "two and a half", "three quarter", "sixty", "two point five"."""
    split = _split_fraction(number)
    if split is not None and split[1] and str(split[1]) in words.fractions:
        whole, part = split
        alone, after_and = words.fractions[str(part)]
        if not whole:
            return [alone]
        return [f"{integer_words(whole, words)} {words.joiner} {after_and}"]
    if number.denominator == 1:
        return [integer_words(number.numerator, words)]
    whole_text, _, decimals = canonical(number).partition(".")
    digits = " ".join(words.ones[int(d)] for d in decimals)
    return [f"{integer_words(int(whole_text), words)} {words.point} {digits}"]


def say_text(text: str, words: NumberWords) -> str:
    """Typed words as a shopper would say them: `#8` → "number eight", `2x4` → "two by four",
    `a19` → "a nineteen", `3/4` → "three quarter"; punctuation becomes spaces."""
    out = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text.lower())
    for symbol, word in words.symbols.items():
        if symbol.isalpha():
            out = re.sub(rf"(?<=\d)\s*{symbol}\s*(?=\d)", f" {word} ", out)
        else:
            out = out.replace(symbol, f" {word} ")
    out = re.sub(r"(\d+)\s+(\d+/\d+)", r"\1-\2", out)
    out = re.sub(
        r"\d+-\d+/\d+|\d+/\d+",
        lambda m: _said_fraction(m.group(0), words),
        out,
    )
    out = re.sub(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", " ", out)
    out = _DIGITS.sub(lambda m: said_numbers(parse_number(m.group(0)), words)[0], out)
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", out).split())


def _said_fraction(text: str, words: NumberWords) -> str:
    """Only shop fractions are said as fractions; "16/3" (a cord's gauge) is "sixteen three"."""
    if text.rpartition("-")[2] not in words.fractions:
        return text.replace("/", " ").replace("-", " ")
    return said_numbers(parse_number(text), words)[0]
