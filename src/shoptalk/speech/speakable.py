"""Text for the ear: what a reply says, written the way it should be spoken.

A synthesizer reads "$59.99" as "dollar fifty-nine point nine nine" and "#W1001" as "W one
thousand and one"; a shopper needs "fifty-nine dollars and ninety-nine cents" and "W one zero
zero one", because an order id is read back to be checked character by character. Rules are
regular expressions applied in order, most specific first (an email before its dots, a price
before its number), each turning one kind of written token into words. The words → numbers
direction lives in `nlu.normalize`; this is the numbers → words direction.
"""

import re
from collections.abc import Callable
from fractions import Fraction

ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))
ORDINAL_ENDINGS = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}
DIGIT_WORDS = dict(zip("0123456789", ONES[:10], strict=True))


def cardinal(number: int) -> str:
    """45 → "forty-five", 1001 → "one thousand one" (American: no "and")."""
    if number < 0:
        return "minus " + cardinal(-number)
    if number < 20:
        return ONES[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return TENS[tens] + (f"-{ONES[ones]}" if ones else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        return f"{ONES[hundreds]} hundred" + (f" {cardinal(rest)}" if rest else "")
    for scale, name in SCALES:
        if number >= scale:
            high, rest = divmod(number, scale)
            return f"{cardinal(high)} {name}" + (f" {cardinal(rest)}" if rest else "")
    raise AssertionError("unreachable")


def ordinal(number: int) -> str:
    """21 → "twenty-first", 100 → "one hundredth"."""
    words = cardinal(number)
    head, last = re.match(r"(.*?)([a-z]+)$", words).groups()  # type: ignore[union-attr]
    if last in ORDINAL_ENDINGS:
        return head + ORDINAL_ENDINGS[last]
    if last.endswith("y"):
        return head + last[:-1] + "ieth"
    return words + "th"


def digits(text: str) -> str:
    """Each character on its own: "W1001" → "W one zero zero one"."""
    return " ".join(DIGIT_WORDS.get(char, char) for char in text if char.isalnum())


def decimal(text: str) -> str:
    """A written number with optional thousands commas and decimals: "4.75" → "four point seven
    five". Long runs without commas, and runs with leading zeros, are ids read digit by digit
    ("94107" → "nine four one zero seven")."""
    whole, _, fraction = text.replace(",", "").partition(".")
    reads_as_id = len(whole) > 4 or (len(whole) > 1 and whole.startswith("0"))
    if "," not in text and not fraction and reads_as_id:
        return digits(whole)
    spoken = cardinal(int(whole or "0"))
    return f"{spoken} point {digits(fraction)}" if fraction else spoken


def money(dollars_text: str, cents_text: str | None) -> str:
    """ "59", "99" → "fifty-nine dollars and ninety-nine cents"; zero cents are not said."""
    dollars = int(dollars_text.replace(",", "") or "0")
    cents = int((cents_text or "0").ljust(2, "0")[:2])
    parts = []
    if dollars or not cents:
        parts.append(f"{cardinal(dollars)} {'dollar' if dollars == 1 else 'dollars'}")
    if cents:
        parts.append(f"{cardinal(cents)} {'cent' if cents == 1 else 'cents'}")
    return " and ".join(parts)


UNITS = {
    "oz": "ounce",
    "fl oz": "fluid ounce",
    "lb": "pound",
    "lbs": "pound",
    "g": "gram",
    "kg": "kilogram",
    "mg": "milligram",
    "mm": "millimeter",
    "cm": "centimeter",
    "m": "meter",
    "km": "kilometer",
    "in.": "inch",
    '"': "inch",
    "ft": "foot",
    "'": "foot",
    "ml": "milliliter",
    "mL": "milliliter",
    "l": "liter",
    "L": "liter",
    "gal": "gallon",
    "qt": "quart",
    "GB": "gigabyte",
    "TB": "terabyte",
    "MB": "megabyte",
    "mAh": "milliamp hour",
    "W": "watt",
    "V": "volt",
    "Hz": "hertz",
    "GHz": "gigahertz",
    "mph": "miles per hour",
    "°F": "degrees Fahrenheit",
    "°C": "degrees Celsius",
}
"""Units said after a number, in the singular of "a 12 oz bag", as the catalog's options say."""
ABBREVIATIONS = {
    "e.g.": "for example",
    "i.e.": "that is",
    "etc.": "et cetera",
    "approx.": "approximately",
    "vs.": "versus",
    "vs": "versus",
    "qty": "quantity",
    "Qty": "quantity",
    "pcs": "pieces",
    "pc": "piece",
    "pkg": "package",
    "w/o": "without",
    "w/": "with",
    "Mr.": "mister",
    "Mrs.": "missus",
    "Ms.": "miz",
    "Dr.": "doctor",
    "St.": "street",
    "Ave.": "avenue",
    "Ave": "avenue",
    "Blvd": "boulevard",
    "Apt": "apartment",
    "Apt.": "apartment",
    "Ste": "suite",
    "XS": "extra small",
    "XL": "extra large",
    "XXL": "double extra large",
    "SPF": "S P F",
    "USB": "U S B",
    "LED": "L E D",
    "TV": "T V",
    "ID": "I D",
    "FAQ": "F A Q",
    "UPS": "U P S",
    "USPS": "U S P S",
    "USD": "dollars",
    "ASAP": "as soon as possible",
}
"""Written shorthand and the words to say instead; letters spelled where they are said so."""
FRACTION_NAMES = {2: ("half", "halves"), 4: ("quarter", "quarters")}
MONTHS = dict(
    zip(
        "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(),
        (
            "January February March April May June July August September October November December"
        ).split(),
        strict=True,
    )
)
SYMBOLS = {"&": " and ", "+": " plus ", "@": " at ", "=": " equals ", "%": " percent"}


def _fraction(match: re.Match[str]) -> str:
    value = Fraction(int(match["num"]), int(match["den"]))
    whole = f"{cardinal(int(match['whole']))} and " if match["whole"] else ""
    one, many = FRACTION_NAMES.get(
        value.denominator, (ordinal(value.denominator), ordinal(value.denominator) + "s")
    )
    name = one if value.numerator == 1 else many
    article = "a" if value.numerator == 1 and whole else cardinal(value.numerator)
    return f"{whole}{article} {name}"


def _time(match: re.Match[str]) -> str:
    hour, minute = int(match["hour"]), int(match["minute"])
    said = cardinal(hour)
    if minute:
        said += f" oh {cardinal(minute)}" if minute < 10 else f" {cardinal(minute)}"
    elif not match["half"]:
        said += " o'clock"
    return said + (" " + " ".join(match["half"].lower().replace(".", "")) if match["half"] else "")


def _email(match: re.Match[str]) -> str:
    local, domain = match[0].split("@", 1)
    spoken = (part.replace(".", " dot ").replace("_", " underscore ") for part in (local, domain))
    return " at ".join(re.sub(r"-", " dash ", part) for part in spoken)


def _number_sign(match: re.Match[str]) -> str:
    return "number " + digits(match[1])


def _price(match: re.Match[str]) -> str:
    sign = "minus " if match["sign"] else ""
    if match["scale"]:
        scale = {"k": "thousand", "K": "thousand"}.get(match["scale"], match["scale"].lower())
        amount = decimal(match["dollars"] + (f".{match['cents']}" if match["cents"] else ""))
        return f"{sign}{amount} {scale} dollars"
    return sign + money(match["dollars"], match["cents"])


def _unit(match: re.Match[str]) -> str:
    return f"{decimal(match['amount'])} {UNITS[match['unit']]}"


def _ordinal(match: re.Match[str]) -> str:
    return ordinal(int(match[1]))


def _date(match: re.Match[str]) -> str:
    return f"{MONTHS[match[1]]} {ordinal(int(match[2]))}"


def _range(match: re.Match[str]) -> str:
    return f"{match[1]} to {match[2]}"


def _phone(match: re.Match[str]) -> str:
    """Phone numbers digit by digit, a pause (comma) between the groups."""
    return ", ".join(digits(group) for group in re.findall(r"\d+", match[0]))


def _hour(match: re.Match[str]) -> str:
    return f"{cardinal(int(match[1]))} {' '.join(match[2].lower().replace('.', ''))}"


def _signed(match: re.Match[str]) -> str:
    text = match[0].lstrip("-\u2212")
    return ("minus " if match["sign"] else "") + decimal(text)


Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str] | str]
NUMBER = r"\d{1,3}(?:,\d{3})+|\d+"
_abbreviation_pattern = "|".join(
    re.escape(key) for key in sorted(ABBREVIATIONS, key=len, reverse=True)
)
_unit_pattern = "|".join(re.escape(key) for key in sorted(UNITS, key=len, reverse=True))
RULES: tuple[Rule, ...] = (
    (re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"), _email),
    (
        re.compile(
            rf"(?P<sign>(?<!\w)[-\u2212])?\$\s?(?P<dollars>{NUMBER})(?:\.(?P<cents>\d{{1,2}}))?"
            r"(?:\s?(?P<scale>million|billion|thousand|[kK])\b)?"
        ),
        _price,
    ),
    (re.compile(r"(?:#|\bNo\.\s?)(\d+)\b"), _number_sign),
    (re.compile(rf"\b(?P<amount>{NUMBER}(?:\.\d+)?)\s?(?P<unit>{_unit_pattern})(?!\w)"), _unit),
    (re.compile(r"#?\b(?=[A-Z0-9]*\d)(?=[0-9]*[A-Z])[A-Z0-9]{2,}\b"), lambda m: digits(m[0])),
    (
        re.compile(
            r"\b(?P<hour>1[0-2]|0?[1-9]):(?P<minute>[0-5]\d)\s?(?P<half>[AaPp]\.?[Mm]\.?)?(?!\w)"
        ),
        _time,
    ),
    (re.compile(r"\b(1[0-2]|[1-9])\s?([AaPp]\.?[Mm]\.?)(?!\w)"), _hour),
    (re.compile(r"(?<!\w)(?:\(?\d{3}\)?[-. ]?)?\d{3}-\d{4}\b"), _phone),
    (re.compile(r"\b(\d{1,3})\s?(?:-|\u2013)\s?(\d{1,3})\b(?!-)"), _range),
    (re.compile(r"\b(\d+)(?:st|nd|rd|th)\b"), _ordinal),
    (re.compile(rf"\b({'|'.join(MONTHS)})\.? (\d{{1,2}})\b(?!,\d|\d)"), _date),
    (re.compile(r"\b(?:(?P<whole>\d+) )?(?P<num>\d+)/(?P<den>\d+)\b"), _fraction),
    (re.compile(rf"(?<![\w.])({_abbreviation_pattern})(?![\w/])"), lambda m: ABBREVIATIONS[m[1]]),
    (re.compile(rf"(?P<sign>(?<!\w)[-\u2212])?\b(?:{NUMBER})(?:\.\d+)?\b"), _signed),
    (re.compile(r"[&+@=%]"), lambda m: SYMBOLS[m[0]]),
    (re.compile(r"\s{2,}"), " "),
)


def speakable(text: str) -> str:
    """The text with prices, ids, quantities, units and shorthand written out as words."""
    for pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    return text.strip()
