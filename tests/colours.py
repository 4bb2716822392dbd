"""Colours as a reader sees them, for the tests that keep the text readable."""

from __future__ import annotations


def contrast(a, b) -> float:
    """WCAG's contrast ratio of two QColors (1 to 21; 4.5 is the least for text)."""

    def lum(c) -> float:
        def ch(v: int) -> float:
            s = v / 255
            return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

        return 0.2126 * ch(c.red()) + 0.7152 * ch(c.green()) + 0.0722 * ch(c.blue())

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
