"""Product search: lexical (BM25) and semantic (MiniLM) retrieval with variant-level filters.

    index = SearchIndex.open(store, progress=report)   # builds or loads, then updates
    result = search(index, "red running shoes under fifty dollars")
    result = search(index, SearchRequest.from_slots(understanding.slots))

The index lives beside the store (`var/stores/<store>/search/`) and follows its changes.
"""

from shoptalk.search.engine import DEFAULT_RANKING, Ranking, search
from shoptalk.search.index import Refresh, SearchIndex
from shoptalk.search.query import Query, interpret
from shoptalk.search.request import (
    Constraints,
    OptionConstraint,
    SearchHit,
    SearchRequest,
    SearchResult,
    SortOrder,
)
from shoptalk.search.spoken import spoken_price

__all__ = [
    "DEFAULT_RANKING",
    "Constraints",
    "OptionConstraint",
    "Query",
    "Ranking",
    "Refresh",
    "SearchHit",
    "SearchIndex",
    "SearchRequest",
    "SearchResult",
    "SortOrder",
    "interpret",
    "search",
    "spoken_price",
]
