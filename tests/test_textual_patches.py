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
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.css import stylesheet as stylesheet_module
from textual.css.stylesheet import Stylesheet
from textual.widgets import Footer, Label, OptionList

from backes_tui.tui.textual_patches import (
    FooterKey,
    FrameHook,
    KeyFooter,
    OnceParsedStylesheet,
    ParsedOnce,
    check_bindings,
    suspend_between_messages,
)


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
