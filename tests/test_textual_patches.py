"""Each use of Textual's private API (tui/textual_patches.py) against the
Textual installed: a test here fails when Textual changes under a patch.

Should one fail after an upgrade, change the patch (or drop it, if Textual
now does the job) and the pin in pyproject.toml together.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import signal

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.css import stylesheet as stylesheet_module
from textual.css.stylesheet import Stylesheet
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList

from backes_tui.tui.textual_patches import (
    FooterKey,
    FrameHook,
    KeyFooter,
    OnceParsedStylesheet,
    ParsedOnce,
    check_bindings,
    lay_out_once_a_size,
    suspend_between_messages,
)
from tests.conftest import record_restyles


class Keys(App[None]):
    BINDINGS = [
        Binding("x", "ran('x')", "X", id="x"),
        Binding("p", "ran('p')", "P", priority=True, id="p"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.ran: list[str] = []

    def compose(self) -> ComposeResult:
        yield OptionList(*[f"option {n}" for n in range(50)], id="options")
        yield KeyFooter()

    def action_ran(self, key: str) -> None:
        self.ran.append(key)


def test_check_bindings_calls_a_coroutine_that_takes_a_key_and_priority():
    method = App._check_bindings
    assert inspect.iscoroutinefunction(method)
    assert list(inspect.signature(method).parameters) == ["self", "key", "priority"]


async def test_check_bindings_runs_a_key_s_binding_and_says_whether_one_ran():
    app = Keys()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert await check_bindings(app, "x") is True
        assert await check_bindings(app, "p") is True
        assert await check_bindings(app, "z") is False
        assert app.ran == ["x", "p"]


async def test_the_footer_is_ready_once_told_of_bindings_and_shows_footer_keys():
    assert list(inspect.signature(Footer.bindings_changed).parameters) == ["self", "screen"]
    app = Keys()
    async with app.run_test() as pilot:
        footer = app.query_one(KeyFooter)
        await pilot.pause()
        assert footer._bindings_ready is True
        keys = footer.query(FooterKey)
        assert {key.key for key in keys} >= {"x", "p"}
        # Told again of the same keys, it keeps the widgets it has.
        before = list(keys)
        footer.bindings_changed(app.screen)
        await pilot.pause()
        assert list(footer.query(FooterKey)) == before


@pytest.mark.parametrize("compact", [False, True])
async def test_footer_keys_are_born_as_compact_as_their_footer(compact):
    """`FooterKey.compact` is a reactive whose watcher sets the key's class
    (Textual's default: compact, set when mounted, then the footer's value
    bound): set before mounting, no key is restyled for it."""
    assert FooterKey.compact._default is True  # what a key is born as, unset

    class Compact(Keys):
        def compose(self) -> ComposeResult:
            yield KeyFooter(compact=compact)

    app = Compact()
    restyled = record_restyles(app)
    async with app.run_test() as pilot:
        await pilot.pause()
        keys = list(app.query(FooterKey))
        assert {key.key for key in keys} >= {"x", "p"}
        # The palette's key is not bound to the footer's value: born compact, it stays so.
        palette = [key for key in keys if key.has_class("-command-palette")]
        assert len(palette) == 1 and palette[0].compact and palette[0].has_class("-compact")
        bound = [key for key in keys if key not in palette]
        assert all(key.compact is compact for key in bound)
        assert all(key.has_class("-compact") is compact for key in bound)
        assert not [node for node in restyled if isinstance(node, FooterKey)]


async def test_a_footer_rebuilt_keeps_the_keys_that_stay_and_draws_as_a_whole_rebuild(timeline):
    """`KeyFooter.recompose` mounts only what changed; what it draws is what
    Textual's own rebuild (every key anew) draws."""
    from backes_tui.tui.app import BackesApp

    def drawn(app: BackesApp) -> list[list[tuple[str, object]]]:
        strips = app.screen._compositor.render_strips()
        return [[(segment.text, segment.style) for segment in strip] for strip in strips]

    app = BackesApp(timeline)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        before = list(footer.query(FooterKey))
        await pilot.press("right_square_bracket")  # escape now clears the years
        await pilot.pause()
        after = list(footer.query(FooterKey))
        fresh = [key for key in after if key not in before]
        assert [key.key for key in fresh] == ["escape"]
        assert [key for key in after if key in before] == before  # kept, in order
        kept = drawn(app)
        footer.call_later(Footer.recompose, footer)  # Textual's: every key anew
        await pilot.pause()
        assert not set(footer.query(FooterKey)) & set(after)
        assert drawn(app) == kept


class SizedScreen(Screen[None]):
    def __init__(self) -> None:
        super().__init__()
        self.told: list[Size] = []

    def on_resize(self, event: events.Resize) -> None:
        self.told.append(event.size)


class Sized(Keys):
    def get_default_screen(self) -> Screen[None]:
        return SizedScreen()


async def test_a_screen_is_laid_out_once_a_size():
    """Why `lay_out_once_a_size`: a screen's first layout tells the screen
    the size it was just laid out at, by a Resize, which Textual laid out
    again. Patched, that Resize lays nothing out; a new size still does."""
    assert list(inspect.signature(Screen._screen_resized).parameters) == ["self", "size"]
    lay_out_once_a_size()
    app = Sized()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SizedScreen)
        assert Size(80, 24) in screen.told and screen.outer_size == Size(80, 24)
        layouts: list[object] = []
        screen.screen_layout_refresh_signal.subscribe(app, layouts.append, immediate=True)
        screen.post_message(events.Resize(Size(80, 24), Size(80, 24)))
        await pilot.pause()
        assert layouts == []
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert layouts and screen.outer_size == Size(100, 30)
        assert app.query_one(OptionList).outer_size.width == 100


async def test_an_option_list_still_fails_a_page_key_before_it_has_a_size():
    """Why `Palette` guards its page keys. If this fails, Textual pages an
    unsized list safely now, and `Palette` can go (tests/test_robustness.py
    checks the palette itself)."""
    app = Keys()
    async with app.run_test():
        unsized = OptionList(*[f"option {n}" for n in range(50)])
        unsized.styles.display = "none"
        await app.mount(unsized)
        unsized.highlighted = 0
        with pytest.raises(KeyError):
            unsized.action_page_down()


def test_display_writes_a_frame_and_moves_the_cursor_to_cursor_position():
    """`FrameHook` overrides `App._display`, which must still take the screen
    and the frame, and place the terminal's cursor from `cursor_position`."""
    assert list(inspect.signature(App._display).parameters) == ["self", "screen", "renderable"]
    source = inspect.getsource(App._display)
    assert "self.cursor_position" in source and "move_to" in source


async def test_before_frame_runs_before_each_frame_is_written():
    seen: list[object] = []

    class Hooked(FrameHook):
        def before_frame(self) -> None:
            seen.append(self.cursor_position)

    app = Hooked()
    async with app.run_test() as pilot:
        await pilot.pause()
        # Headless, Textual does not write frames, but calls _display all the same.
        seen.clear()
        app.screen.refresh()
        await pilot.pause()
        assert seen


def test_the_driver_hides_the_cursor_when_it_starts_and_is_app_driver():
    """`show_terminal_cursor` undoes the driver's hide through `App._driver`."""
    from textual.drivers.linux_driver import LinuxDriver

    assert r"\x1b[?25l" in inspect.getsource(LinuxDriver.start_application_mode)
    assert r"\x1b[?25h" in inspect.getsource(LinuxDriver.stop_application_mode)
    app = App[None]()
    assert hasattr(app, "_driver") and app._driver is None


class Styled(ParsedOnce):
    CSS = "Label { color: $accent; }"

    def compose(self) -> ComposeResult:
        yield Label("styled")


async def test_an_app_parses_css_another_app_of_the_process_has_parsed_only_once(
    monkeypatch: pytest.MonkeyPatch,
):
    """`ParsedOnce` swaps the app's stylesheet before Textual reads into it;
    Textual must still parse through `Stylesheet._parse_rules`, read
    `Stylesheet._variables`, and call the module's `parse` for new text."""
    assert list(inspect.signature(Stylesheet._parse_rules).parameters) == [
        "self",
        "css",
        "read_from",
        "is_default_rules",
        "tie_breaker",
        "scope",
    ]
    parsed: list[str] = []
    real_parse = stylesheet_module.parse

    def counted(scope: str, css: str, *args: object, **kwargs: object) -> object:
        parsed.append(css)
        return real_parse(scope, css, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(stylesheet_module, "parse", counted)
    colours = []
    for _ in range(2):
        app = Styled()
        assert isinstance(app.stylesheet, OnceParsedStylesheet)
        async with app.run_test() as pilot:
            await pilot.pause()
            colours.append(app.query_one(Label).styles.color)
        if len(colours) == 1:
            assert Styled.CSS in parsed
            parsed.clear()
    assert parsed == []  # the second app's CSS, Textual's own too, all parsed before
    assert colours[0] == colours[1]


def test_parsed_css_is_kept_per_theme():
    """The theme's variables are in the key: rules parsed under one theme's
    variables are not handed to a stylesheet with another's."""
    colours = []
    for accent in ("#ff0000", "#0000ff"):
        sheet = OnceParsedStylesheet(variables={"accent": accent})
        sheet.add_source(Styled.CSS, ("test", "Styled.CSS"))
        sheet.parse()
        colours.append(sheet.rules[0].styles.color)
    assert colours[0] != colours[1]


async def test_ctrl_z_and_fg_reach_the_driver_between_messages_not_mid_step():
    """Textual's LinuxDriver catches SIGTSTP and SIGCONT with `signal.signal`, as
    `_sigtstp_application` and `_sigcont_application`; moved to the event loop,
    a signal waits for the main thread's current step (a write to the output
    queue, whose lock it holds) to end, where it ran in the middle of it."""
    from textual.drivers.linux_driver import LinuxDriver

    before = {signum: signal.getsignal(signum) for signum in (signal.SIGTSTP, signal.SIGCONT)}
    app: App[None] = App()
    driver = LinuxDriver(app)  # it catches both signals from here on
    try:
        assert signal.getsignal(signal.SIGTSTP) == driver._sigtstp_application
        assert signal.getsignal(signal.SIGCONT) == driver._sigcont_application
        seen: list[str] = []
        # Recorders, not the handlers: the real one would stop this process.
        driver._sigtstp_application = lambda *_: seen.append("ctrl+z")  # type: ignore[method-assign]
        driver._sigcont_application = lambda *_: seen.append("fg")  # type: ignore[method-assign]
        app._driver = driver
        suspend_between_messages(app)
        assert signal.getsignal(signal.SIGTSTP) != LinuxDriver._sigtstp_application.__get__(driver)
        os.kill(os.getpid(), signal.SIGTSTP)
        os.kill(os.getpid(), signal.SIGCONT)
        sum(range(100_000))  # the main thread's step: nothing runs in its middle
        assert seen == []
        await asyncio.sleep(0.05)  # the loop's turn
        assert seen == ["ctrl+z", "fg"]
    finally:
        loop = asyncio.get_running_loop()
        for signum, handler in before.items():
            loop.remove_signal_handler(signum)
            signal.signal(signum, handler)
