"""WCAG 2 contrast between colours given as (red, green, blue) bytes."""

from __future__ import annotations

RGB = tuple[int, int, int]


def luminance(rgb: RGB) -> float:
    """WCAG 2 relative luminance of an opaque colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = rgb
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast_ratio(first: RGB, second: RGB) -> float:
    """The WCAG 2 contrast ratio of two opaque colours, 1 to 21."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(background: RGB) -> RGB:
    """Black or white, whichever reads better on ``background``."""
    return max(((0, 0, 0), (255, 255, 255)), key=lambda text: contrast_ratio(text, background))
