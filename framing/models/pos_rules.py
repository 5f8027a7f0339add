"""The spaCy pipeline's attribute rules (tag -> coarse POS), applied without the Matcher.

``en_core_web_sm``'s ``attribute_ruler`` maps each fine tag to its universal POS and a few
word-specific exceptions (``that`` after ``WDT`` is a pronoun, ``there is`` a verb, spaces
``SPACE``). It runs spaCy's Matcher and builds a span per match: on news paragraphs it costs
as much as the tagger and the parser together. :class:`PosRules` applies the same patterns
with dictionary lookups and sets the same ``pos``, ``tag`` and ``dep`` values; the morphology
and the lemma exceptions (which nothing in the package reads, the lemmatizer is not loaded)
are not set. A test checks that the POS, tags and dependencies equal the ruler's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = ["ATTRS", "PosRules"]

ATTRS: tuple[str, ...] = ("POS", "TAG", "DEP")
"""The token attributes :class:`PosRules` sets (the ruler also sets MORPH and LEMMA)."""

_FIELDS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}

Token = tuple[str, str, str, bool]
"""A token as the rules see it: tag, lower-case text, dependency label, is-space."""


def _predicate(field: int, value: Any) -> Callable[[Token], bool]:
    if isinstance(value, Mapping):
        ((op, arg),) = value.items()
        if op == "IN":
            members = frozenset(arg)
            return lambda t: t[field] in members
        if op == "NOT_IN":
            members = frozenset(arg)
            return lambda t: t[field] not in members
        if op == "REGEX":
            rx = re.compile(arg)
            return lambda t: rx.search(t[field]) is not None
        raise ValueError(f"attribute rule operator {op!r} is not supported")
    return lambda t: t[field] == value


def _token_test(spec: Mapping[str, Any]) -> Callable[[Token], bool]:
    unknown = set(spec) - set(_FIELDS)
    if unknown:
        raise ValueError(f"attribute rule fields {sorted(unknown)} are not supported")
    tests = [_predicate(_FIELDS[k], v) for k, v in spec.items()]
    return lambda t: all(f(t) for f in tests)


def _only_key(pattern: Sequence[Mapping[str, Any]]) -> bool:
    """Whether a one-token pattern tests nothing but its index key (no test needed)."""
    return len(pattern) == 1 and len(pattern[0]) == 1 and isinstance(
        next(iter(pattern[0].values())), str | Mapping) and _keys(pattern[0]) is not None


def _keys(spec: Mapping[str, Any]) -> list[tuple[str, Any]] | None:
    """Index keys of a pattern's first token (``None``: tried at every token)."""
    for field in ("LOWER", "TAG", "DEP", "IS_SPACE"):
        v = spec.get(field)
        if isinstance(v, str | bool):
            return [(field, v)]
        if isinstance(v, Mapping) and set(v) == {"IN"}:
            return [(field, x) for x in v["IN"]]
    return None


class PosRules:
    """A spaCy pipeline component applying an attribute ruler's patterns by lookup.

    Args:
        patterns: ``AttributeRuler.patterns`` (``{"patterns", "attrs", "index"}`` dicts), in
            the ruler's order: as in the ruler, a later rule's values win.
    """

    def __init__(self, patterns: Sequence[Mapping[str, Any]]) -> None:
        self.rules: list[tuple[list[Callable[[Token], bool]] | None, int, dict[str, str]]] = []
        self.index: dict[tuple[str, Any], list[int]] = {}
        self.anywhere: list[int] = []
        for entry in patterns:
            attrs = {k: str(v) for k, v in entry["attrs"].items() if k in ATTRS}
            if not attrs:
                continue
            for pattern in entry["patterns"]:
                rid = len(self.rules)
                tests = None if _only_key(pattern) else [_token_test(s) for s in pattern]
                self.rules.append((tests, int(entry["index"]), attrs))
                keys = _keys(pattern[0])
                if keys is None:
                    self.anywhere.append(rid)
                for key in keys or ():
                    self.index.setdefault(key, []).append(rid)

    def __call__(self, doc: Any) -> Any:
        """Set ``pos``, ``tag`` and ``dep`` of ``doc``'s tokens as the ruler would."""
        from spacy.attrs import DEP, IS_SPACE, LOWER, POS, TAG

        strings = doc.vocab.strings
        names: dict[int, str] = {}

        def name(h: int) -> str:
            if h not in names:
                names[h] = strings[h] if h else ""
            return names[h]

        toks: list[Token] = [(name(t), name(w), name(d), bool(sp)) for t, w, d, sp in
                             doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()]
        n = len(toks)
        hits: list[tuple[int, int]] = []
        for i, tok in enumerate(toks):
            get = self.index.get
            for rid in {*get(("LOWER", tok[1]), ()), *get(("TAG", tok[0]), ()),
                        *get(("DEP", tok[2]), ()), *get(("IS_SPACE", tok[3]), ()),
                        *self.anywhere}:
                tests, index, _ = self.rules[rid]
                if tests is None:
                    hits.append((rid, i))
                elif i + len(tests) <= n and all(f(toks[i + j]) for j, f in enumerate(tests)):
                    hits.append((rid, i + index if index >= 0 else i + len(tests) + index))
        hits.sort()
        pos = doc.to_array([POS])
        for rid, at in hits:
            for key, value in self.rules[rid][2].items():
                if key == "POS":
                    pos[at] = strings[value]
                elif key == "TAG":
                    doc[at].tag_ = value
                else:
                    doc[at].dep_ = value
        doc.from_array([POS], pos)
        return doc
