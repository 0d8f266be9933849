"""Bringing a store's catalog up to date from a file: `shoptalk store sync`.

The file (a snapshot, or any importer's format) is read product by product and compared with
the store a batch at a time: new products and variants are added, changed ones updated (names,
descriptions, options, prices, stock, availability, images), the rest left alone. Everything
happens in one transaction, so a file that turns out bad half-way changes nothing.

The store's history stays whole: a product or variant that orders, returns, exchanges or carts
refer to is never deleted, and keeps its options.
- A product missing from the file has its variants made unavailable (with `remove_missing`,
  it is deleted when nothing refers to it). With `partial`, the file lists only some products
  and the others are left as they are.
- A variant missing from its product is deleted, or made unavailable when something refers to
  it. A variant that comes back under a new id with the same options (a SKU given to a variant
  that had none) is that variant: one that orders refer to keeps its id.
- The file may not change the options of a variant orders refer to, nor its option names.

Every changed product's `revision` is raised, so the search index re-indexes just those
(`search.index`), and the catalog fingerprint the understanding model and the store LM were
trained on moves when names, types, brands, tags or options change: both say they are stale
on their next use, and the report says so at once (`words_changed`).

A file whose importer hashes each product's rows (a Shopify export, a mapped file: `digests`)
is read faster: a product whose rows carry the digest stored with it, at its current revision,
is unchanged without being built, checked or compared. Every other product goes through all
of the above, and its digest is stored when the product as stored is exactly the file's. Its
variant ids still count: another product of the file may not take one of them.
"""

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from shoptalk.commerce.catalog import mark_changed
from shoptalk.commerce.catalog_view import OptionValue
from shoptalk.commerce.convert import option_dimensions, product_rows
from shoptalk.commerce.digests import Read, Unchanged
from shoptalk.commerce.errors import SnapshotError
from shoptalk.commerce.records import Product, Variant
from shoptalk.commerce.snapshot import ProgressCallback, RowBuffer, SnapshotSource, read_products
from shoptalk.commerce.snapshot_checks import SnapshotChecker
from shoptalk.commerce.store import Store
from shoptalk.commerce.tables import (
    CartItemRow,
    ExchangeRow,
    OrderItemRow,
    ProductRow,
    StoreRow,
    VariantRow,
)

BATCH = 1000
"""Products compared per round trip: their variants' ids stay well within SQLite's limit on
the parameters of one statement."""
PRODUCT_FIELDS = (
    "name",
    "type",
    "brand",
    "description",
    "tags",
    "options",
    "price_cents",
    "image_url",
)
WORD_FIELDS = ("name", "type", "brand", "tags", "options")
"""What the understanding model and the store LM learn from: a change makes them stale."""
EXAMPLES = 20
PRODUCTS = ProductRow.__table__
"""Whole-catalog reads go through the table itself: the ORM's work on each of 100,000 rows
would double their time."""


@dataclass
class SyncReport:
    """What a sync changed, by product and by variant."""

    products_added: int = 0
    products_updated: int = 0
    products_unchanged: int = 0
    products_missing: int = 0
    """In the store, not in the file: their variants made unavailable, or they were removed."""
    products_removed: int = 0
    variants_added: int = 0
    variants_updated: int = 0
    variants_removed: int = 0
    variants_made_unavailable: int = 0
    price_changes: int = 0
    stock_changes: int = 0
    image_changes: int = 0
    words_changed: bool = False
    """Names, types, brands, tags or options changed, or products came or went: the
    understanding model and the store LM should be trained again."""
    missing_examples: list[str] = field(default_factory=list)
    """The first few products missing from the file."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self) -> list[str]:
        """The report for a person to read."""
        missing = f"{self.products_missing:,} missing from the file"
        if self.products_missing:
            examples = ", ".join(self.missing_examples[:5])
            more = ", …" if self.products_missing > 5 else ""
            missing += f" ({examples}{more}): their variants made unavailable"
            if self.products_removed:
                missing += f", {self.products_removed:,} removed"
        return [
            f"Products: {self.products_added:,} added, {self.products_updated:,} updated, "
            f"{self.products_unchanged:,} unchanged, {missing}",
            f"Variants: {self.variants_added:,} added, {self.variants_updated:,} updated, "
            f"{self.variants_removed:,} removed, {self.variants_made_unavailable:,} made "
            "unavailable",
            f"Changed: {self.price_changes:,} prices, {self.stock_changes:,} stock counts, "
            f"{self.image_changes:,} images",
        ]


@dataclass(frozen=True)
class _Variant:
    """A variant's columns, as stored or as the file wants them."""

    id: str
    options: dict[str, str]
    price_cents: int
    available: bool
    stock: int | None
    image_url: str | None
    position: int

    @classmethod
    def of(cls, variant: Variant, position: int) -> "_Variant":
        return cls(
            variant.id,
            variant.options,
            variant.price,
            variant.available,
            variant.stock,
            variant.image_url,
            position,
        )

    def columns(self) -> dict[str, Any]:
        return asdict(self)

    def offer(self) -> tuple[Any, ...]:
        """What a shopper sees of it (its position aside)."""
        return self.options, self.price_cents, self.available, self.stock, self.image_url


def store_currency(store: Store) -> str:
    """The currency of the store's prices; a database without a store is refused."""
    with store.transaction(write=False) as session:
        return _currency(session)


def sync_catalog(
    store: Store,
    source: SnapshotSource,
    *,
    partial: bool = False,
    remove_missing: bool = False,
    progress: ProgressCallback | None = None,
) -> SyncReport:
    """Upsert the source's products into the store in one transaction; see the module doc."""
    report_progress = progress or (lambda _stage, _done, _total: None)
    with store.transaction(write=True) as session:
        stated = source.header().store.currency
        currency = _currency(session)
        if stated != currency:
            raise SnapshotError(
                "", f"the file's prices are in {stated}, the store's in {currency}: nothing synced"
            )
        sync = _Sync(session)
        items = read_products(source, _live_digests(session))
        for batch in _batches(items, sync.checker):
            sync.batch(batch)
            report_progress("products", len(sync.seen), None)
        report_progress("products", len(sync.seen), len(sync.seen))
        if not partial:
            sync.missing(remove_missing=remove_missing)
        mark_changed(session, sync.changed)
    return sync.report


def _currency(session: Session) -> str:
    currency = session.scalar(select(StoreRow.currency))
    if currency is None:
        raise SnapshotError("", "the database holds no store yet: import one first")
    return currency


Item = Read | Unchanged


def _batches(items: Iterator[Item], checker: SnapshotChecker) -> Iterator[list[Item]]:
    """The file's products in batches, each built one checked as a snapshot's product is."""
    batch: list[Item] = []
    for index, item in enumerate(items):
        if isinstance(item, Read):
            checker.product(f"products[{index}]", item.product)
        batch.append(item)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


class _Sync:
    """One sync: what the store's history refers to, what the file had, what changed."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.report = SyncReport()
        self.checker = SnapshotChecker()
        self.rows = RowBuffer(session)
        self.seen: set[str] = set()
        self.changed: set[str] = set()
        self.unchanged: dict[str, Unchanged] = {}
        """Products the file repeats unchanged, known by their digests."""
        self.taken_from: dict[str, tuple[str, str]] = {}
        """Product → (a variant of it, the product of the file that took it), for products the
        file has not reached yet: they must not turn out to list that variant unchanged."""
        self.product_updates: list[dict[str, Any]] = []
        self.variant_updates: list[dict[str, Any]] = []
        """Written at the end of each batch, in one statement each."""
        self.referenced_variants, self.referenced_products = _references(session)
        last = session.scalar(select(func.max(ProductRow.position)))
        self.next_position = 0 if last is None else last + 1

    def batch(self, items: list[Item]) -> None:
        reads = [item for item in items if isinstance(item, Read)]
        for item in items:
            if isinstance(item, Unchanged):
                self._unchanged(item)
        if not reads:
            return
        ids = [read.product.id for read in reads]
        stored = _stored_products(self.session, ids)
        variants = _stored_variants(self.session, VariantRow.product_id.in_(ids))
        self._free_moved([read.product for read in reads], variants)
        for read in reads:
            product_id = read.product.id
            self.seen.add(product_id)
            if product_id in stored:
                self._update(read, stored[product_id], variants.get(product_id, []))
            else:
                self._add(read)
        for table, updates in (
            (ProductRow, self.product_updates),
            (VariantRow, self.variant_updates),
        ):
            if updates:
                self.session.execute(update(table), updates)
                updates.clear()
        self.rows.flush()

    def missing(self, *, remove_missing: bool) -> None:
        """Products in the store that the file no longer has."""
        query = select(PRODUCTS.c.id).order_by(PRODUCTS.c.position)
        gone = [
            product_id for product_id in self.session.scalars(query) if product_id not in self.seen
        ]
        self.report.products_missing = len(gone)
        self.report.missing_examples = gone[:EXAMPLES]
        for start in range(0, len(gone), BATCH):
            page = gone[start : start + BATCH]
            removable = [p for p in page if remove_missing and p not in self.referenced_products]
            if removable:
                self._remove_products(removable)
            kept = [p for p in page if p not in removable]
            self._make_unavailable(kept)

    def _unchanged(self, item: Unchanged) -> None:
        if item.id in self.taken_from:
            variant_id, taker = self.taken_from[item.id]
            raise SnapshotError(
                item.where, f'variant "{variant_id}" is already used by product "{taker}"'
            )
        self.seen.add(item.id)
        self.unchanged[item.id] = item
        self.report.products_unchanged += 1

    def _add(self, read: Read) -> None:
        product = read.product
        self.rows.add(product_rows(product, self.next_position, read.digest))
        self.next_position += 1
        self.report.products_added += 1
        self.report.variants_added += len(product.variants)
        self.report.words_changed = True

    def _update(self, read: Read, stored: dict[str, Any], old: list[_Variant]) -> None:
        """Compare one product with the store's and write what differs."""
        product = read.product
        wanted, kept, removed = self._match(product, old)
        for variant in removed:
            self.session.execute(delete(VariantRow).where(VariantRow.id == variant.id))
        fields = _product_fields(product, _widened(product, kept))
        changed = [name for name, value in fields.items() if not _same(name, value, stored[name])]
        columns = fields if changed else {}
        self.report.words_changed |= any(name in WORD_FIELDS for name in changed)
        variant_writes = self._write_variants(product.id, [*wanted, *kept], old)
        touched = bool(changed or variant_writes or removed)
        if touched:
            self.report.products_updated += 1
            self.report.variants_removed += len(removed)
            self.changed.add(product.id)
        else:
            self.report.products_unchanged += 1
        if read.digest is not None:
            exact = not kept and [v.id for v in wanted] == [v.id for v in product.variants]
            columns |= _digest_columns(read.digest if exact else None, stored, touched)
        if columns:
            self.product_updates.append({"id": product.id, **columns})

    def _match(
        self, product: Product, old: list[_Variant]
    ) -> tuple[list[_Variant], list[_Variant], list[_Variant]]:
        """The file's variants as they will be stored, the store's variants kept (unavailable)
        for the history that refers to them, and the store's variants to delete."""
        by_id = {v.id: v for v in old}
        given = {v.id for v in product.variants}
        unmatched = {_key(v.options): v for v in old if v.id not in given}
        wanted = []
        for position, variant in enumerate(product.variants):
            before = by_id.get(variant.id)
            same_options = unmatched.get(_key(variant.options))
            if before is None and same_options and same_options.id in self.referenced_variants:
                del unmatched[_key(variant.options)]
                variant = variant.model_copy(update={"id": same_options.id})
            elif before is not None and before.options != variant.options:
                self._refuse_new_options(product, before)
            wanted.append(_Variant.of(variant, position))
        rest = list(unmatched.values())
        kept = [v for v in rest if v.id in self.referenced_variants]
        start = len(wanted)
        kept = [replace(v, available=False, position=start + i) for i, v in enumerate(kept)]
        removed = [v for v in rest if v.id not in self.referenced_variants]
        if kept and product.is_configurable:
            raise SnapshotError(
                f'product "{product.id}"',
                f'made to order in the file, but orders refer to its variant "{kept[0].id}"',
            )
        return wanted, kept, removed

    def _refuse_new_options(self, product: Product, before: _Variant) -> None:
        if before.id in self.referenced_variants:
            raise SnapshotError(
                f'product "{product.id}"',
                f'variant "{before.id}" is in orders with the options {before.options}: they '
                "cannot change (give the new combination a new SKU or id)",
            )

    def _write_variants(self, product_id: str, wanted: list[_Variant], old: list[_Variant]) -> int:
        """Insert and update the product's variants; how many rows were written."""
        by_id = {v.id: v for v in old}
        written = 0
        for variant in wanted:
            before = by_id.get(variant.id)
            if before is None:
                self.rows.add({"variants": [{**variant.columns(), "product_id": product_id}]})
                self.report.variants_added += 1
            elif variant != before:
                self.variant_updates.append(variant.columns())
                self._count_changes(variant, before)
            written += variant != before
        return written

    def _count_changes(self, variant: _Variant, before: _Variant) -> None:
        report = self.report
        if variant.offer() == before.offer():
            return
        if before.available and not variant.available:
            report.variants_made_unavailable += 1
        else:
            report.variants_updated += 1
        report.price_changes += variant.price_cents != before.price_cents
        report.stock_changes += variant.stock != before.stock
        report.image_changes += variant.image_url != before.image_url

    def _free_moved(self, products: list[Product], stored: dict[str, list[_Variant]]) -> None:
        """A variant id the file gives to another product than the store does moves there
        when nothing refers to it (its old product loses it), and is refused otherwise. Only
        ids their product does not have yet are looked up: new ones, or moved ones."""
        owner: dict[str, str] = {}
        for product in products:
            own = {variant.id for variant in stored.get(product.id, [])}
            owner.update((v.id, product.id) for v in product.variants if v.id not in own)
        if not owner:
            return
        query = select(VariantRow.id, VariantRow.product_id).where(VariantRow.id.in_(list(owner)))
        for variant_id, product_id in self.session.execute(query).all():
            taker = f'product "{owner[variant_id]}"'
            if product_id in self.unchanged:
                where = self.unchanged[product_id].where
                problem = f'variant "{variant_id}" is already used by product "{product_id}"'
                raise SnapshotError(taker, f"{problem} ({where})")
            if variant_id in self.referenced_variants:
                raise SnapshotError(
                    taker,
                    f'variant "{variant_id}" belongs to product "{product_id}" in the store, '
                    "and orders refer to it there: it cannot move",
                )
            self.session.execute(delete(VariantRow).where(VariantRow.id == variant_id))
            self.session.execute(_forget_digest(product_id))
            self.taken_from.setdefault(product_id, (variant_id, owner[variant_id]))
            self.changed.add(product_id)

    def _remove_products(self, product_ids: list[str]) -> None:
        self.session.execute(delete(VariantRow).where(VariantRow.product_id.in_(product_ids)))
        self.session.execute(delete(ProductRow).where(ProductRow.id.in_(product_ids)))
        self.report.products_removed += len(product_ids)
        self.report.words_changed = True

    def _make_unavailable(self, product_ids: list[str]) -> None:
        query = select(VariantRow.id, VariantRow.product_id).where(
            VariantRow.product_id.in_(product_ids), VariantRow.available.is_(True)
        )
        found = self.session.execute(query).all()
        if found:
            ids = [variant_id for variant_id, _ in found]
            unavailable = update(VariantRow).where(VariantRow.id.in_(ids)).values(available=False)
            self.session.execute(unavailable)
            self.changed.update(product_id for _, product_id in found)
            self.report.variants_made_unavailable += len(ids)


def _key(options: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(options.items()))


def _widened(product: Product, kept: list[_Variant]) -> list[dict[str, Any]]:
    """The product's option dimensions as stored, with the values of kept variants added."""
    dimensions = option_dimensions(product)
    names = sorted(dim["name"] for dim in dimensions)
    for variant in kept:
        if sorted(variant.options) != names:
            raise SnapshotError(
                f'product "{product.id}"',
                f'variant "{variant.id}" is in orders with the options {sorted(variant.options)}, '
                f"the file gives the product {names}: keep its option names",
            )
        for dim in dimensions:
            listed = {OptionValue.stored(v).value for v in dim["values"]}
            if variant.options[dim["name"]] not in listed:
                dim["values"].append(variant.options[dim["name"]])
    return dimensions


def _same(name: str, value: Any, stored: Any) -> bool:
    """Whether a product column holds the same; options are the same in another order of
    their dimensions (a snapshot's JSON objects keep no order: our export sorts them)."""
    if name == "options":
        return _by_name(value) == _by_name(stored)
    return bool(value == stored)


def _by_name(dimensions: list[dict[str, Any]]) -> dict[str, Any]:
    return {dim["name"]: dim["values"] for dim in dimensions}


def _product_fields(product: Product, options: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": product.name,
        "type": product.type,
        "brand": product.brand,
        "description": product.description,
        "tags": product.tags,
        "options": options,
        "price_cents": product.price,
        "image_url": product.image_url,
    }


def _digest_columns(digest: str | None, stored: dict[str, Any], touched: bool) -> dict[str, Any]:
    """The digest a compared product keeps, with the revision it describes once the sync has
    raised the revision of what it touched; none where the stored product is not exactly the
    file's (`digest` None). Empty when the stored columns say so already."""
    revision = None if digest is None else stored["revision"] + touched
    if (digest, revision) == (stored["source_digest"], stored["source_revision"]):
        return {}
    return {"source_digest": digest, "source_revision": revision}


def _forget_digest(product_id: str) -> Any:
    """A product that lost a variant to another one is no longer what its rows said."""
    return (
        update(ProductRow)
        .where(ProductRow.id == product_id)
        .values(source_digest=None, source_revision=None)
    )


def _live_digests(session: Session) -> dict[str, str]:
    """Product id → the digest that still describes the stored product (`digests`)."""
    columns = PRODUCTS.c
    query = select(columns.id, columns.source_digest).where(
        columns.source_digest.is_not(None), columns.source_revision == columns.revision
    )
    return {product_id: digest for product_id, digest in session.execute(query) if digest}


def _stored_products(session: Session, ids: list[str]) -> dict[str, dict[str, Any]]:
    names = ("id", *PRODUCT_FIELDS, "revision", "source_digest", "source_revision")
    columns = [getattr(ProductRow, name) for name in names]
    rows = session.execute(select(*columns).where(ProductRow.id.in_(ids))).mappings()
    return {row["id"]: dict(row) for row in rows}


def _stored_variants(session: Session, condition: Any) -> dict[str, list[_Variant]]:
    """The variants `condition` selects, by product, in their order."""
    query = (
        select(
            VariantRow.product_id,
            VariantRow.id,
            VariantRow.options,
            VariantRow.price_cents,
            VariantRow.available,
            VariantRow.stock,
            VariantRow.image_url,
            VariantRow.position,
        )
        .where(condition)
        .order_by(VariantRow.product_id, VariantRow.position)
    )
    found: dict[str, list[_Variant]] = {}
    for product_id, *columns in session.execute(query).tuples():
        variant_id, options, price, available, stock, image_url, position = columns
        variant = _Variant(
            variant_id, dict(options), price, bool(available), stock, image_url, position
        )
        found.setdefault(product_id, []).append(variant)
    return found


def _references(session: Session) -> tuple[set[str], set[str]]:
    """Variant ids and product ids that orders, exchanges and carts refer to (a return names
    items of its order)."""
    variants: set[str] = set()
    products: set[str] = set()
    items = select(OrderItemRow.product_id, OrderItemRow.variant_id).distinct()
    carts = select(CartItemRow.product_id, CartItemRow.variant_id)
    for query in (items, carts):
        for product_id, variant_id in session.execute(query).tuples():
            products.add(product_id)
            variants.add(variant_id)
    for listed in session.scalars(select(ExchangeRow.new_variant_ids)):
        variants.update(listed)
    return variants, products
