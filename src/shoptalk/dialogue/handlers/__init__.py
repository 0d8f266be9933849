"""One handler per intent of docs/design.md §7; importing this package declares them all in
`HANDLERS`."""

from shoptalk.dialogue.handlers import (
    account,
    cart,
    catalog,
    order_changes,
    orders,
    selection,
    talk,
)

__all__ = ["account", "cart", "catalog", "order_changes", "orders", "selection", "talk"]
