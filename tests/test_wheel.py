"""The built wheel carries the timeline and finds it outside the source tree."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

# pip builds the wheel in a process of its own: several seconds, so CI runs
# these and the README's `pytest` leaves them out (pyproject.toml).
pytestmark = pytest.mark.external


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0 and "hatchling" in result.stderr:
        # Without hatchling in this environment, let pip fetch it.
        result = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(out), str(ROOT)],
            capture_output=True,
            text=True,
        )
    assert result.returncode == 0, result.stderr[-2000:]
    (path,) = out.glob("backes_tui-*.whl")
    return path


def test_wheel_contains_the_timeline(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "backes_tui/data/timeline.json" in names
    assert "backes_tui/tui/app.tcss" in names
    assert "backes_tui/formats/templates/timeline.html" in names


def test_installed_wheel_loads_its_data_from_any_directory(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "from backes_tui.storage.loader import load_timeline, shipped_data_path; "
        "t = load_timeline(); print(shipped_data_path()); print(len(t.events))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=elsewhere,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    path, count = result.stdout.split()
    assert Path(path) == site / "backes_tui" / "data" / "timeline.json"
    assert int(count) > 30


def test_installed_wheel_writes_the_html_page_from_its_template(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    result = subprocess.run(
        [sys.executable, "-m", "backes_tui", "export", "--to", "html", "--year", "2022"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert "<h1>Sonia Backès: a sourced timeline</h1>" in result.stdout
