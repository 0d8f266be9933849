"""`shoptalk chat` in a terminal: replies with product tables, the cart and orders drawn by rich."""

from rich.console import Console
from rich.table import Table

from shoptalk.commerce.records import Cart
from shoptalk.dialogue import OrderCard, ProductCard, Reply
from shoptalk.dialogue.phrasing import money, option_words

COMMANDS = "/cart  /orders  /reset  /help  /quit"


def show_reply(console: Console, reply: Reply) -> None:
    console.print(f"[bold cyan]assistant>[/bold cyan] {reply.text}", highlight=False)
    data = reply.data
    if data.products:
        console.print(product_table(data.products))
    if data.cart is not None and data.cart.items:
        console.print(cart_table(data.cart))
    if data.orders:
        console.print(order_table(data.orders))
    if data.confirmation:
        console.print("[yellow]Waiting for your yes or no.[/yellow]")


def product_table(products: list[ProductCard]) -> Table:
    table = Table("#", "product", "options", "price", "available", title="Products")
    for number, product in enumerate(products, 1):
        price = "" if product.price is None else f"${product.price:.2f}"
        table.add_row(
            str(number),
            product.name,
            option_words(product.options),
            price,
            "yes" if product.available else "no",
        )
    return table


def cart_table(cart: Cart) -> Table:
    table = Table("#", "item", "options", "qty", "price", title="Cart")
    for number, line in enumerate(cart.items, 1):
        table.add_row(
            str(number),
            line.name,
            option_words(line.options),
            str(line.quantity),
            money(line.price),
        )
    table.add_row("", "total", "", "", money(cart.total))
    return table


def order_table(orders: list[OrderCard]) -> Table:
    table = Table("#", "order", "status", "items", "total", title="Orders")
    for number, order in enumerate(orders, 1):
        table.add_row(
            str(number), order.order_id, order.status, ", ".join(order.items), f"${order.total:.2f}"
        )
    return table
