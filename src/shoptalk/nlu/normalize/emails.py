"""Email addresses spoken or spelled: "ada dot lee at example dot com" → "ada.lee@example.com".

Spoken addresses name their punctuation ("dot", "at", "underscore", "dash") and spell parts
letter by letter ("a d a"); words and letters between two symbols are written together. The
last "at" followed by a dotted domain splits the address, so a local part may contain "at"
inside a word ("matt at …") but not as a word of its own. Email addresses are compared
case-insensitively by the store, so the result is lower case.
"""

import re
from collections.abc import Sequence

from shoptalk.nlu.normalize.numbers import Reading, read_digits, single_digit
from shoptalk.nlu.normalize.text import words_of

SYMBOLS: dict[tuple[str, ...], str] = {
    ("dot",): ".",
    ("period",): ".",
    ("point",): ".",
    ("underscore",): "_",
    ("under", "score"): "_",
    ("dash",): "-",
    ("hyphen",): "-",
    ("minus",): "-",
    ("plus",): "+",
    ("double", "u"): "w",
    ("double", "you"): "w",
}
"""Spoken symbols, and the one letter whose name is two words."""
AT: tuple[tuple[str, ...], ...] = (("at", "the", "rate"), ("at", "sign"), ("at",), ("@",))
CASE_WORDS = frozenset({"capital", "cap", "uppercase", "upper", "lowercase", "lower", "small"})
LEADING: tuple[tuple[str, ...], ...] = (
    ("my", "email", "address", "is"),
    ("my", "email", "is"),
    ("my", "e", "mail", "is"),
    ("email", "address", "is"),
    ("email", "is"),
    ("my", "email"),
    ("email",),
    ("e", "mail"),
    ("it's",),
    ("it", "is"),
    ("its",),
)
NOT_LOCAL = frozenset(
    {"my", "email", "is", "it's", "its", "address", "me", "at", "to", "the", "and", "or"}
    | {"change", "update", "use", "send", "contact", "reach", "please", "i", "i'm", "it"}
)
"""Words that end a spoken local part when reading an address out of a longer sentence."""
MAX_LOCAL_WORDS = 4
MAX_SPOKEN_WORDS = 24
VALID = re.compile(r"^(?!.*\.\.)[a-z0-9](?:[a-z0-9._%+-]*[a-z0-9_])?@(?:[a-z0-9-]+\.)+[a-z]{2,}$")
DOMAIN_SUFFIXES = frozenset({"com", "org", "net", "edu", "gov", "io", "co", "us", "uk", "ca"})


def parse_email(text: str) -> str | None:
    """The address said in `text` ("my email is …" allowed in front), or None."""
    words = words_of(text)
    for lead in LEADING:
        if tuple(words[: len(lead)]) == lead:
            words = words[len(lead) :]
            break
    return email_of(words)


def email_of(words: Sequence[str]) -> str | None:
    """All of `words` as one address, or None."""
    if len(words) == 1 and "@" in words[0]:
        return words[0] if VALID.match(words[0]) else None
    split = _split_at(words)
    if split is None or not _ends_in_suffix(words[split[1] :]):
        return None
    local, domain = _spell(words[: split[0]]), _spell(words[split[1] :])
    address = f"{local}@{domain}" if local and domain else ""
    return address if VALID.match(address) else None


def read_email(words: Sequence[str], start: int) -> Reading[str] | None:
    """An address inside a sentence, starting at `start`: "… ada dot lee at example dot com …"."""
    if start < len(words) and "@" in words[start]:
        found = email_of(words[start : start + 1])
        return Reading(found, start + 1) if found else None
    if start >= len(words) or words[start] in NOT_LOCAL:
        return None
    for end in range(min(len(words), start + MAX_SPOKEN_WORDS), start + 2, -1):
        split = _split_at(words[start:end])
        if split is None or not is_local_part(words[start : start + split[0]]):
            continue
        found = email_of(words[start:end])
        if found is not None:
            return Reading(found, end)
    return None


def _ends_in_suffix(domain: Sequence[str]) -> bool:
    """A spoken domain ends "… dot com": one word after its last dot, or one dotted word."""
    if len(domain) == 1:
        return "." in domain[0]
    return len(domain) >= 3 and domain[-2] in ("dot", "period", "point") and "." not in domain[-1]


def is_local_part(words: Sequence[str]) -> bool:
    """Whether `words` can be a spoken local part inside a sentence: no sentence words, few
    whole words (spelled letters do not count)."""
    whole_words = [w for w in words if len(w) > 1 and not _is_symbol_or_number(w)]
    return not any(w in NOT_LOCAL for w in words) and len(whole_words) <= MAX_LOCAL_WORDS


def _is_symbol_or_number(word: str) -> bool:
    return (word,) in SYMBOLS or single_digit(word) is not None or word.isdigit()


def _split_at(words: Sequence[str]) -> tuple[int, int] | None:
    """Where the last "at" is, and where the domain after it starts."""
    for i in range(len(words) - 1, 0, -1):
        for said in AT:
            if tuple(words[i : i + len(said)]) == said and i + len(said) < len(words):
                return i, i + len(said)
    return None


def _spell(words: Sequence[str]) -> str:
    """Write spoken words as address characters: "a d a underscore lee" → "ada_lee"."""
    out, position = [], 0
    while position < len(words):
        piece = _read_piece(words, position)
        out.append(piece.value)
        position = piece.end
    return "".join(out)


def _read_piece(words: Sequence[str], start: int) -> Reading[str]:
    for said, symbol in SYMBOLS.items():
        if tuple(words[start : start + len(said)]) == said:
            return Reading(symbol, start + len(said))
    word = words[start]
    if word in CASE_WORDS and start + 1 < len(words) and len(words[start + 1]) == 1:
        return Reading(words[start + 1], start + 2)
    if word in ("double", "triple") and start + 1 < len(words) and len(words[start + 1]) == 1:
        return Reading(words[start + 1] * (2 if word == "double" else 3), start + 2)
    if len(word) > 1 and word not in DOMAIN_SUFFIXES:
        digits = read_digits(words, start)
        if digits is not None:
            return digits
    return Reading(word, start + 1)
