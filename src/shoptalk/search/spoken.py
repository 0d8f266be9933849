"""How a hit is said out loud: "Acme Trail Runner, red, size 9, 59 dollars 99".

Text-to-speech reads "$59.99" unevenly, so prices are written as words around the digits, and
an option value that means little alone ("9", "M") is said with its option name.
"""

CURRENCY_WORDS = {
    "USD": ("dollar", "dollars", "cent", "cents"),
    "CAD": ("dollar", "dollars", "cent", "cents"),
    "AUD": ("dollar", "dollars", "cent", "cents"),
    "EUR": ("euro", "euros", "cent", "cents"),
    "GBP": ("pound", "pounds", "penny", "pence"),
}


def spoken_price(cents: int, currency: str = "USD") -> str:
    """5999 → "59 dollars 99", 5900 → "59 dollars", 99 → "99 cents"."""
    names = CURRENCY_WORDS.get(currency)
    if names is None:
        return f"{cents // 100}.{cents % 100:02d} {currency}"
    whole, part = divmod(cents, 100)
    one, many, one_part, many_parts = names
    if whole == 0:
        return f"{part} {one_part if part == 1 else many_parts}"
    said = f"{whole} {one if whole == 1 else many}"
    return f"{said} {part}" if part else said


def spoken_option(name: str, value: str) -> str:
    """A value that reads alone ("red", "128 GB"), or with its name ("size M", "waist 32"):
    a single code-like word (digits, or capitals only) means little by itself."""
    code_like = " " not in value and (any(c.isdigit() for c in value) or value.isupper())
    return f"{name} {value}" if code_like else value


def summary(
    name: str,
    options: dict[str, str],
    price_cents: int | None,
    available: bool,
    currency: str = "USD",
) -> str:
    """The hit in one short line; a product listed without a price says only its name."""
    parts = [name, *(spoken_option(n, v) for n, v in options.items())]
    if price_cents is not None:
        parts.append(spoken_price(price_cents, currency))
        if not available:
            parts.append("out of stock")
    return ", ".join(parts)
