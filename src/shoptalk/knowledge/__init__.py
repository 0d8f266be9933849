"""Store-policy questions answered in the policy's own words."""

from shoptalk.knowledge.book import PolicyAnswer, PolicyBook
from shoptalk.knowledge.passages import split_sentences

__all__ = ["PolicyAnswer", "PolicyBook", "split_sentences"]
