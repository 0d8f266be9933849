"""How text is cut into words, the same way for training and for parsing.

Lowercase, punctuation between words dropped, but kept inside the tokens that need it:
emails (`ada.lee@example.com`), prices (`$29.99`), order ids (`#W1001`), contractions.
"""

import re

WORD = re.compile(r"[#$]?[\w'@.\-]*\w|[#$]\w*")


def split_words(text: str) -> list[str]:
    return WORD.findall(text.lower())
