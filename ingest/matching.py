"""Find the organisations and topics a story mentions, by every name they are known by.

A paper's database holds hundreds of courts, each with its Party branches, departments and
tribunals, and thousands of names and aliases between them. Searching a story for each name in
turn would be slow; an Aho–Corasick automaton (pyahocorasick) finds every occurrence of every
name in one pass over the text. The automaton is built once per import and reused for each
story on the page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import ahocorasick

from people.models import COURT_KINDS, Organization, OrganizationKind

# Kinds whose short names ("执行局", "政治部", "综合管理支部") repeat in every court: such a
# name only means the part of a court the same story also names.
PART_OF_COURT_KINDS = frozenset(
    {
        OrganizationKind.DEPARTMENT,
        OrganizationKind.PARTY_GROUP,
        OrganizationKind.PARTY_BRANCH,
        OrganizationKind.TRIBUNAL,
    }
)
CONTEXT_KINDS = frozenset({*COURT_KINDS, OrganizationKind.PROCURATORATE})


@dataclass(frozen=True)
class _Candidate:
    organization_id: int
    path: str
    court_path: str  # the nearest court or procuratorate above it ("" for none)
    # The name needs no other mention to be sure: an official (unique) name, a name that
    # carries its court's name ("攸县法院执行局"), or a unique name of a court or procuratorate.
    self_evident: bool


@dataclass
class OrganizationMatches:
    """What a story's text says about organisations."""

    organization_ids: list[int] = field(default_factory=list)
    # Names found in the text that were not linked, with the reason, for the report.
    skipped: list[str] = field(default_factory=list)


def _longest_leftmost(automaton: ahocorasick.Automaton, text: str):
    """Yield (start, name, value) for non-overlapping matches, preferring longer names."""
    found = [(end - len(name) + 1, name, value) for end, (name, value) in automaton.iter(text)]
    found.sort(key=lambda match: (match[0], -len(match[1])))
    covered_to = 0
    for start, name, value in found:
        if start >= covered_to:
            covered_to = start + len(name)
            yield start, name, value


class OrganizationMatcher:
    """Link a story to the organisations it names: official name, short name or alias."""

    def __init__(self, organizations) -> None:
        organizations = list(organizations)
        self.automaton = ahocorasick.Automaton()
        # Courts and procuratorates by tree path: the context that resolves a court's parts.
        self.context_paths = {o.path for o in organizations if o.kind in CONTEXT_KINDS}
        names_by_path = {o.path: o.all_names() for o in organizations}
        candidates: dict[str, list[_Candidate]] = defaultdict(list)
        for organization in organizations:
            courts = [
                p for p in self._context_ancestors(organization.path) if p != organization.path
            ]
            court_names = [court_name for path in courts for court_name in names_by_path[path]]
            for name in organization.all_names():
                self_evident = (
                    name == organization.name
                    or organization.kind not in PART_OF_COURT_KINDS
                    or any(court_name in name for court_name in court_names)
                )
                candidates[name].append(
                    _Candidate(
                        organization.pk,
                        organization.path,
                        courts[-1] if courts else "",
                        self_evident,
                    )
                )
        for name, found in candidates.items():
            self.automaton.add_word(name, (name, tuple(found)))
        self.empty = not candidates
        if not self.empty:
            self.automaton.make_automaton()

    def _context_ancestors(self, path: str) -> list[str]:
        """Return the paths of the courts and procuratorates at or above this tree path."""
        step = Organization.steplen
        prefixes = (path[:end] for end in range(step, len(path) + 1, step))
        return [prefix for prefix in prefixes if prefix in self.context_paths]

    @classmethod
    def from_database(cls) -> OrganizationMatcher:
        """Build the matcher over every organisation and all its names."""
        return cls(Organization.objects.prefetch_related("aliases"))

    def match(self, text: str) -> OrganizationMatches:
        """Return the organisations the text names, in order of first mention."""
        result = OrganizationMatches()
        if self.empty:
            return result
        found = [(name, cands) for _, name, cands in _longest_leftmost(self.automaton, text)]
        linked: dict[int, None] = {}
        deferred: list[tuple[str, tuple[_Candidate, ...]]] = []
        # First pass: names that can only mean one organisation, and official names.
        for name, cands in found:
            if len(cands) == 1 and cands[0].self_evident:
                linked.setdefault(cands[0].organization_id)
            else:
                deferred.append((name, cands))
        # Second pass: short names of court parts, and names shared by several organisations,
        # resolved under a court (or procuratorate) the story also names.
        skipped: dict[str, None] = {}
        paths = {c.organization_id: c.path for _, cands in found for c in cands}
        context = {a for pk in linked for a in self._context_ancestors(paths[pk])}
        for name, cands in deferred:
            # "执行局" means the 执行局 of a court the story names itself, not of any court
            # under it: a story naming only the high court links no county court's 执行局.
            under = [c for c in cands if c.court_path in context or c.path in context]
            if len(under) == 1:
                linked.setdefault(under[0].organization_id)
            elif under or any(c.self_evident for c in cands):
                skipped.setdefault(f"“{name}”可指多个机构，未关联，请手工选择。")
            else:
                skipped.setdefault(f"“{name}”未关联：稿件中没有提到它所属的法院或检察院。")
        result.organization_ids = list(linked)
        result.skipped = list(skipped)
        return result


class TopicMatcher:
    """Suggest existing topics whose name appears in a story."""

    def __init__(self, names) -> None:
        self.automaton = ahocorasick.Automaton()
        for name in names:
            self.automaton.add_word(name, name)
        self.empty = len(self.automaton) == 0
        if not self.empty:
            self.automaton.make_automaton()

    def match(self, text: str) -> list[str]:
        """Return topic names found in the text, most frequent first."""
        if self.empty:
            return []
        counts: dict[str, int] = defaultdict(int)
        for _, name in self.automaton.iter(text):
            counts[name] += 1
        return sorted(counts, key=lambda name: -counts[name])
