r"""Quoted speech and speakers: is a span in the outlet's own voice or someone's words?

:func:`find_quotes` finds the quotations of a cleaned document and, where the text names
one, who is speaking; :func:`voice_of_span` then says whether any character span (a
sentence, a loaded term) is in the ``"author"`` voice or ``"quoted"``, and whose words it
is; :func:`annotate_sentences` does that for every sentence of a document. Everything is
rule based (regular expressions and word lists, no model), deterministic, fast (about 2 ms
for the 2,500-character seed article, sentence segmentation included) and never raises on a
``str``. Accuracy on the hand-written gold set
``tests/data/quotes_gold.jsonl`` is in ``results/validation/quotes/``
(``python benchmarks/quotes.py``).

Definitions and conventions (what the gold set encodes):

* **Quoted** means *inside quotation marks*. Reported speech without marks (``He said
  the attack was brutal.``) is the author's voice: the outlet chose those words.
  Scare quotes and nicknames (``a so-called “peace plan”``, ``“Dr. Denial”``) are
  quoted too; their speaker is ``None`` unless a speech verb names one.
* **Marks.** Double quotes “…”, "…", „…” and «…», and single quotes ‘…’ and '…' (British
  style and nested quotes); a curly quote left open by a straight closing mark (“…") and
  the reverse are accepted. ’ and ' between letters (``It’s``), ‘ after a letter
  (``Russia‘s``), plural possessives (``workers’ rights``) and elisions (``’90s``,
  ``rock ’n’ roll``) are apostrophes, not quotes. A single quote is a quote only when it
  closes in the same paragraph (or opens a paragraph, see below). Quotes nested in a
  quote are part of the outer quote and get its speaker.
* **Spans include the quotation marks**: ``text[q.start:q.end]`` is ``“unfair”``, not
  ``unfair``. Quotes are returned sorted and never overlap.
* **Unclosed quotes** end at the end of their paragraph, unless the next paragraph opens
  with a quotation mark of the same kind: then the quote goes on (the newspaper
  convention for multi-paragraph quotes, where every paragraph of the quote opens with “
  and only the last one closes). A multi-paragraph quote is **one** :class:`Quote` whose
  span covers the line breaks. A stray opening mark inside an open quote (the seed
  article's ``… Ukraine. “That would be …”``) does not end it.
* **Speakers.** Found in this order: an attribution after the quote (``“…,” X said.``,
  ``“…,” said X.``, ``“…?” he asked.``, ``“…,” according to X.``); the last speech verb
  before the quote in its sentence (``X said: “…”``, ``X told the BBC: “…”``,
  ``Trump replied: “…”``, ``X said there may be a way – but it would be “unfair”``,
  ``X's claim that “…”``, ``As X put it, …“…”``, a headline ``X: ‘…’``); otherwise a
  quote that follows another quote with nothing but that quote's attribution in between
  (``“…,” X said. “…”``, or a new paragraph that opens with a quote right after a quote)
  continues its speaker.
  Passive verbs name no speaker: in ``The White House leader was later asked: “…”`` the
  asker is not named, so the speaker is ``None`` (``… by X`` after the quote names X).
* **Speaker names** are given as written minus titles and roles: ``Defence Minister
  Ilsa Varrow`` and ``Dr. Ilsa Varrow`` give ``Ilsa Varrow``; ``Mr. Quist's office``
  gives ``Quist's office``; an organisation keeps its name (``Marvessan Defence
  Ministry``, ``Council on Civic Relations`` with its ``on …`` part). A surname alone is
  expanded to the full name used for that person elsewhere in the document (``Klitschko
  said`` → ``Vitali Klitschko`` when the article names him so; ``Qunun`` → ``Rahaf
  Mohammed al-Qunun``), and so is a first name alone when one person of the document has it
  (``Surachate said``); a full-name variant (``Donald J. Trump``) becomes the first one
  introduced and an organisation's acronym its long form when the text spells it out
  (``USC`` → ``University of Southern California``), so one speaker has one string per
  document. Common first names (:mod:`framing.lexicons.first_names`) make ``Anita Hill`` a
  person despite ``hill`` and give a person's usual gender.
* **Pronouns and descriptions.** ``he``/``she`` and definite person descriptions (``the
  53-year-old``, ``the mayor``, ``the plucky youngster``) resolve to the most recent person
  named outside quotation marks before them (skipping a person whose title, role or first
  name says the other gender); failing that, to the most recent one-word name that is the
  subject of a verb (``Klitschko has also made …``). If there is none, the speaker is
  ``None``; the pronoun itself is never returned. ``they``, ``it``, ``we`` and indefinite
  descriptions (``a spokesman``) give ``None``, and so does ``he`` when the sentence before
  has an unnamed ``a spokesman`` as its subject. ``her “…” remark`` goes to the nearest
  person of that gender. A later quote in the same paragraph with no one else named between
  continues the earlier speaker. Crossheads (a paragraph of a few quoted words) and titles
  inside an attribution (``said on CBS' “Face the Nation.”``) have no speaker.
* **Voice of a span** (:func:`voice_of_span`): a span is ``"quoted"`` when at least half
  of its non-space characters lie inside quotes, not counting the characters of an
  attribution clause that belongs to a whole quote (``said Mira Dolan, a 38-year-old
  teacher`` after ``“…,”``; ``The 53-year-old told the BBC:`` before ``“…``). So a term
  inside a quote is quoted, a term in the attribution or elsewhere in the outlet's prose
  is the author's, and ``“We did not know,” said Mira Dolan, a 38-year-old teacher.``
  is a quoted sentence while ``Klitschko said it would be “unfair” on his people.`` is
  in the author's voice. The speaker of a quoted span is the speaker of the quote it
  overlaps most; an author span has speaker ``None``.

Modules, one job each (this module gathers their public names):

* :mod:`framing.attribute.gazetteer`: the word lists (titles, roles, speech verbs, ...);
* :mod:`framing.attribute.marks`: where quotations open and close;
* :mod:`framing.attribute.names`: person names in capitalised runs;
* :mod:`framing.attribute.document`: a document with quotes masked and its persons named;
* :mod:`framing.attribute.subjects`: the subject of a speech verb;
* :mod:`framing.attribute.speakers`: the rule-based speaker of each quote;
* :mod:`framing.attribute.speech`: the speaker the spaCy parse gives;
* :mod:`framing.attribute.ranker`: the optional learned choice among the candidates;
* :mod:`framing.attribute.finder`: the steps in order (:func:`find_quotes`);
* :mod:`framing.attribute.voice`: the voice of a span (:func:`voice_of_span`,
  :func:`annotate_sentences`).
"""

from __future__ import annotations

from framing.attribute.finder import find_quotes
from framing.attribute.speakers import Quote
from framing.attribute.voice import AUTHOR, QUOTED, annotate_sentences, voice_of_span

__all__ = ["AUTHOR", "QUOTED", "Quote", "annotate_sentences", "find_quotes", "voice_of_span"]
