"""What search reads of a store besides its products (which come from
`commerce.catalog_view`): the store's name and currency, a cheap fingerprint and revisions to
tell when the index is stale, and the image URLs of the few hits shown."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from shoptalk.commerce import Store
from shoptalk.commerce.tables import ProductRow, StoreRow, VariantRow


@dataclass(frozen=True)
class StoreInfo:
    name: str
    currency: str
    catalog_id: str


@dataclass(frozen=True)
class Fingerprint:
    """Changes whenever a product is added, removed or changed: a cheap staleness check."""

    catalog_id: str
    products: int
    revision_sum: int
    last_position: int
    position_sum: int

    def same_products(self, other: "Fingerprint") -> bool:
        """Whether no product was added or removed between the two (only changed)."""
        return (self.catalog_id, self.products, self.last_position, self.position_sum) == (
            other.catalog_id,
            other.products,
            other.last_position,
            other.position_sum,
        )


def store_info(store: Store) -> StoreInfo | None:
    """The store's name, currency and catalog id; None for a database without a store."""
    with store.transaction(write=False) as session:
        row = session.scalars(select(StoreRow)).first()
        return None if row is None else StoreInfo(row.name, row.currency, row.catalog_id)


def fingerprint(store: Store) -> Fingerprint:
    with store.transaction(write=False) as session:
        catalog_id = session.scalar(select(StoreRow.catalog_id)) or ""
        count, total, last, positions = session.execute(
            select(
                func.count(ProductRow.id),
                func.coalesce(func.sum(ProductRow.revision), 0),
                func.coalesce(func.max(ProductRow.position), -1),
                func.coalesce(func.sum(ProductRow.position), 0),
            )
        ).one()
    return Fingerprint(catalog_id, int(count), int(total), int(last), int(positions))


def revisions(store: Store, *, touched_only: bool = False) -> dict[str, int]:
    """Each product's revision, to tell which products changed since the index was built.
    Revisions only grow from 0 at import, so when no product was added or removed the
    products changed since are among those with a revision above 0 (`touched_only`): a
    short answer where reading all 100,000 revisions takes a few hundred milliseconds."""
    query = select(ProductRow.id, ProductRow.revision)
    if touched_only:
        query = query.where(ProductRow.revision > 0)
    with store.transaction(write=False) as session:
        rows = session.connection().execute(query).tuples().all()
    return {str(product_id): int(revision) for product_id, revision in rows}


def image_urls(
    store: Store, product_ids: Sequence[str], variant_ids: Sequence[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """The image URLs of these products and of these variants (those that have one). Read
    for the few hits shown rather than kept in the index: URLs are long, hits are few."""
    products = select(ProductRow.id, ProductRow.image_url).where(ProductRow.id.in_(product_ids))
    variants = select(VariantRow.id, VariantRow.image_url).where(VariantRow.id.in_(variant_ids))
    with store.transaction(write=False) as session:
        return (
            {key: url for key, url in session.execute(products).tuples() if url},
            {key: url for key, url in session.execute(variants).tuples() if url},
        )


def count_products(store: Store) -> int:
    with store.transaction(write=False) as session:
        return int(session.scalar(select(func.count(ProductRow.id))) or 0)
