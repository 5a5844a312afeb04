"""The detail's width: fair at every terminal width (issue 35).

The rule lives in `tui/columns.py`, a pure function; the pilot tests check
that the screen really lays itself out by it."""

from __future__ import annotations

from backes_tui.tui.columns import columns
from backes_tui.tui.detail import DetailView
from tests.conftest import resize

WIDTHS = range(80, 251)


def test_the_columns_fill_the_width_and_the_detail_never_shrinks_as_it_widens():
    narrower = 0
    for width in WIDTHS:
        periods, events, detail = columns(width)
        assert periods + events + detail == width
        # The detail's text: its width less border (2), padding (2), scrollbar (1).
        text = detail - 5
        assert text >= narrower, f"{text} columns at {width}, {narrower} at {width - 1}"
        narrower = text
        if width >= 150:
            assert text >= 40, width
        # The lists keep a usable width too, and no more than their titles need.
        assert 20 <= events <= 84, width
        assert periods == 0 if width < 110 else 20 <= periods <= 60, width


# The tester's sizes, and 1400x900 pixels in the browser (175 columns of 8 px).
SIZES = [
    (80, 24),
    (109, 30),
    (110, 30),
    (120, 40),
    (140, 45),
    (150, 45),
    (160, 50),
    (175, 50),
    (180, 45),
    (200, 60),
    (250, 60),
]


async def test_the_screen_gives_the_detail_what_the_rule_says(make_app):
    # One app, resized to each size: the explorer takes its columns from the
    # Resize event, which an app's start sends too (explorer_state.on_resize).
    # Then back to the first size, as the terminal a person narrows again.
    app = make_app()
    wrong = {}
    async with app.run_test(size=SIZES[0]) as pilot:
        for width, height in [*SIZES, SIZES[0]]:
            await resize(pilot, width, height)
            detail = app.explorer.query_one(DetailView)
            shown = (detail.outer_size.width, detail.content_region.width)
            want = columns(width).detail
            # Text wraps within the content region: border and padding off.
            if shown[0] != want or shown[1] < want - 5 or (width >= 150 and shown[1] < 40):
                wrong[width, height] = shown
    assert wrong == {}, (
        f"(outer, text) widths of the detail, where columns() gives another: {wrong}"
    )
