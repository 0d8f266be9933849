"""Letters as people say them when spelling: "double u", "bee", "zed"."""

from collections.abc import Sequence

from shoptalk.nlu.normalize.numbers import Reading

LETTER_NAMES: dict[str, tuple[tuple[str, ...], ...]] = {
    "a": (("ay",), ("eh",)),
    "b": (("bee",), ("be",)),
    "c": (("see",), ("sea",), ("cee",)),
    "d": (("dee",),),
    "e": (("ee",),),
    "f": (("ef",), ("eff",)),
    "g": (("gee",), ("jee",)),
    "h": (("aitch",), ("haitch",)),
    "i": (("eye",),),
    "j": (("jay",),),
    "k": (("kay",),),
    "l": (("el",), ("ell",)),
    "m": (("em",),),
    "n": (("en",),),
    "o": (("oh",),),
    "p": (("pee",),),
    "q": (("cue",), ("queue",)),
    "r": (("ar",), ("are",)),
    "s": (("es",), ("ess",)),
    "t": (("tee",), ("tea",)),
    "u": (("you",),),
    "v": (("vee",),),
    "w": (("double", "u"), ("double", "you"), ("dub",), ("dubya",), ("doubleu",)),
    "x": (("ex",),),
    "y": (("why",), ("wye",)),
    "z": (("zee",), ("zed",)),
}
"""Besides the letter itself: how each letter is said. Only used where a letter is expected
(an order id's prefix, a state code), since most of these are ordinary words too."""


def read_letter(words: Sequence[str], start: int, letter: str) -> Reading[str] | None:
    """`letter` (a-z) said at `start`, as itself or by its name."""
    if start < len(words) and words[start] == letter:
        return Reading(letter, start + 1)
    for said in LETTER_NAMES.get(letter, ()):
        if tuple(words[start : start + len(said)]) == said:
            return Reading(letter, start + len(said))
    return None
