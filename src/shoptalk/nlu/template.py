"""A small template language for training sentences, after hassil:

    "(i'll take|give me) [a] {quantity} {product} [please]"

`(a|b)` picks one, `[a]` may be left out, `{slot}` is filled from the store and tagged. A
template is parsed once into a tree and sampled many times with a seeded random generator.
"""

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Words:
    text: str


@dataclass(frozen=True)
class Slot:
    name: str


@dataclass(frozen=True)
class Sequence:
    parts: tuple["Node", ...]


@dataclass(frozen=True)
class Choice:
    options: tuple["Node", ...]


@dataclass(frozen=True)
class Optional:
    inner: "Node"


Node = Words | Slot | Sequence | Choice | Optional
Piece = tuple[str, str | None]
"""Rendered text and the slot it fills (None for plain words)."""

CLOSING = {"(": ")", "[": "]"}


class TemplateError(ValueError):
    """A template that cannot be parsed; the message quotes it."""


def parse_template(text: str) -> Node:
    node, end = _parse_sequence(text, 0, closing=None)
    if end != len(text):
        raise TemplateError(f"unbalanced brackets in template {text!r}")
    return node


def _parse_sequence(text: str, start: int, closing: str | None) -> tuple[Node, int]:
    """Parse alternatives separated by `|` until `closing`; returns the node and where it ended."""
    options: list[Node] = []
    parts: list[Node] = []
    position = start
    while position < len(text) and text[position] != closing:
        char = text[position]
        if char == "|":
            options.append(Sequence(tuple(parts)))
            parts, position = [], position + 1
        elif char in CLOSING:
            inner, position = _parse_sequence(text, position + 1, CLOSING[char])
            if position >= len(text):
                raise TemplateError(f"unclosed {char!r} in template {text!r}")
            parts.append(inner if char == "(" else Optional(inner))
            position += 1
        elif char in ")]}":
            raise TemplateError(f"unexpected {char!r} in template {text!r}")
        elif char == "{":
            end = text.find("}", position)
            if end < 0:
                raise TemplateError(f"unclosed '{{' in template {text!r}")
            parts.append(Slot(text[position + 1 : end].strip()))
            position = end + 1
        else:
            end = _next_special(text, position)
            parts.append(Words(text[position:end]))
            position = end
    options.append(Sequence(tuple(parts)))
    return (options[0] if len(options) == 1 else Choice(tuple(options))), position


def _next_special(text: str, position: int) -> int:
    while position < len(text) and text[position] not in "()[]{}|":
        position += 1
    return position


def slots_of(node: Node) -> set[str]:
    """Every slot a template can fill."""
    match node:
        case Slot(name):
            return {name}
        case Sequence(parts) | Choice(parts):
            return set().union(*(slots_of(p) for p in parts)) if parts else set()
        case Optional(inner):
            return slots_of(inner)
    return set()


def sample(node: Node, rng: random.Random, optional_rate: float = 0.5) -> list[Piece]:
    """One random expansion: the pieces of text, each with the slot it fills or None."""
    match node:
        case Words(text):
            return [(text, None)]
        case Slot(name):
            return [("", name)]
        case Sequence(parts):
            return [piece for part in parts for piece in sample(part, rng, optional_rate)]
        case Choice(options):
            return sample(rng.choice(options), rng, optional_rate)
        case Optional(inner):
            return sample(inner, rng, optional_rate) if rng.random() < optional_rate else []
    raise TemplateError(f"unknown template node {node!r}")
