"""One search: read the query, filter variants, rank by words and meaning, pick variants.

1. The words are read against the catalog (`query.interpret`): text, constraints, hints.
2. Constraints become a variant mask; a product qualifies when one of its variants does. If
   no relevant product qualifies, constraints are dropped one at a time (the last option
   said first, then price, brand, type, stock) and the result says which.
3. BM25 and MiniLM each rank the qualifying products; reciprocal rank fusion merges the two
   rankings, and products of a type the query names get one more vote. Until every product
   text has its vector (a large import is encoded after it is searchable), BM25 ranks alone
   and the result says so.
4. A requested sort reorders the clearly relevant head of that ranking.
5. Each hit gets its best qualifying variant (in stock first, then cheapest) and a summary.
"""

from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from shoptalk.commerce.catalog import configured_variant_id
from shoptalk.search.catalog import image_urls
from shoptalk.search.filters import NO_PRICE, Mask
from shoptalk.search.index import SearchIndex
from shoptalk.search.parts import Parts
from shoptalk.search.query import Query, Scoped, interpret
from shoptalk.search.request import (
    Constraints,
    SearchHit,
    SearchRequest,
    SearchResult,
    SortOrder,
)
from shoptalk.search.spoken import summary
from shoptalk.search.text import codes

Scores = npt.NDArray[np.float32]
Fused = npt.NDArray[np.float64]
Rows = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Ranking:
    """How the two rankings are merged (tuned on the relevance set, see the benchmark)."""

    rrf_k: float = 20.0
    lexical_weight: float = 1.0
    semantic_weight: float = 1.5
    type_weight: float = 1.0
    depth: int = 200
    """How far down each ranking takes part in the fusion."""
    min_cosine: float = 0.3
    """Below this similarity a product is not related to the query at all."""
    sort_share: float = 0.5
    """A sort reorders the products scoring at least this share of the best one."""
    scope_depth: int = 20
    """How many best matches decide which product types a query is about."""
    size_weight: float = 1.0
    """The vote of carrying every size the shopper gave (`3/4 in.` for "three quarter
    inch"): the meaning ranking cannot tell 3/4 from 1/2, the words can."""
    code_weight: float = 3.0
    """The vote of carrying a model code the shopper gave: more than both rankings together,
    since a model number names the product."""


DEFAULT_RANKING = Ranking()


def search(
    index: SearchIndex, request: SearchRequest | str, ranking: Ranking = DEFAULT_RANKING
) -> SearchResult:
    """Search the store's catalog; `request` may be the shopper's words alone."""
    if isinstance(request, str):
        request = SearchRequest(text=request)
    index.ensure_fresh()
    parts = index.parts
    query = interpret(request, parts.vocabulary, parts.speller)
    coded = _codes_said(parts, request.text)
    if coded:
        query = replace(query, terms={**query.terms, **coded})
    if query.empty:
        return SearchResult(
            query=request.text, hits=[], constraints=Constraints(), notes=["nothing to look for"]
        )
    by_meaning = bool(query.text) and parts.vectors.complete
    semantic = parts.vectors.scores(index.encoder(query.text)) if by_meaning else None
    lexical, scoped = _words_and_constraints(parts, query, semantic, ranking)
    relevant = _relevant(parts, lexical, semantic, ranking)
    worded = lexical is not None or semantic is not None
    applied, relaxed, products, variants = _apply(parts, scoped.constraints, relevant, worded)
    marks = _Marks(
        coded=parts.lexical.scores(coded) > 0 if coded else None,
        sized=_carrying_all(parts, query.sizes),
    )
    rows, fused = _rank(parts, query, products & relevant, lexical, semantic, marks, ranking)
    rows = _sorted(parts, query, rows, fused, variants, ranking)
    currency = index.info.currency
    hits = [
        _hit(parts, int(row), float(fused[row]), variants, applied, query.sort, currency)
        for row in rows[: request.limit]
    ]
    hits = _with_images(index, hits)
    notes = list(query.notes)
    waiting = index.vectors_note() if query.text else None
    if waiting:
        notes.append(waiting)
    if query.sort == "rating":
        notes.append("this catalog has no ratings: sorted by relevance")
    return SearchResult(
        query=request.text,
        hits=hits,
        constraints=applied,
        sort=query.sort,
        relaxed=[*scoped.unmet, *relaxed],
        notes=notes,
    )


@dataclass(frozen=True)
class _Marks:
    """Products singled out by exact details the shopper gave."""

    coded: Mask | None
    """Carrying a model code the shopper gave."""
    sized: Mask | None
    """Carrying every size the shopper named the product with."""


def _carrying_all(parts: Parts, sizes: tuple[str, ...]) -> Mask | None:
    if not sizes:
        return None
    found = np.ones(len(parts.live), dtype=np.bool_)
    for size in sizes:
        found &= parts.lexical.scores({size: 1.0}) > 0
    return found


def _codes_said(parts: Parts, text: str) -> dict[str, float]:
    """The model codes of the catalog that the shopper's words give, whole or by their start."""
    return {meant: 1.0 for code in codes(text) for meant in parts.lexical.codes_meant(code)}


def _words_and_constraints(
    parts: Parts, query: Query, semantic: Scores | None, ranking: Ranking
) -> tuple[Scores | None, Scoped]:
    """Lexical scores and the constraints, which depend on each other: option words are
    filters, not terms, unless the product types the query is about show they are words."""
    words = {t: w for t, w in query.terms.items() if t not in query.option_terms}
    lexical = parts.lexical.scores(words) if words else None
    scoped = query.scoped(_scope(parts, query, lexical, semantic, ranking), parts.vocabulary)
    if scoped.words:
        lexical = parts.lexical.scores({**words, **scoped.words})
    return lexical, scoped


def _relevant(
    parts: Parts, lexical: Scores | None, semantic: Scores | None, ranking: Ranking
) -> Mask:
    """Products the words relate to at all; every product when no words were said."""
    if lexical is None and semantic is None:
        return parts.live.copy()
    related = np.zeros(len(parts.live), dtype=np.bool_)
    if lexical is not None:
        related |= lexical > 0
    if semantic is not None:
        related |= semantic >= ranking.min_cosine
    return related & parts.live


# --- constraints -----------------------------------------------------------------------------


def _scope(
    parts: Parts,
    query: Query,
    lexical: Scores | None,
    semantic: Scores | None,
    ranking: Ranking,
) -> list[str]:
    """The product types the query is about, to tell which option words are constraints: the
    types it names, else those of the best matches, by meaning and by its other words
    ("coffee" in "something to keep coffee hot", so "hot" is not the burrito bowl's salsa)."""
    named = [*query.type_hints, *query.head_types]
    if named or not query.said_options:
        return named
    types: set[str] = set()
    for scores in (lexical, semantic):
        if scores is not None:
            top = _top(np.where(parts.live, scores, 0), ranking.scope_depth)
            types.update(str(t) for t in parts.products.types[top].tolist() if t)
    return sorted(types)


def _top(scores: Scores, count: int) -> Rows:
    """The rows of the `count` best positive scores, best first."""
    positive = np.flatnonzero(scores > 0)
    if len(positive) > count:
        positive = positive[np.argpartition(-scores[positive], count - 1)[:count]]
    return positive[np.argsort(-scores[positive], kind="stable")]


def _apply(
    parts: Parts, constraints: Constraints, relevant: Mask, worded: bool
) -> tuple[Constraints, list[str], Mask, Mask | None]:
    """The constraints met by some relevant product, the ones dropped, and the masks. A
    request of constraints alone (no words) is never relaxed: it has nothing else to offer."""
    relaxed: list[str] = []
    while True:
        products, variants = _filter(parts, constraints)
        if (products & relevant).any() or constraints.empty or not worded:
            return constraints, relaxed, products, variants
        constraints, dropped = _relax(constraints)
        relaxed.append(dropped)


def _filter(parts: Parts, constraints: Constraints) -> tuple[Mask, Mask | None]:
    table, catalog = parts.variants, parts.products
    variants: Mask | None = None
    if constraints.options or _priced(constraints) or constraints.in_stock:
        variants = np.ones(len(table.ids), dtype=np.bool_)
        pair_ids = parts.vocabulary.pair_ids
        for option in constraints.options:
            ids = [pair_ids[choice] for choice in option.choices if choice in pair_ids]
            variants &= table.with_pairs(ids)
        if _priced(constraints):
            variants &= table.priced(constraints.price_min_cents, constraints.price_max_cents)
        if constraints.in_stock:
            variants &= table.in_stock
    products = parts.live.copy() if variants is None else table.any_per_product(variants)
    products &= parts.live
    if constraints.brand is not None:
        products &= catalog.brands == constraints.brand
    if constraints.product_type is not None:
        products &= catalog.types == constraints.product_type
    if constraints.product_id is not None:
        products &= catalog.ids == constraints.product_id
    return products, variants


def _priced(constraints: Constraints) -> bool:
    return constraints.price_min_cents is not None or constraints.price_max_cents is not None


def _relax(constraints: Constraints) -> tuple[Constraints, str]:
    """Drop the constraint least likely to be the point of the request."""
    if constraints.options:
        dropped = constraints.options[-1]
        return constraints.model_copy(update={"options": constraints.options[:-1]}), dropped.said
    if _priced(constraints):
        relaxed = constraints.model_copy(update={"price_min_cents": None, "price_max_cents": None})
        return relaxed, "price"
    if constraints.brand is not None:
        return constraints.model_copy(update={"brand": None}), constraints.brand
    if constraints.product_type is not None:
        return constraints.model_copy(update={"product_type": None}), constraints.product_type
    if constraints.in_stock:
        return constraints.model_copy(update={"in_stock": False}), "in stock"
    return Constraints(), str(constraints.product_id)


# --- ranking ---------------------------------------------------------------------------------


def _rank(
    parts: Parts,
    query: Query,
    allowed: Mask,
    lexical: Scores | None,
    semantic: Scores | None,
    marks: _Marks,
    ranking: Ranking,
) -> tuple[Rows, Fused]:
    """Qualifying products, best first, and every product's fused score."""
    fused = np.zeros(len(allowed), dtype=np.float64)
    if lexical is None and semantic is None:
        return np.flatnonzero(allowed), fused
    if lexical is not None:
        _vote(fused, np.where(allowed, lexical, 0), ranking, ranking.lexical_weight)
    if semantic is not None:
        similar = allowed & (semantic >= ranking.min_cosine)
        _vote(fused, np.where(similar, semantic, 0), ranking, ranking.semantic_weight)
    if query.type_hints:
        hinted = allowed & np.isin(parts.products.types, list(query.type_hints))
        fused[hinted & (fused > 0)] += ranking.type_weight / (ranking.rrf_k + 1)
    for marked, weight in ((marks.sized, ranking.size_weight), (marks.coded, ranking.code_weight)):
        if marked is not None:
            fused[allowed & marked & (fused > 0)] += weight / (ranking.rrf_k + 1)
    candidates = np.flatnonzero(fused > 0)
    return candidates[np.argsort(-fused[candidates], kind="stable")], fused


def _vote(fused: Fused, scores: Scores, ranking: Ranking, weight: float) -> None:
    """Add each product's reciprocal-rank vote from one ranking (only positive scores)."""
    top = _top(scores, ranking.depth)
    fused[top] += weight / (ranking.rrf_k + 1 + np.arange(len(top)))


def _sorted(
    parts: Parts, query: Query, rows: Rows, fused: Fused, variants: Mask | None, ranking: Ranking
) -> Rows:
    """Reorder the clearly relevant head of the ranking by price or recency: the products of
    the types the query names, else those scoring near the best; the rest follows."""
    sort = query.sort
    if sort not in ("price_asc", "price_desc", "newest") or not len(rows):
        return rows
    if query.type_hints:
        in_head = np.isin(parts.products.types[rows], list(query.type_hints))
    else:
        in_head = fused[rows] >= ranking.sort_share * fused[rows[0]]
    head, rest = rows[in_head], rows[~in_head]
    if sort == "newest":
        keys = -parts.products.positions[head].astype(np.float64)
    else:
        sign = 1.0 if sort == "price_asc" else -1.0
        keys = sign * _offered_prices(parts, variants, highest=sort == "price_desc")[head]
    return np.concatenate([head[np.argsort(keys, kind="stable")], rest])


def _offered_prices(parts: Parts, variants: Mask | None, *, highest: bool) -> Fused:
    """Per product, the price of the variant a hit would offer (in stock first); products
    without a price sort last."""
    table = parts.variants
    qualifying = table.price_cents != NO_PRICE
    if variants is not None:
        qualifying &= variants
    reduce = np.maximum if highest else np.minimum
    missing = -np.inf if highest else np.inf
    prices = table.price_cents.astype(np.float64)
    stocked = reduce.reduceat(
        np.where(qualifying & table.in_stock, prices, missing), table.starts[:-1]
    )
    anyhow = reduce.reduceat(np.where(qualifying, prices, missing), table.starts[:-1])
    offered = np.where(np.isfinite(stocked), stocked, anyhow)
    return np.where(np.isfinite(offered), offered, -missing if highest else missing)


# --- hits ------------------------------------------------------------------------------------


def _best_variant(parts: Parts, row: int, variants: Mask | None, sort: SortOrder | None) -> int:
    """The qualifying variant to offer: in stock first, then cheapest (dearest for a
    high-to-low sort), then catalog order."""
    table = parts.variants
    rows = [r for r in table.rows_of(row) if variants is None or variants[r]]
    rows = rows or list(table.rows_of(row))
    sign = -1 if sort == "price_desc" else 1

    def preference(r: int) -> tuple[bool, int, int]:
        price = int(table.price_cents[r])
        return (not bool(table.in_stock[r]), sign * price if price != NO_PRICE else 1 << 62, r)

    return min(rows, key=preference)


def _hit(
    parts: Parts,
    row: int,
    score: float,
    variants: Mask | None,
    applied: Constraints,
    sort: SortOrder | None,
    currency: str,
) -> SearchHit:
    catalog, table = parts.products, parts.variants
    variant = _best_variant(parts, row, variants, sort)
    product_id = str(catalog.ids[row])
    pairs = [parts.vocabulary.pairs[p] for p in table.pairs_of(variant)]
    variant_id: str | None = str(table.ids[variant]) or None
    available = bool(table.in_stock[variant])
    if variant_id is None:
        options, variant_id = _configured(product_id, pairs, applied, orderable=available)
    else:
        options = dict(pairs)
    named = {name for option in applied.options for name, _ in option.choices}
    price = int(table.price_cents[variant])
    price_cents = None if price == NO_PRICE else price
    name = str(catalog.names[row])
    said = {n: v for n, v in options.items() if n in named}
    return SearchHit(
        product_id=product_id,
        variant_id=variant_id,
        name=name,
        brand=str(catalog.brands[row]) or None,
        type=str(catalog.types[row]) or None,
        options=options,
        price_cents=price_cents,
        available=available,
        score=round(score, 6),
        summary=summary(name, said, price_cents, available, currency),
    )


def _with_images(index: SearchIndex, hits: list[SearchHit]) -> list[SearchHit]:
    """Each hit with its variant's image, else its product's (read from the store)."""
    if not hits:
        return hits
    variant_ids = [hit.variant_id for hit in hits if hit.variant_id]
    products, variants = image_urls(index.store, [hit.product_id for hit in hits], variant_ids)
    return [
        hit.model_copy(
            update={"image_url": variants.get(hit.variant_id or "") or products.get(hit.product_id)}
        )
        for hit in hits
    ]


def _configured(
    product_id: str, pairs: list[tuple[str, str]], applied: Constraints, *, orderable: bool
) -> tuple[dict[str, str], str | None]:
    """A product without variants: its options as far as the request names them and, for a
    made-to-order one, its configured variant id once every option is named."""
    offered = set(pairs)
    chosen: dict[str, str] = {}
    for option in applied.options:
        match = next((c for c in option.choices if c in offered), None)
        if match is not None:
            chosen.setdefault(match[0], match[1])
    dimensions = {name for name, _ in pairs}
    if orderable and dimensions and set(chosen) == dimensions:
        return chosen, configured_variant_id(product_id, chosen)
    return chosen, None
