"""A heard email address repaired against what the store's addresses are made of.

Whisper hears "darnell dot martin at example dot com" as "darnell.mart and at example.com",
"carlos.diasatexample.com" or "may.write at example.com": the "at" merges into a word, the
"dot" goes missing, and names it has never seen come out as words that sound like them. When
the answer ends in one of the store's email domains, its local part is rebuilt: each piece is
matched by sound (`SoundMatcher`) against the pieces of the store's addresses ("raise" →
"reyes"), and two known names said without the separator between them are joined with the one
the store's addresses use most. Only pieces are used, never whole addresses, so a repair
cannot turn a near guess into somebody's account; what is not clearly a known piece is kept as
heard.
"""

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from shoptalk.speech.sounds import SoundMatcher

SYMBOL_WORDS = {"dot": ".", "period": ".", "point": ".", "underscore": "_", "dash": "-"}
SEPARATORS = re.compile(r"([._-])")
AT_WORDS = frozenset({"at", "@", "and", "et", "add"})
"""What Whisper writes for a spoken "at" between the name and the domain."""
GLUED_AT = ("@", "at", "et", ".")
"""Endings of a word run into the domain that stand for its "at": "diasat|example.com",
"tenaka.|example.com" (Whisper wrote no "at" at all)."""
GLUED_AT_AFTER_NAME = "ed"
"""Whisper also writes the "at" run into a name as "ed" ("darnell.martined|example.com"). Names
end in "ed" too ("fred"), so it stands for "at" only where it follows what sounds like one of
the store's pieces and the word with it sounds like none."""
LEAD_WORDS = frozenset({"is", "it's", "its", "email", "e-mail", "address", "mail"})
"""The last of these ends the words before the address ("my email is …")."""
FILLERS = frozenset({"and", "an", "in"})
MAX_LOCAL_WORDS = 6
LOCAL = re.compile(r"^[a-z0-9](?:[a-z0-9._+-]*[a-z0-9])?$")


@dataclass
class EmailWords:
    """The pieces the store's email addresses are made of, their domains, and the separator
    most used between two pieces."""

    pieces: frozenset[str]
    domains: frozenset[str]
    separator: str = "."

    @classmethod
    def of(cls, addresses: Iterable[str]) -> "EmailWords":
        pieces: set[str] = set()
        domains: set[str] = set()
        separators: Counter[str] = Counter()
        for address in addresses:
            local, _, domain = address.lower().partition("@")
            if not domain:
                continue
            domains.add(domain)
            pieces.update(p for p in _pieces(local) if p.isalpha())
            separators.update(SEPARATORS.findall(local))
        separator = separators.most_common(1)[0][0] if separators else "."
        return cls(frozenset(pieces), frozenset(domains), separator)

    @cached_property
    def sounds(self) -> SoundMatcher:
        return SoundMatcher(self.pieces)


def repair_email(text: str, words: EmailWords) -> str:
    """`text` with the address it ends in rebuilt from the store's pieces; unchanged when it
    names none of the store's domains or no "at" stands before it."""
    tokens = text.split()
    found = _domain_at(tokens, words.domains)
    if found is None:
        return text
    index, head, domain, tail = found
    before = [*tokens[:index], head] if head else tokens[:index]
    separated = _without_at(before, words)
    if separated is None:
        return text
    start = _local_start(separated)
    local = _local_part(separated[start:], words)
    if local is None:
        return text
    return " ".join([*separated[:start], f"{local}@{domain}{tail}"])


def of_store_pieces(text: str, words: EmailWords) -> bool:
    """The address `text` ends in, once repaired, is made only of the store's pieces: a
    hypothesis that hears "diego dot reyes" beats one that hears "deego dot raise"."""
    repaired = repair_email(text, words).split()
    local, _, domain = _bare(repaired[-1]).partition("@") if repaired else ("", "", "")
    pieces = _pieces(local)
    known = bool(pieces) and all(piece in words.pieces for piece in pieces)
    return known and domain in words.domains


def _pieces(local: str) -> list[str]:
    """The words a local part is made of, between its separators and digits."""
    return [piece for piece in re.split(r"[._+-]|\d+", local) if piece]


def _domain_at(tokens: Sequence[str], domains: frozenset[str]) -> tuple[int, str, str, str] | None:
    """The last store domain said: (index of its first token, what is glued before it, the
    domain, punctuation after it). Written ("example.com", "…atexample.com") or said as words
    ("example dot com")."""
    for index in range(len(tokens) - 1, -1, -1):
        bare = _bare(tokens[index])
        for cut in range(len(bare)):
            if bare[cut:] in domains:
                return index, bare[:cut], bare[cut:], _punctuation(tokens[index])
        said = _said_domain(tokens, index, domains)
        if said is not None:
            domain, end = said
            return index, "", domain, _punctuation(tokens[end - 1])
    return None


def _said_domain(
    tokens: Sequence[str], start: int, domains: frozenset[str]
) -> tuple[str, int] | None:
    """The longest store domain said as "label dot label …" from `start`, and where it ends."""
    found, labels, end = None, [_bare(tokens[start])], start + 1
    while end + 1 < len(tokens) and _bare(tokens[end]) == "dot":
        labels.append(_bare(tokens[end + 1]))
        end += 2
        if ".".join(labels) in domains:
            found = (".".join(labels), end)
    return found


def _without_at(before: list[str], store: EmailWords) -> list[str] | None:
    """The words before the domain without the "at" that ends them; None when there is none."""
    if not before:
        return None
    last = _bare(before[-1])
    if last in AT_WORDS:
        return before[:-1] or None
    glued_into = before[-1].lower().rstrip(",!?;:")
    for glued in GLUED_AT:
        if glued_into.endswith(glued) and len(glued_into) > len(glued) + 2:
            return [*before[:-1], glued_into[: -len(glued)]]
    stem = glued_into.removesuffix(GLUED_AT_AFTER_NAME)
    if stem == glued_into or not _ends_like_piece(stem, store):
        return None
    return None if _ends_like_piece(glued_into, store) else [*before[:-1], stem]


def _ends_like_piece(word: str, store: EmailWords) -> bool:
    pieces = _pieces(word)
    return bool(pieces) and store.sounds.closest(pieces[-1]) is not None


def _local_start(words: Sequence[str]) -> int:
    """Where the address starts: after the last lead word, within `MAX_LOCAL_WORDS`."""
    leads = [i + 1 for i, word in enumerate(words) if _bare(word) in LEAD_WORDS]
    start = leads[-1] if leads else 0
    return max(start, len(words) - MAX_LOCAL_WORDS)


def _local_part(words: Sequence[str], store: EmailWords) -> str | None:
    split = [part for word in words for part in _dot_inside(_bare(word), store)]
    said = " ".join(SYMBOL_WORDS.get(word, word) for word in split)
    pieces = [p.strip() for p in SEPARATORS.split(said.replace(" . ", "."))]
    local = "".join(
        piece if SEPARATORS.fullmatch(piece) else _piece(piece.split(), store) for piece in pieces
    )
    return local if LOCAL.match(local) else None


def _piece(words: list[str], store: EmailWords) -> str:
    """One piece of the local part, said as one or more words."""
    known = [store.sounds.closest(word) for word in words]
    if len(words) > 1 and all(name in store.pieces for name in known):
        return store.separator.join(name for name in known if name)
    if len(words) > 1 and words[-1] in FILLERS:
        joined = "".join(words)
        return store.sounds.closest(joined) or store.sounds.closest("".join(words[:-1])) or joined
    return "".join(name or word for name, word in zip(known, words, strict=True))


def _dot_inside(word: str, store: EmailWords) -> list[str]:
    """A word with a spoken "dot" run into it, split: after a known piece ("victordotsilva")
    or before one ("diego dotrays")."""
    first, dot, rest = word.partition("dot")
    if not (dot and rest) or not store.sounds.closest(first or rest):
        return [word]
    return [piece for piece in (first, "dot", rest) if piece]


def _bare(token: str) -> str:
    return token.strip(",!?;:\"'").rstrip(".").lower()


def _punctuation(token: str) -> str:
    return token[len(token.rstrip(".,!?;:")) :]
