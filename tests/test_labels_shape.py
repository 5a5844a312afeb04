"""`import wikidata --labels FILE`: the file's shape is checked, never ignored."""

from __future__ import annotations

import json

import pytest

from backes_tui.cli import main
from tests.conftest import ROOT

WIKIDATA = ROOT / "tests" / "data" / "wikidata"


@pytest.mark.parametrize(
    ("labels", "where"),
    [
        ({"Q2": "Earth"}, "entities: required field is missing"),
        ([{"entities": {}}], "$: expected an object"),
        ({"entities": ["Q2"]}, "entities: expected an object"),
        ({"entities": {"Q2": "Earth"}}, "entities.Q2: expected an object"),
        ({"entities": {"Q2": {"labels": ["Earth"]}}}, "entities.Q2.labels: expected an object"),
        ({"entities": {"Q2": {"labels": {"en": "Earth"}}}}, "entities.Q2.labels.en: expected"),
        (
            {"entities": {"Q2": {"labels": {"en": {"value": 2}}}}},
            "entities.Q2.labels.en.value: expected a string",
        ),
    ],
)
def test_a_labels_file_of_the_wrong_shape_is_refused_in_one_line(tmp_path, capsys, labels, where):
    path = tmp_path / "labels.json"
    path.write_text(json.dumps(labels), encoding="utf-8")
    out = tmp_path / "out.json"
    code = main(["import", "wikidata", str(WIKIDATA / "entity.json"), "--labels", str(path)])
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert code == 2 and captured.out == "" and not out.exists()
    assert len(lines) == 1 and lines[0].startswith(f"{path}: {where}"), lines


def test_the_documented_shape_names_the_items(tmp_path, capsys):
    path = tmp_path / "labels.json"
    # The README's example of the shape, for an item the entity names.
    path.write_text(
        '{"entities": {"Q90010": {"labels": {"en": {"value": "Nouméa"}}}}}', encoding="utf-8"
    )
    out = tmp_path / "out.json"
    argv = ["import", "wikidata", str(WIKIDATA / "entity.json"), "--labels", str(path)]
    assert main([*argv, "-o", str(out)]) == 0
    capsys.readouterr()
    assert json.loads(out.read_text(encoding="utf-8"))["subject"]["birth_place"] == "Nouméa"
