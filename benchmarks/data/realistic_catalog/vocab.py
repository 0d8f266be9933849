"""The generator's vocabulary, read from vocab/*.yaml and checked once.

Every word the catalog and the queries use comes from these files: product types with their
attributes and title templates (vocab/types/), brands, units, shared value sets (finishes,
colours, ...), misspellings and query settings. A mistake in them (a related type that does
not exist, a template slot with no attribute) is a `VocabError` naming the file and the entry.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from forms import (
    NumberWords,
    canonical,
    parse_number,
    said_numbers,
    say_text,
    title_number,
    typed_numbers,
)

VOCAB = Path(__file__).resolve().parent / "vocab"
SLOT = re.compile(r"\{(\w+)\}")
FIXED_SLOTS = ("brand", "name")


class VocabError(Exception):
    """A vocabulary file that cannot be used, with where the problem is."""


@dataclass(frozen=True)
class Value:
    """One value of an attribute: its grading key and how it is written and said."""

    key: str
    titles: tuple[str, ...]
    """How titles write it; "" means titles leave it out."""
    typed: tuple[str, ...]
    said: tuple[str, ...]
    family: str | None = None


@dataclass(frozen=True)
class Attribute:
    name: str
    values: tuple[Value, ...]
    measure: bool
    """A size, count or amount (units queries draw on these)."""
    askable: bool
    domain: str | None = None

    def value(self, key: str) -> Value:
        for value in self.values:
            if value.key == key:
                return value
        raise KeyError(key)


@dataclass(frozen=True)
class Profile:
    """A coherent family of products within a type (cordless vs corded drills): which values
    each attribute may take; an empty tuple means the attribute is absent."""

    weight: float
    pools: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Need:
    """A query written by hand (a "for" clause or a vague need) and what answers it."""

    query: str
    types: tuple[str, ...]
    attrs: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class ProductType:
    name: str
    department: str
    cls: str
    weight: float
    price: tuple[float, float]
    names: tuple[str, ...]
    ask: tuple[str, ...]
    ask_attrs: Mapping[str, Mapping[str, tuple[str, ...]]]
    """What a name implies: "cordless drill" asks for `power: Cordless`."""
    related: tuple[str, ...]
    attributes: Mapping[str, Attribute]
    variant: str | None
    profiles: tuple[Profile, ...]
    titles: tuple[str, ...]
    desc: tuple[str, ...]
    uses: tuple[Need, ...]
    model_share: float


@dataclass(frozen=True)
class Brand:
    name: str
    departments: tuple[str, ...]
    tier: str
    model: str
    typed: tuple[str, ...]


@dataclass(frozen=True)
class Unit:
    title: tuple[str, ...]
    query: tuple[str, ...]
    spoken: tuple[str, ...]
    fractions: bool
    plural: tuple[str, ...] = ()
    spoken_plural: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocab:
    types: tuple[ProductType, ...]
    classes: Mapping[str, tuple[str, ...]]
    """Class → how shoppers name the whole class ("pipe fittings")."""
    related_classes: frozenset[str]
    """Classes whose types stand in for one another (a tee for an elbow)."""
    brands: tuple[Brand, ...]
    domains: Mapping[str, Mapping[str, Value]]
    numbers: NumberWords
    misspellings: Mapping[str, tuple[str, ...]]
    keyboard: Mapping[str, str]
    queries: Mapping[str, Any]
    vague: tuple[Need, ...]
    type_by_name: Mapping[str, ProductType] = field(default_factory=dict)


def _read(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError) as error:
        raise VocabError(f"{path.name}: cannot read: {error}") from error


def _strings(raw: Any) -> tuple[str, ...]:
    if raw is None:
        return ()
    return tuple(str(item) for item in (raw if isinstance(raw, list) else [raw]))


def _numbers(raw: Mapping[str, Any]) -> NumberWords:
    return NumberWords(
        ones=_strings(raw["ones"]),
        tens=_strings(raw["tens"]),
        hundred=str(raw["hundred"]),
        thousand=str(raw["thousand"]),
        point=str(raw["point"]),
        fractions={str(k): (str(v[0]), str(v[1])) for k, v in raw["fractions"].items()},
        joiner=str(raw["mixed_joiner"]),
        symbols={str(k): str(v) for k, v in raw["symbols"].items()},
    )


def _units(raw: Mapping[str, Any]) -> dict[str, Unit]:
    return {
        str(name): Unit(
            title=_strings(spec["title"]),
            query=_strings(spec["query"]),
            spoken=_strings(spec["spoken"]),
            fractions=bool(spec.get("fractions", False)),
            plural=_strings(spec.get("plural")),
            spoken_plural=_strings(spec.get("spoken_plural")),
        )
        for name, spec in raw.items()
    }


def _enum_value(raw: Any, words: NumberWords) -> Value:
    """`Star` or `{v: Star, t: Star Drive, q: [star drive, torx], s: [...], family: ...}`."""
    spec = raw if isinstance(raw, dict) else {"v": raw}
    key = str(spec["v"])
    titles = _strings(spec["t"]) if "t" in spec else (key,)
    typed = _strings(spec["q"]) if "q" in spec else tuple(t.lower() for t in titles if t)
    said = _strings(spec["s"]) if "s" in spec else tuple(say_text(t, words) for t in typed)
    family = str(spec["family"]) if spec.get("family") else None
    return Value(key=key, titles=titles, typed=typed, said=said, family=family)


def _unit_value(raw: Any, unit_name: str, unit: Unit, words: NumberWords) -> Value:
    number = parse_number(raw)
    title_n = title_number(number, fractions=unit.fractions)
    typed_ns = typed_numbers(number, fractions=unit.fractions)
    many = number != 1
    typed_forms = (*unit.query, *(unit.plural if many else ()))
    said_forms = (*unit.spoken, *(unit.spoken_plural if many else ()))
    return Value(
        key=f"{canonical(number)} {unit_name}",
        titles=tuple(form.format(n=title_n) for form in unit.title),
        typed=tuple(form.format(n=n) for form in typed_forms for n in typed_ns),
        said=tuple(form.format(w=w) for form in said_forms for w in said_numbers(number, words)),
    )


def _domains(raw: Mapping[str, Any], words: NumberWords) -> dict[str, dict[str, Value]]:
    return {
        str(domain): {
            str(key): _enum_value({"v": key, **(spec or {})}, words) for key, spec in values.items()
        }
        for domain, values in raw.items()
    }


@dataclass(frozen=True)
class _Context:
    where: str
    units: Mapping[str, Unit]
    domains: Mapping[str, Mapping[str, Value]]
    words: NumberWords


def _attribute(name: str, raw: Any, ctx: _Context) -> Attribute:
    spec = raw if isinstance(raw, dict) else {"values": raw}
    askable = bool(spec.get("ask", True))
    if "unit" in spec:
        unit_name = str(spec["unit"])
        if unit_name not in ctx.units:
            raise VocabError(f"{ctx.where}: attribute {name!r}: unknown unit {unit_name!r}")
        unit = ctx.units[unit_name]
        values = tuple(_unit_value(v, unit_name, unit, ctx.words) for v in spec["values"])
        return Attribute(name, values, measure=True, askable=askable)
    domain = str(spec["domain"]) if "domain" in spec else None
    if domain is not None:
        known = ctx.domains.get(domain)
        if known is None:
            raise VocabError(f"{ctx.where}: attribute {name!r}: unknown value set {domain!r}")
        missing = [str(v) for v in spec["values"] if str(v) not in known]
        if missing:
            raise VocabError(f"{ctx.where}: {name!r}: {missing[0]!r} is not in {domain!r}")
        values = tuple(known[str(v)] for v in spec["values"])
    else:
        values = tuple(_enum_value(v, ctx.words) for v in spec["values"])
    measure = bool(spec.get("measure", False))
    return Attribute(name, values, measure=measure, askable=askable, domain=domain)


def _keys(attribute: Attribute, raw: Any, where: str) -> tuple[str, ...]:
    """Attribute values named in a profile or a need, as grading keys ("2.5 in" for 2.5)."""
    keys = {value.key for value in attribute.values}
    out: list[str] = []
    for item in _strings(raw):
        key = item
        if key not in keys and attribute.measure and attribute.domain is None:
            unit = next(iter(keys)).split(" ", 1)[1] if keys else ""
            try:
                key = f"{canonical(parse_number(item))} {unit}"
            except (ValueError, ZeroDivisionError):
                key = item
        if key not in keys:
            raise VocabError(f"{where}: {attribute.name!r} has no value {item!r}")
        out.append(key)
    return tuple(out)


def _need(raw: Mapping[str, Any], default_type: str | None, where: str) -> Need:
    types = _strings(raw.get("types")) or ((default_type,) if default_type else ())
    attrs = {str(k): _strings(v) for k, v in (raw.get("attrs") or {}).items()}
    if not types:
        raise VocabError(f"{where}: {raw.get('q')!r} names no product type")
    return Need(query=str(raw["q"]), types=types, attrs=attrs)


def _product_type(raw: Mapping[str, Any], department: str, ctx: _Context) -> ProductType:
    name = str(raw["type"])
    where = f"{ctx.where}: {name}"
    inner = _Context(where, ctx.units, ctx.domains, ctx.words)
    attributes = {str(k): _attribute(str(k), v, inner) for k, v in raw["attrs"].items()}
    profiles = tuple(
        Profile(
            weight=float(p.get("weight", 1)),
            pools={
                str(a): _keys(_attr(attributes, str(a), where), vals, where)
                for a, vals in p["attrs"].items()
            },
        )
        for p in raw.get("profiles", [])
    ) or (Profile(weight=1.0, pools={}),)
    titles = _strings(raw["titles"])
    for template in titles:
        for slot in SLOT.findall(template):
            if slot not in attributes and slot not in FIXED_SLOTS:
                raise VocabError(f"{where}: title slot {{{slot}}} is not an attribute")
    asks = [a if isinstance(a, dict) else {"q": a} for a in raw["ask"]]
    ask_attrs = {
        str(a["q"]): {
            str(k): _keys(_attr(attributes, str(k), where), v, where)
            for k, v in a.get("attrs", {}).items()
        }
        for a in asks
    }
    variant = str(raw["variant"]) if raw.get("variant") else None
    if variant is not None:
        _attr(attributes, variant, where)
    lo, hi = raw["price"]
    return ProductType(
        name=name,
        department=department,
        cls=str(raw["class"]),
        weight=float(raw.get("weight", 1)),
        price=(float(lo), float(hi)),
        names=_strings(raw["names"]),
        ask=tuple(str(a["q"]) for a in asks),
        ask_attrs=ask_attrs,
        related=_strings(raw.get("related")),
        attributes=attributes,
        variant=variant,
        profiles=profiles,
        titles=titles,
        desc=_strings(raw.get("desc")),
        uses=tuple(_need(u, name, where) for u in raw.get("uses", [])),
        model_share=float(raw.get("model_share", 0.25)),
    )


def _attr(attributes: Mapping[str, Attribute], name: str, where: str) -> Attribute:
    if name not in attributes:
        raise VocabError(f"{where}: no attribute {name!r}")
    return attributes[name]


def _check_needs(needs: list[Need], by_name: Mapping[str, ProductType], where: str) -> list[Need]:
    """Needs with attribute values turned into grading keys; every type and value must exist."""
    checked: list[Need] = []
    for need in needs:
        for type_name in need.types:
            if type_name not in by_name:
                raise VocabError(f"{where}: {need.query!r}: unknown type {type_name!r}")
        attrs: dict[str, tuple[str, ...]] = {}
        for attr, raw in need.attrs.items():
            owners = [
                by_name[t].attributes[attr] for t in need.types if attr in by_name[t].attributes
            ]
            if not owners:
                raise VocabError(f"{where}: {need.query!r}: no type has attribute {attr!r}")
            attrs[attr] = _keys(owners[0], list(raw), f"{where}: {need.query!r}")
        checked.append(Need(need.query, need.types, attrs))
    return checked


def load(folder: Path = VOCAB) -> Vocab:
    words = _numbers(_read(folder / "numbers.yaml"))
    units = _units(_read(folder / "units.yaml"))
    domains = _domains(_read(folder / "values.yaml"), words)
    types: list[ProductType] = []
    classes: dict[str, tuple[str, ...]] = {}
    related_classes: set[str] = set()
    for path in sorted((folder / "types").glob("*.yaml")):
        raw = _read(path)
        department = str(raw["department"])
        ctx = _Context(path.name, units, domains, words)
        types.extend(_product_type(t, department, ctx) for t in raw["types"])
        classes.update({str(k): _strings(v) for k, v in (raw.get("classes") or {}).items()})
        related_classes.update(_strings(raw.get("related_classes")))
    by_name = {t.name: t for t in types}
    if len(by_name) != len(types):
        raise VocabError("types: two product types share a name")
    types = [_checked_type(t, by_name) for t in types]
    by_name = {t.name: t for t in types}
    unknown_classes = (set(classes) | related_classes) - {t.cls for t in types}
    if unknown_classes:
        raise VocabError(f"types: class {sorted(unknown_classes)[0]!r} has no product type")
    queries = _read(folder / "queries.yaml")
    vague = [_need(v, None, "queries.yaml") for v in queries["vague"]]
    return Vocab(
        types=tuple(types),
        classes=classes,
        related_classes=frozenset(related_classes),
        brands=tuple(_brand(b) for b in _read(folder / "brands.yaml")),
        domains=domains,
        numbers=words,
        misspellings={str(k): _strings(v) for k, v in _read(folder / "misspellings.yaml").items()},
        keyboard={str(k): str(v) for k, v in _read(folder / "keyboard.yaml").items()},
        queries=queries,
        vague=tuple(_check_needs(vague, by_name, "queries.yaml")),
        type_by_name=by_name,
    )


def _checked_type(product_type: ProductType, by_name: Mapping[str, ProductType]) -> ProductType:
    where = f"{product_type.department}: {product_type.name}"
    for related in product_type.related:
        if related not in by_name:
            raise VocabError(f"{where}: related type {related!r} does not exist")
    uses = _check_needs(list(product_type.uses), by_name, where)
    return replace(product_type, uses=tuple(uses))


def _brand(raw: Mapping[str, Any]) -> Brand:
    name = str(raw["name"])
    return Brand(
        name=name,
        departments=_strings(raw["depts"]),
        tier=str(raw["tier"]),
        model=str(raw["model"]),
        typed=(name.lower(), *_strings(raw.get("q"))),
    )
