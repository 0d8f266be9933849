"""Values written the many ways people say them, for training sentences.

The inverse of `nlu.normalize`: a quantity, price, order id, zip code or email becomes words a
shopper might speak ("twenty nine ninety nine", "w one zero zero one", "ada dot lee at example
dot com"), so the model learns to find those spans however they are said.
"""

import random

ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
ORDINALS = {
    1: "first",
    2: "second",
    3: "third",
    4: "fourth",
    5: "fifth",
    6: "sixth",
    7: "seventh",
    8: "eighth",
    9: "ninth",
    10: "tenth",
}


def number_words(n: int) -> str:
    """0 ≤ n < 10,000 in words: 45 → "forty five", 1200 → "one thousand two hundred"."""
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else " " + ONES[n % 10])
    if n < 1000:
        rest = n % 100
        return ONES[n // 100] + " hundred" + ("" if rest == 0 else " " + number_words(rest))
    rest = n % 1000
    return number_words(n // 1000) + " thousand" + ("" if rest == 0 else " " + number_words(rest))


def digit_words(digits: str, rng: random.Random) -> str:
    """Digits read one by one, zero sometimes as "oh"."""
    zero = "oh" if rng.random() < 0.3 else "zero"
    return " ".join(zero if d == "0" else ONES[int(d)] for d in digits)


def paired_digits(digits: str) -> str:
    """Four digits read in pairs, as people read years: 4512 → "forty five twelve"."""
    pairs = [digits[i : i + 2] for i in range(0, len(digits), 2)]
    return " ".join(
        ("oh " + ONES[int(p[1])]) if p[0] == "0" else number_words(int(p)) for p in pairs
    )


def spoken_quantity(n: int, rng: random.Random) -> str:
    if n == 2 and rng.random() < 0.15:
        return "a couple of"
    if n == 12 and rng.random() < 0.3:
        return "a dozen"
    return str(n) if rng.random() < 0.3 else number_words(n)


def spoken_ordinal(n: int, rng: random.Random) -> str:
    """1-based position; -1 is "last", -2 "second to last"."""
    if n < 0:
        return "last" if n == -1 else rng.choice(["second to last", "next to last", "second last"])
    return (
        f"{n}{'st' if n == 1 else 'nd' if n == 2 else 'rd' if n == 3 else 'th'}"
        if rng.random() < 0.1
        else ORDINALS[n]
    )


def spoken_price(cents: int, rng: random.Random) -> str:
    """$29.99 as "29.99", "$29.99", "twenty nine ninety nine" or "twenty nine dollars"."""
    dollars, rest = divmod(cents, 100)
    style = rng.random()
    if style < 0.25:
        return f"${dollars}" + (f".{rest:02d}" if rest else "")
    if style < 0.45:
        return (
            f"{dollars}" + (f".{rest:02d}" if rest else "") + rng.choice([" dollars", " bucks", ""])
        )
    if rest and style < 0.6:
        return f"{number_words(dollars)} {number_words(rest) if rest >= 10 else 'oh ' + ONES[rest]}"
    return number_words(dollars) + rng.choice([" dollars", " bucks", ""])


def spoken_order_id(prefix: str, number: int, width: int, rng: random.Random) -> str:
    letters = prefix.strip("#")
    digits = str(number).zfill(width)
    style = rng.random()
    if style < 0.2:
        return f"{prefix}{digits}"
    if style < 0.35:
        return f"{letters.lower()}{digits}"
    if style < 0.5:
        return f"{letters.lower()} {digits}"
    if style < 0.6:
        return digits
    if style < 0.75 and len(digits) == 4:
        return f"{letters.lower()} {paired_digits(digits)}"
    hash_word = rng.choice(["hash ", "pound ", ""])
    return f"{hash_word}{' '.join(letters.lower())} {digit_words(digits, rng)}".strip()


def spoken_email(email: str, rng: random.Random) -> str:
    """ "ada.lee@example.com" as written, or "ada dot lee at example dot com", sometimes spelled."""
    if rng.random() < 0.3:
        return email
    local, _, domain = email.partition("@")
    spell = rng.random() < 0.2
    return f"{_spoken_part(local, spell)} at {_spoken_part(domain, False)}"


def _spoken_part(part: str, spell: bool) -> str:
    words = []
    for chunk in _split_keep(part, "._-"):
        if chunk in "._-":
            words.append({".": "dot", "_": "underscore", "-": "dash"}[chunk])
        elif chunk.isdigit() or spell:
            words.append(" ".join(chunk))
        else:
            words.append(chunk)
    return " ".join(words)


def _split_keep(text: str, separators: str) -> list[str]:
    chunks: list[str] = []
    current = ""
    for char in text:
        if char in separators:
            chunks.extend([current, char] if current else [char])
            current = ""
        else:
            current += char
    return [*chunks, current] if current else chunks


def spoken_zip(zip_code: str, rng: random.Random) -> str:
    return zip_code if rng.random() < 0.4 else digit_words(zip_code, rng)
