"""Understanding: normalisation, intents and catalog-grounded slots, the model and its training."""

from shoptalk.nlu.understanding import (
    Alternative,
    Intent,
    ProductMention,
    Slots,
    SpokenAddress,
    Understanding,
)

__all__ = ["Alternative", "Intent", "ProductMention", "Slots", "SpokenAddress", "Understanding"]
