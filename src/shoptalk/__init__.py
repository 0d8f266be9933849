"""ShopTalk: a self-hosted voice shopping assistant."""

from importlib.metadata import version

__version__ = version("shoptalk")
"""The installed distribution's version: pyproject.toml is its one home."""
