"""Words for the ear: short lists, prices and names the speech side can read out.

Prices stay in the `$59.99` form and order ids in the store's form (`#W1001`): the speech side
expands both, and a screen shows them as they are. Lists read at most three items aloud and
count the rest.
"""

from collections.abc import Sequence

from shoptalk.commerce.money import format_money
from shoptalk.commerce.records import Order, PaymentMethod

READ_OUT = 3


def money(cents: int) -> str:
    return format_money(cents)


def spoken_list(phrases: Sequence[str], total: int | None = None, joiner: str = "and") -> str:
    """ "a, b and c", or "a, b, c and 12 more" when there are more than three."""
    total = len(phrases) if total is None else total
    shown = list(phrases[:READ_OUT])
    rest = total - len(shown)
    if rest > 0:
        return f"{', '.join(shown)} {joiner} {rest} more"
    if len(shown) <= 1:
        return "".join(shown)
    return f"{', '.join(shown[:-1])} {joiner} {shown[-1]}"


def option_words(options: dict[str, str]) -> str:
    """Option values as said: "red, size 10" — a bare number gets its option's name."""
    return ", ".join(
        f"{name} {value}" if value.replace(".", "").isdigit() else value
        for name, value in options.items()
    )


def item_name(name: str, options: dict[str, str]) -> str:
    described = option_words(options)
    return f"{name}, {described}" if described else name


def order_total(order: Order) -> int:
    return sum(item.price for item in order.items)


def order_items(order: Order) -> str:
    names = [item.name for item in order.items]
    unique = list(dict.fromkeys(names))
    return spoken_list(unique, len(unique))


def order_line(order: Order) -> str:
    """ "#W1001, pending, with a blender and a mug"."""
    return f"{order.id}, {order.status}, with {order_items(order)}"


def method_name(method: PaymentMethod) -> str:
    if method.type == "credit_card":
        return f"{(method.brand or 'card').title()} ending in {method.last_four}"
    if method.type == "gift_card":
        return f"gift card with {money(method.balance or 0)}"
    return "PayPal"
