"""US postal addresses from speech: "one two three main street apartment four austin texas
seven eight seven oh one" → 123 Main St / Apt 4 / Austin / TX / 78701.

Commas do not survive speech, so the parts are found by their shape, from both ends: zip code
(five digits, read in any chunks) and state (a name or a code) at the end; house number,
street name and its suffix (street, avenue, …), then the unit (apartment, suite, …) at the
start; what lies between is the city. Street suffixes, directions and units are written the
USPS way ("St", "N", "Apt"), numbered streets as "5th".
"""

from collections.abc import Sequence

from shoptalk.nlu.normalize.numbers import TENS, Reading, read_digits
from shoptalk.nlu.normalize.ordinals import ordinal_word
from shoptalk.nlu.normalize.text import words_of
from shoptalk.nlu.normalize.us_states import EXTRA_NAMES, STATES
from shoptalk.nlu.understanding import SpokenAddress

SUFFIXES = {
    "street": "St",
    "st": "St",
    "avenue": "Ave",
    "ave": "Ave",
    "road": "Rd",
    "rd": "Rd",
    "drive": "Dr",
    "dr": "Dr",
    "lane": "Ln",
    "ln": "Ln",
    "boulevard": "Blvd",
    "blvd": "Blvd",
    "court": "Ct",
    "ct": "Ct",
    "place": "Pl",
    "pl": "Pl",
    "way": "Way",
    "terrace": "Ter",
    "circle": "Cir",
    "parkway": "Pkwy",
    "pkwy": "Pkwy",
    "highway": "Hwy",
    "hwy": "Hwy",
    "square": "Sq",
    "trail": "Trl",
    "alley": "Aly",
    "plaza": "Plz",
    "loop": "Loop",
    "row": "Row",
    "pike": "Pike",
    "crescent": "Cres",
}
WHOLE_STREETS = {"broadway": "Broadway"}
"""Street names that carry no suffix."""
DIRECTIONS = {
    "north": "N",
    "south": "S",
    "east": "E",
    "west": "W",
    "northeast": "NE",
    "northwest": "NW",
    "southeast": "SE",
    "southwest": "SW",
}
UNITS = {
    "apartment": "Apt",
    "apt": "Apt",
    "suite": "Suite",
    "ste": "Suite",
    "unit": "Unit",
    "floor": "Fl",
    "building": "Bldg",
    "room": "Rm",
    "number": "#",
}
COUNTRIES: dict[tuple[str, ...], str] = {
    ("united", "states", "of", "america"): "USA",
    ("united", "states"): "USA",
    ("usa",): "USA",
    ("u", "s", "a"): "USA",
    ("us",): "USA",
    ("u", "s"): "USA",
    ("america",): "USA",
    ("canada",): "Canada",
    ("mexico",): "Mexico",
}
"""Said at the end of an address; anywhere but the US is kept, for the store to refuse."""
LEADING: tuple[tuple[str, ...], ...] = (
    ("my", "new", "address", "is"),
    ("my", "address", "is"),
    ("the", "address", "is"),
    ("new", "address", "is"),
    ("address", "is"),
    ("ship", "it", "to"),
    ("send", "it", "to"),
    ("change", "it", "to"),
    ("it's",),
    ("to",),
)
ZIP_CUES: tuple[tuple[str, ...], ...] = (
    ("zip", "code", "is"),
    ("zip", "code"),
    ("zip", "is"),
    ("zip",),
    ("postal", "code"),
    ("zipcode",),
)
_OFFICIAL_NAMES = {name: code for code, name in STATES.items()}
_STATE_NAMES = _OFFICIAL_NAMES | EXTRA_NAMES


def parse_zip(text: str) -> str | None:
    """A zip code: "seven eight seven oh one" → "78701", "zip code 78701-1234" → "78701"."""
    return zip_of(_after_cue(words_of(text), ZIP_CUES))


def zip_of(words: Sequence[str]) -> str | None:
    """All of `words` as a five-digit zip code (a ZIP+4 tail is dropped), or None."""
    digits = read_digits(words, 0)
    if digits is None or len(digits.value) != 5:
        return None
    rest = words[digits.end :]
    if not rest:
        return digits.value
    plus_four = read_digits(rest, 1) if rest[0] in ("to", "dash") else None
    whole = plus_four is not None and plus_four.end == len(rest) and len(plus_four.value) == 4
    return digits.value if whole else None


def parse_state(text: str) -> str | None:
    """A state code: "texas" → "TX", "tx" → "TX", "t x" → "TX", "new york" → "NY"."""
    return state_of(words_of(text))


def state_of(words: Sequence[str], *, other_names: bool = True) -> str | None:
    """`words` as a state: its name, its code, or (`other_names`) a usual other name."""
    joined = " ".join(words)
    names = _STATE_NAMES if other_names else _OFFICIAL_NAMES
    if joined in names:
        return names[joined]
    code = joined.replace(" ", "").upper() if all(len(w) <= 2 for w in words) else ""
    return code if len(code) == 2 and code in STATES else None


def parse_address(text: str) -> SpokenAddress | None:
    """The parts of a US address said in `text`; None when no part was recognised."""
    words = list(_after_cue(words_of(text), LEADING))
    country = _take_country(words)
    zip_code = _take_zip(words)
    state = _take_state(words)
    address1, address2, rest = _street(words)
    city = _title(rest) or None
    parts = (address1, address2, city, state, zip_code, country)
    if not any(parts):
        return None
    return SpokenAddress(
        address1=address1, address2=address2, city=city, state=state, zip=zip_code, country=country
    )


def _after_cue(words: Sequence[str], cues: Sequence[tuple[str, ...]]) -> Sequence[str]:
    for cue in cues:
        if tuple(words[: len(cue)]) == cue:
            return words[len(cue) :]
    return words


def _take_country(words: list[str]) -> str | None:
    for country, name in COUNTRIES.items():
        if len(words) > len(country) and tuple(words[-len(country) :]) == country:
            del words[-len(country) :]
            return name
    return None


def _take_zip(words: list[str]) -> str | None:
    for start in range(len(words) - 1, max(-1, len(words) - 12), -1):
        found = zip_of(words[start:])
        if found is not None and (start == 0 or read_digits(words, start - 1) is None):
            del words[start:]
            for cue in ZIP_CUES:
                if tuple(words[-len(cue) :]) == cue:
                    del words[-len(cue) :]
            return found
    return None


def _take_state(words: list[str]) -> str | None:
    for size in (4, 3, 2, 1):
        if len(words) > size:
            state = state_of(words[-size:], other_names=False)
            if state is not None:
                del words[-size:]
                return state
    return None


def _street(words: Sequence[str]) -> tuple[str | None, str | None, Sequence[str]]:
    """(address1, address2, the words left for the city)."""
    house = _house_number(words)
    position = house.end if house else 0
    end = _street_end(words, position)
    if end is None:
        unit_at = next((i for i in range(position, len(words)) if words[i] in UNITS), len(words))
        if house is None:
            unit = _unit(words, 0)
            return None, unit.value if unit else None, _city_words(words[unit.end if unit else 0 :])
        end = unit_at
    name = _street_name(words[position:end])
    address1 = " ".join(part for part in (house.value if house else "", name) if part) or None
    unit = _unit(words, end)
    return address1, unit.value if unit else None, _city_words(words[unit.end if unit else end :])


def _city_words(words: Sequence[str]) -> Sequence[str]:
    """What is left for the city, without the "in" of "... apartment 2 in Charlotte"."""
    return words[1:] if len(words) > 1 and words[0] == "in" else words


def canonical_address_part(text: str) -> str:
    """An address line in the USPS spelling, to compare lines said either way: "9 Walnut
    Street Apartment 2" and "9 Walnut St Apt 2" are the same."""
    spellings = SUFFIXES | DIRECTIONS | UNITS
    return " ".join(spellings.get(word, word) for word in words_of(text)).lower()


def _house_number(words: Sequence[str]) -> Reading[str] | None:
    """Digits read in chunks, leaving a "twenty" before "third" to the street name."""
    digits = read_digits(words, 0)
    if digits is None:
        return None
    before_ordinal = digits.end < len(words) and ordinal_word(words[digits.end]) is not None
    if before_ordinal and words[digits.end - 1] in TENS:
        return read_digits(words[: digits.end - 1], 0)
    return digits


def _street_end(words: Sequence[str], start: int) -> int | None:
    """The position after the street suffix (or a suffixless street), if there is one."""
    for i in range(start, len(words)):
        if words[i] in WHOLE_STREETS:
            return i + 1
        if words[i] in SUFFIXES and i > start:
            return i + 1
    return None


def _street_name(words: Sequence[str]) -> str:
    out: list[str] = []
    position = 0
    while position < len(words):
        word = words[position]
        numbered = _numbered_street(words, position)
        if numbered is not None:
            out.append(numbered.value)
            position = numbered.end
            continue
        if position == len(words) - 1 and word in SUFFIXES:
            out.append(SUFFIXES[word])
        elif position == 0 and word in DIRECTIONS and len(words) > 2:
            out.append(DIRECTIONS[word])
        else:
            out.append(WHOLE_STREETS.get(word) or word.capitalize())
        position += 1
    return " ".join(out)


def _numbered_street(words: Sequence[str], start: int) -> Reading[str] | None:
    """A numbered street: "fifth" → "5th", "twenty third" → "23rd", "2nd" → "2nd"."""
    word = words[start]
    if word in TENS and start + 1 < len(words):
        unit = ordinal_word(words[start + 1])
        if unit is not None and unit < 10:
            return Reading(ordinal_suffixed(TENS[word] + unit), start + 2)
    value = ordinal_word(word)
    return Reading(ordinal_suffixed(value), start + 1) if value else None


def ordinal_suffixed(value: int) -> str:
    """3 → "3rd", 11 → "11th", 22 → "22nd"."""
    suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


def _unit(words: Sequence[str], start: int) -> Reading[str] | None:
    """A unit: "apartment four b" → "Apt 4B", "suite two hundred" → "Suite 200"."""
    if start >= len(words) or words[start] not in UNITS:
        return None
    label, position = UNITS[words[start]], start + 1
    digits = read_digits(words, position)
    ident = digits.value if digits else ""
    position = digits.end if digits else position
    if position < len(words) and len(words[position]) == 1 and words[position].isalpha():
        ident, position = ident + words[position].upper(), position + 1
    return Reading(f"{label} {ident}", position) if ident else None


def _title(words: Sequence[str]) -> str:
    return " ".join(word.capitalize() for word in words)
