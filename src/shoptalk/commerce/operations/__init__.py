"""Every store operation; importing this package declares them all in `OPERATIONS`."""

from shoptalk.commerce.operations import account, cart, orders, reads
from shoptalk.commerce.operations.registry import OPERATIONS, Arguments, Operation, operation

__all__ = [
    "OPERATIONS",
    "Arguments",
    "Operation",
    "account",
    "cart",
    "operation",
    "orders",
    "reads",
]
