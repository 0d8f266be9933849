"""Sizes as catalogs and shoppers write them, read into one form.

A hardware title says `3/4 in. x 10 ft.`, a shopper types "3/4 inch" or says "three quarter
inch"; a title says `2 in. x 4 in. x 8 ft.`, the shopper "2x4" or "2 by 4". Left as written,
"3/4" splits into the numbers 3 and 4, `"` and `'` vanish, and none of these meet. Here
fractions become decimals (`0.75`), written unit marks become unit words (`inch`, `ft`,
`cuft`), every unit one spelling, and a number with its unit is also one term (`0.75inch`,
`5gal`, `2x4`), which says far more than the number and the unit apart.

The word tables are data: `data/measures.yaml`.
"""

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from importlib.resources import files

import yaml

DIMENSION = "x"
"""The canonical word between two sizes: "2 by 4" reads "2 x 4"."""


@dataclass(frozen=True)
class Measures:
    units: dict[str, str]
    """Any spelling → the unit's one spelling, read wherever it stands."""
    units_after_number: dict[str, str]
    """Short spellings that are units only right after a number ("20 l", "40 w")."""
    spelled: list[tuple[re.Pattern[str], str]]
    """Written forms (`cu. ft.`, `"`, `in.`) and the unit word each becomes."""
    fractions: dict[str, int]
    """"quarter" → 4: the words naming a part of a whole."""
    joiners: frozenset[str]

    def unit(self, word: str, *, after_number: bool) -> str | None:
        found = self.units.get(word)
        if found is None and after_number:
            found = self.units_after_number.get(word)
        return found


@cache
def measures() -> Measures:
    table = yaml.safe_load((files("shoptalk.search") / "data" / "measures.yaml").read_text())
    spelled = [(re.compile(rule["pattern"]), f" {rule['unit']} ") for rule in table["spelled"]] + [
        (re.compile(r"(?<=\d)\s*" + rule["pattern"]), f" {rule['unit']} ")
        for rule in table["after_number"]
    ]
    return Measures(
        units=_spellings(table["units"]),
        units_after_number=_spellings(table["units_after_number"]),
        spelled=spelled,
        fractions={w: int(parts) for parts, said in table["fractions"].items() for w in said},
        joiners=frozenset(table["dimension_joiners"]),
    )


def _spellings(table: dict[str, list[str]]) -> dict[str, str]:
    return {said: unit for unit, spellings in table.items() for said in spellings}


_MIXED = re.compile(r"(?<![\d./])(\d+)(?:\s+|-)(\d+)/(\d+)(?![\d/])")
_FRACTION = re.compile(r"(?<![\d./])(\d+)/(\d+)(?![\d/])")


def write_sizes(text: str) -> str:
    """Folded text with fractions as decimals and written unit marks as unit words:
    `1-1/2" x 10'` → `1.5 inch  x 10 ft `. Improper "fractions" such as wire's `12/3` are
    not fractions and stay as they are."""
    text = _MIXED.sub(_mixed, text)
    text = _FRACTION.sub(_proper, text)
    for pattern, unit in measures().spelled:
        text = pattern.sub(unit, text)
    return text


def _mixed(match: re.Match[str]) -> str:
    whole, top, bottom = (int(g) for g in match.groups())
    if not 0 < top < bottom:
        return match.group(0)
    return decimal(whole + Fraction(top, bottom))


def _proper(match: re.Match[str]) -> str:
    top, bottom = int(match.group(1)), int(match.group(2))
    if not 0 < top < bottom:
        return match.group(0)
    return decimal(Fraction(top, bottom))


def decimal(value: Fraction | float) -> str:
    """0.75 → "0.75", 2.0 → "2": the form the tokenizer gives a number written in digits."""
    number = float(value)
    return f"{number:g}" if number != int(number) else str(int(number))


def spoken_fractions(tokens: list[str]) -> list[str]:
    """Fractions said in words, once numbers are digits: "3 quarter" → 0.75, "half inch" →
    0.5, "1 and 3 quarters" → 1.75. A part word with no number before it counts one part
    only when a unit follows ("quarter inch"), so "quarter" alone stays a word."""
    table = measures()
    found: list[str] = []
    i = 0
    while i < len(tokens):
        parts = table.fractions.get(tokens[i])
        if parts is None:
            found.append(tokens[i])
            i += 1
            continue
        top = found[-1] if found and found[-1].isdigit() else None
        if top is not None and 0 < int(top) < parts:
            found[-1] = decimal(Fraction(int(top), parts))
            _join_whole(found)
        elif top is None and _next_is_unit(tokens, i + 1):
            if found and found[-1] in ("a", "one"):
                found.pop()
            found.append(decimal(Fraction(1, parts)))
            _join_whole(found)
        else:
            found.append(tokens[i])
        i += 1
    return found


def _join_whole(found: list[str]) -> None:
    """ "1 and 0.75" → "1.75": a whole number said before "and" and a fraction ("one" is
    left a word by the number reader unless a unit follows it)."""
    if len(found) < 3 or found[-2] != "and":
        return
    whole = 1 if found[-3] == "one" else int(found[-3]) if found[-3].isdigit() else None
    if whole is not None:
        fraction = found.pop()
        found.pop()
        found[-1] = decimal(whole + float(fraction))


def _next_is_unit(tokens: list[str], i: int) -> bool:
    return i < len(tokens) and measures().unit(tokens[i], after_number=True) is not None


def measure_terms(words: list[str]) -> list[str]:
    """Each number with its unit as one term (`0.75inch`, `5gal`), and sizes joined by "x"
    as one term per pair (`2x4`, `4x8`), the unit between them skipped."""
    table = measures()
    found: list[str] = []
    last_size: str | None = None
    i = 0
    while i < len(words):
        word = words[i]
        if not _is_number(word):
            if word not in table.joiners:
                last_size = None
            i += 1
            continue
        if last_size is not None and i >= 1 and words[i - 1] in table.joiners:
            found.append(f"{last_size}{DIMENSION}{word}")
        unit = words[i + 1] if i + 1 < len(words) else ""
        if table.unit(unit, after_number=True) == unit:
            found.append(f"{word}{unit}")
            i += 1
        last_size = word
        i += 1
    return found


def _is_number(word: str) -> bool:
    return word[:1].isdigit()
