"""Colours that stay readable in any theme: WCAG contrast, and a theme colour
moved towards black or white until text in it reads at AA (4.5:1)."""

from __future__ import annotations

from rich.style import Style
from textual.color import Color
from textual.widget import Widget

from backes_tui.formats.contrast import contrast_ratio, text_on

AA = 4.5

# Styles without colour: what the chart, panes and detail draw with before
# (or without) a theme, as in a test that renders them with plain Rich.
PLAIN = Style()
BOLD = Style(bold=True)
DIM = Style(dim=True)
ITALIC = Style(italic=True)
REVERSED = Style(reverse=True)
BOLD_REVERSED = Style(reverse=True, bold=True)
UNDERLINED = Style(underline=True, bold=True)


def contrast(first: Color, second: Color) -> float:
    """The WCAG 2 contrast ratio of two opaque colours, 1 to 21."""
    return contrast_ratio(first.rgb, second.rgb)


def contrast_text(background: Color) -> Color:
    """Black or white, whichever reads better on ``background``."""
    return Color(*text_on(background.rgb))


def readable(color: Color, background: Color, ratio: float = AA) -> Color:
    """``color``, or the nearest blend of it towards black or white that reads
    at ``ratio`` on ``background``: the theme's hue wherever it can be kept."""
    target = contrast_text(background)
    for step in range(11):
        candidate = color.blend(target, step / 10)
        if contrast(candidate, background) >= ratio:
            return candidate
    return target


def component_text(widget: Widget, name: str) -> Style:
    """A component class's text colour (its alpha blended over the widget's
    background, as it shows) and text style, readable on that background."""
    full = widget.get_component_rich_style(name)
    text = Style(color=full.color, bold=full.bold, italic=full.italic, underline=full.underline)
    return readable_style(text, Color.from_rich_color(widget.rich_style.bgcolor))


def readable_style(style: Style, background: Color) -> Style:
    """``style`` with its text colour made readable on its own background,
    or on ``background`` where it has none."""
    behind = Color.from_rich_color(style.bgcolor) if style.bgcolor else background
    if style.color is None:
        return style
    color = readable(Color.from_rich_color(style.color), behind)
    return style + Style(color=color.rich_color)
