"""The store's own language model: a small Transformer trained on what shoppers say to this
store, used to pick among the speech recogniser's n best hypotheses."""

from shoptalk.lm.rescore import LMRescorer, Scored
from shoptalk.lm.runtime import LanguageModelRuntime, TokenScore
from shoptalk.lm.service import ensure_lm, lm_dir, load_lm, speech_rescorer

__all__ = [
    "LMRescorer",
    "LanguageModelRuntime",
    "Scored",
    "TokenScore",
    "ensure_lm",
    "lm_dir",
    "load_lm",
    "speech_rescorer",
]
