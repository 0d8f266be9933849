"""Product descriptions written as HTML, read as plain text for search and for speech.

Shop platforms keep descriptions as HTML (`<p>`, `<ul><li>`, `&amp;`). The assistant reads
them aloud and searches their words, so markup goes: blocks and list items become lines,
inline tags vanish, entities become their characters, scripts and styles are dropped. A
regular-expression pass rather than an HTML parser: 100,000 descriptions must take seconds.
"""

import html
import re

_HIDDEN = re.compile(r"<(script|style|head|template)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_BLOCK = re.compile(
    r"</?(p|div|br|li|ul|ol|h[1-6]|tr|table|section|article|blockquote|dt|dd|hr)\b[^>]*>", re.I
)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


def plain_text(markup: str) -> str:
    """`<p>Soft &amp; warm.</p><ul><li>Wool</li></ul>` → `Soft & warm.\\nWool`."""
    if "<" not in markup and "&" not in markup:
        text = markup
    else:
        text = _HIDDEN.sub(" ", markup)
        text = _BLOCK.sub("\n", text)
        text = html.unescape(_TAG.sub("", text))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
