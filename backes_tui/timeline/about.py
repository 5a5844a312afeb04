"""What the items of a timeline are about, for the search's `AliasRule`:
found as searches need it, and kept."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from backes_tui.timeline.model import Era, Office, Party, Timeline
from backes_tui.timeline.search import AliasRule, Named, SearchText, names_in, word_runs

# Search words whose rows about what they name are kept (typed searches come and go).
KEPT_WORDS = 64


class AboutIndex:
    """For each place, office and party a search word reaches, the events
    (as rows of the search text) and the periods (as positions in their lane)
    about it; the rule itself is `AliasRule`."""

    def __init__(self, timeline: Timeline, search: Callable[[], SearchText]) -> None:
        self.timeline = timeline
        self._search = search  # made on first use, by the query
        self.rule = AliasRule.of(
            ((place.name, place.aliases) for place in timeline.places),
            ((o.id, o.short, (o.title, *o.aliases)) for o in timeline.offices),
            ((p.id, p.short, (p.name, *p.aliases)) for p in timeline.parties),
        )
        self._event_rows: dict[str, set[int]] = {}
        self._word_rows: dict[str, set[int]] = {}
        self._periods: dict[tuple[int, str], set[int]] = {}
        self._lane_runs: dict[int, dict[str, list[int]]] = {}

    def event_rows(self, words: Sequence[str]) -> dict[int, set[int]]:
        """For each of ``words`` (by index) that reaches a named thing, the
        rows of the events about what it reaches."""
        reached = [self.rule.reached_by(word) for word in words]
        self._find_event_rows({thing for things in reached for thing in things})
        return {i: self._rows_about(word) for i, word in enumerate(words) if reached[i]}

    def _rows_about(self, word: str) -> set[int]:
        # Kept per word: the sets would otherwise be united at every keystroke.
        rows = self._word_rows.get(word)
        if rows is None:
            if len(self._word_rows) > KEPT_WORDS:
                self._word_rows.clear()
            about = self._event_rows
            rows = set().union(*(about[thing.key] for thing in self.rule.reached_by(word)))
            self._word_rows[word] = rows
        return rows

    def _find_event_rows(self, things: set[Named]) -> None:
        """Keep the rows of the events about each of ``things`` not yet known:
        those naming it (one pass over the search text for all), and those
        linking to it."""
        missing = {thing.key: thing.naming for thing in things if thing.key not in self._event_rows}
        if not missing:
            return
        search = self._search()
        found = search.rows_naming(missing)
        offices = {key.partition(":")[2] for key in missing if key.startswith("office:")}
        parties = {key.partition(":")[2] for key in missing if key.startswith("party:")}
        if offices or parties:
            # Asked as sets, in C: most events link to none of them (a key
            # made for each link of each of 100k events took 0.8 s).
            for position, event in enumerate(self.timeline.events):
                if offices.isdisjoint(event.offices) and parties.isdisjoint(event.parties):
                    continue
                row = search.row_of(position)
                for office in offices.intersection(event.offices):
                    found[f"office:{office}"].add(row)
                for party in parties.intersection(event.parties):
                    found[f"party:{party}"].add(row)
        self._event_rows.update(found)

    def periods(
        self, items: Sequence[Era | Office | Party], texts: Sequence[str], word: str
    ) -> set[int] | None:
        """Positions of the lane's periods (their folded words ``texts``) about
        anything ``word`` reaches; None where it reaches nothing. An office's
        words hold its places, so it is about them too."""
        reached = self.rule.reached_by(word)
        if not reached:
            return None
        about: set[int] = set()
        for thing in reached:
            key = (id(items), thing.key)
            if key not in self._periods:
                self._periods[key] = self._naming(items, texts, thing.naming)
            about |= self._periods[key]
        return about

    def _naming(
        self, items: Sequence[object], texts: Sequence[str], names: Sequence[str]
    ) -> set[int]:
        """Positions of the ``texts`` in which one of ``names`` stands as whole
        words. Where a name stands, the characters just before and after it
        are no word characters, so each word run of the name is a whole word
        run of the text: only the texts holding them all are asked."""
        by_run = self._lane_runs.get(id(items))
        if by_run is None:
            by_run = self._lane_runs[id(items)] = {}
            for position, text in enumerate(texts):
                for run in word_runs(text):
                    by_run.setdefault(run, []).append(position)
        found: set[int] = set()
        for name in names:
            runs = word_runs(name)
            holding: Iterable[int] = (
                set(by_run.get(runs.pop(), ())).intersection(*(by_run.get(r, ()) for r in runs))
                if runs
                else range(len(texts))
            )
            found.update(i for i in holding if i not in found and names_in(texts[i], (name,)))
        return found
