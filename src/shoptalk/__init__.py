"""ShopTalk: a self-hosted voice shopping assistant."""

__version__ = "0.1.0"
