"""Hostile documents for both importers: each one gets one line naming the
file, the JSON path and what was expected, and exit status 2; never a traceback.

The corpus is made here: every object and array of a valid document, in turn,
replaced by values of the wrong shape; plus the cases a tester found by hand.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from backes_tui.cli import main

WIKIDATA = Path(__file__).parent / "data" / "wikidata"
WRONG = [5, "x", [], ["x"], [5], {"a": 1}, True]
# A problem as every reader words it: the path, then what it expected or found.
LINE = re.compile(r"(?P<path>\$|[\w$][\w.\[\]$-]*): (?P<what>.+)")


def paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every object and array in ``value``, the first element of each array only."""
    if isinstance(value, dict):
        yield path
        for key, member in value.items():
            yield from paths(member, (*path, key))
    elif isinstance(value, list):
        yield path
        if value:
            yield from paths(value[0], (*path, 0))


def replaced(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    """``document`` with ``value`` at ``path``; ``document`` itself is untouched.
    Only the objects and arrays on the path are copied: the rest is shared,
    since the result is only written out."""
    if not path:
        return value
    step, *rest = path
    made = copy.copy(document)
    made[step] = replaced(document[step], tuple(rest), value)
    return made


def corpus(document: Any) -> Iterator[Any]:
    for path in paths(document):
        if not path:
            continue
        for wrong in WRONG:
            yield replaced(document, path, wrong)


def import_lines(capsys, source: str, file: Path, *more: str) -> tuple[int, list[str]]:
    code = main(
        ["import", source, str(file), *more, "-o", str(file.with_suffix(".out")), "--force"]
    )
    captured = capsys.readouterr()
    return code, captured.err.splitlines()


def assert_one_problem_line(code: int, lines: list[str], file: Path) -> None:
    assert code == 2, lines
    assert len(lines) == 1, lines
    prefix = f"{file}: "
    assert lines[0].startswith(prefix), lines
    assert LINE.fullmatch(lines[0][len(prefix) :]), lines


def popolo_document(capsys) -> Any:
    assert main(["export", "--to", "popolo"]) == 0
    return json.loads(capsys.readouterr().out)


def run_corpus(capsys, tmp_path: Path, source: str, document: Any) -> tuple[int, int]:
    """(documents refused with one line, documents read) over the corpus of ``document``."""
    refused = read = 0
    file = tmp_path / "hostile.json"
    for number, hostile in enumerate(corpus(document)):
        file.write_text(json.dumps(hostile), encoding="utf-8")
        code, lines = import_lines(capsys, source, file)
        if code == 0:
            read += 1
            continue
        assert_one_problem_line(code, lines, file)
        refused += 1
        assert number < 2000
    return refused, read


def test_every_hostile_wikidata_document_gets_one_line(capsys, tmp_path):
    document = json.loads((WIKIDATA / "entity.json").read_text(encoding="utf-8"))
    refused, _ = run_corpus(capsys, tmp_path, "wikidata", document)
    assert refused >= 80


def test_every_hostile_popolo_document_gets_one_line(capsys, tmp_path):
    refused, _ = run_corpus(capsys, tmp_path, "popolo", popolo_document(capsys))
    assert refused >= 80


def entity(**claims: Any) -> dict[str, Any]:
    born = {
        "mainsnak": {
            "snaktype": "value",
            "datavalue": {"value": {"time": "+1976-04-15T00:00:00Z", "precision": 11}},
        },
        "rank": "normal",
    }
    return {"entities": {"Q1": {"claims": {"P569": [born], **claims}}}}


def office(**statement: Any) -> list[dict[str, Any]]:
    snak = {"snaktype": "value", "datavalue": {"value": {"id": "Q7"}}}
    start = {
        "snaktype": "value",
        "datavalue": {"value": {"time": "+2019-01-01T00:00:00Z", "precision": 11}},
    }
    return [{"mainsnak": snak, "rank": "normal", "qualifiers": {"P580": [start]}, **statement}]


WIKIDATA_CASES = {
    "referenced-label": (
        {
            **entity(P39=office()),
            "entities": {**entity(P39=office())["entities"], "Q7": {"labels": {"en": "x"}}},
        },
        "entities.Q7.labels.en: expected an object, found a string",
    ),
    "qualifiers-array": (
        entity(P39=office(qualifiers=[])),
        "entities.Q1.claims.P39[0].qualifiers: expected an object, found an array",
    ),
    "references-number": (
        entity(P39=office(references=5)),
        "entities.Q1.claims.P39[0].references: expected an array, found a number",
    ),
    "rank-array": (
        entity(P39=office(rank=[])),
        "entities.Q1.claims.P39[0].rank: expected a string, found an array",
    ),
    "birth-string": (
        {"entities": {"Q1": {"claims": {"P569": ["x"]}}}},
        "entities.Q1.claims.P569[0]: expected an object, found a string",
    ),
    "reference-url-string": (
        entity(
            P39=office(references=[{"snaks": {"P854": [{"snaktype": "value", "datavalue": "u"}]}}])
        ),
        "entities.Q1.claims.P39[0].references[0].snaks.P854[0].datavalue: "
        "expected an object, found a string",
    ),
}


@pytest.mark.parametrize(
    ("labels", "problem"),
    [
        ([], "$: expected an object, found an array"),
        ("x", "$: expected an object, found a string"),
        ({"entities": [1]}, "entities: expected an object, found an array"),
        ({"entities": {"Q7": 1}}, "entities.Q7: expected an object, found a number"),
        (
            {"entities": {"Q7": {"labels": []}}},
            "entities.Q7.labels: expected an object, found an array",
        ),
    ],
)
def test_a_labels_file_of_the_wrong_shape_is_named(capsys, tmp_path, labels, problem):
    entity_file = tmp_path / "entity.json"
    entity_file.write_text(json.dumps(entity(P39=office())), encoding="utf-8")
    labels_file = tmp_path / "labels.json"
    labels_file.write_text(json.dumps(labels), encoding="utf-8")
    code, lines = import_lines(capsys, "wikidata", entity_file, "--labels", str(labels_file))
    assert (code, lines) == (2, [f"{labels_file}: {problem}"])


def popolo(**organization: Any) -> dict[str, Any]:
    return {
        "persons": [{"id": "p", "name": "P", "birth_date": "1976"}],
        "organizations": [{"id": "o", "name": "O", **organization}],
        "memberships": [{"person_id": "p", "organization_id": "o", "start_date": "2000"}],
        "events": [{"id": "e", "name": "E", "start_date": "2001"}],
    }


POPOLO_CASES = {
    "other-names-object": (
        popolo(other_names={"name": "x"}),
        "organizations[0].other_names: expected an array, found an object",
    ),
    "other-names-number": (
        popolo(other_names=5),
        "organizations[0].other_names: expected an array, found a number",
    ),
    "other-names-strings": (
        popolo(other_names=["x"]),
        "organizations[0].other_names[0]: expected an object, found a string",
    ),
    "other-name-without-name": (
        popolo(other_names=[{"note": "short name"}]),
        "organizations[0].other_names[0].name: required field is missing",
    ),
    "membership-sources-number": (
        {**popolo(), "memberships": [{**popolo()["memberships"][0], "sources": 5}]},
        "memberships[0].sources: expected an array, found a number",
    ),
    "event-sources-number": (
        {**popolo(), "events": [{**popolo()["events"][0], "sources": 5}]},
        "events[0].sources: expected an array, found a number",
    ),
    "person-other-names-number": (
        {**popolo(), "persons": [{**popolo()["persons"][0], "other_names": 5}]},
        "persons[0].other_names: expected an array, found a number",
    ),
}


CASES = [("wikidata", name) for name in sorted(WIKIDATA_CASES)] + [
    ("popolo", name) for name in sorted(POPOLO_CASES)
]


@pytest.mark.parametrize(("source", "case"), CASES, ids=[f"{s}-{c}" for s, c in CASES])
def test_the_documents_that_tracebacked_get_their_line(capsys, tmp_path, source, case):
    document, problem = (WIKIDATA_CASES if source == "wikidata" else POPOLO_CASES)[case]
    file = tmp_path / f"{source}.json"
    file.write_text(json.dumps(document), encoding="utf-8")
    code, lines = import_lines(capsys, source, file)
    assert (code, lines) == (2, [f"{file}: {problem}"])


@pytest.mark.parametrize(
    ("source", "document"),
    [
        ("wikidata", WIKIDATA_CASES["rank-array"][0]),
        ("popolo", POPOLO_CASES["other-names-strings"][0]),
        ("popolo", POPOLO_CASES["membership-sources-number"][0]),
    ],
)
def test_a_hostile_document_through_the_installed_command(tmp_path, source, document):
    file = tmp_path / "hostile.json"
    file.write_text(json.dumps(document), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "backes_tui", "import", source, str(file)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith(f"{file}: ")
