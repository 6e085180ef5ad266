"""Normalise argument text for matching while keeping every character at its original offset."""

import re

# One-to-one replacements, so that offsets in the normalised text are offsets in the original.
_TRANSLATE = str.maketrans(
    {
        **{c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u0060\u00b4\u02bc"},
        **{c: '"' for c in "\u201c\u201d\u201e\u201f\u2033"},
        **{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"},
        **{
            c: " "
            for c in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000\u200b\ufeff"
            + "".join(chr(x) for x in range(0x2000, 0x200B))
        },
    }
)

TOKEN_RE = re.compile(r"[a-z0-9]+")


def normalise(text: str) -> str:
    """Return `text` lower-cased with plain quotes, dashes and spaces, the same length as `text`."""
    plain = text.translate(_TRANSLATE)
    lowered = plain.lower()
    if len(lowered) == len(plain):
        return lowered
    # A few characters lower-case to two (e.g. "İ"); keep those as they are so offsets stay exact.
    return "".join(c if len(low := c.lower()) != 1 else low for c in plain)


def tokens(normalised: str) -> set[str]:
    """Return the set of ASCII word tokens in normalised text."""
    return set(TOKEN_RE.findall(normalised))
