"""Figures of framing.plots: forest, contrasts, emotions, distinctive terms, strip, voice."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from framing.analysis import aggregate, compare_sources, fightin_words
from framing.errors import ArgumentError
from framing.plots.distinctive import (
    BAR_W,
    LABEL_LINES,
    LABEL_WIDTH,
    plot_distinctive_terms,
    term_label,
)
from framing.plots.emotions import plot_emotion_profile
from framing.plots.forest import is_hollow, plot_contrasts, plot_forest
from framing.plots.strip import CHAR_W, _wrap, plot_framing_strip
from framing.plots.style import save_figure
from framing.plots.voice import plot_voice_comparison
from framing.schema import EMOTION_COLUMNS

matplotlib.use("Agg")  # no figure exists yet, so switching is safe after the imports

WORDS = ("the minister said that protesters gathered near the station while police watched "
         "and officials promised new measures for the city council budget").split()
SOURCES = {  # name: (articles, sentiment shift, loaded terms)
    "Bugle": (6, -0.45, ["thugs", "radical left", "disaster"]),
    "Globe": (6, 0.0, ["regime", "crackdown", "outrage"]),
    "Planet": (5, 0.4, ["heroic", "brave"]),
    "Solo": (1, 0.1, ["chaos"]),  # one article: estimates without intervals
}


def _sentence(rng: np.random.Generator, terms: list[str], n_words: int) -> tuple[str, list]:
    words = [str(w) for w in rng.choice(WORDS, size=n_words)]
    chosen = str(rng.choice(terms))
    words.insert(int(rng.integers(1, len(words))), chosen)
    text = " ".join(words).capitalize() + "."
    start = text.find(chosen)
    term = {"text": chosen, "start": start, "end": start + len(chosen),
            "type": "name_calling" if chosen in ("thugs", "regime") else "loaded_language",
            "score": 0.8, "categories": ["nrc:anger"], "voice": "author", "speaker": None,
            "target": None}
    return text, [term]


def make_sentences(seed: int = 7) -> pd.DataFrame:
    """A small synthetic scored sentence table with the real column vocabulary."""
    rng = np.random.default_rng(seed)
    rows = []
    for si, (source, (n_docs, shift, terms)) in enumerate(SOURCES.items()):
        for d in range(n_docs):
            for k in range(6):
                text, loaded = _sentence(rng, terms, int(rng.integers(6, 30)))
                quoted = k % 3 == 1
                s = float(np.clip(shift + rng.normal(0.0, 0.25), -1, 1))
                row = {
                    "doc_id": f"{source}-{d}", "source": source, "sent_idx": k, "start": 0,
                    "end": len(text), "text": text, "voice": "quoted" if quoted else "author",
                    "speaker": ("Mayor Vitali Klitschko" if quoted else None),
                    "sentiment": s,
                    "sentiment_label": ("negative" if s < -0.05 else
                                        "positive" if s > 0.05 else "neutral"),
                    "emotive": float(rng.beta(2 + si, 5)), "loaded_terms": loaded,
                }
                for e in EMOTION_COLUMNS:
                    row[e] = float(rng.beta(1, 10 + si))
                rows.append(row)
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def sentences() -> pd.DataFrame:
    return make_sentences()


@pytest.fixture(scope="module")
def by_source(sentences: pd.DataFrame) -> pd.DataFrame:
    return aggregate(sentences, by="source", n_boot=200)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def by_gid(fig, gid: str):
    found = fig.findobj(lambda a: a.get_gid() == gid)
    assert found, f"no artist with gid {gid!r}"
    return found[0]


def tick_labels(ax) -> list[str]:
    return [t.get_text() for t in ax.get_yticklabels()]


def top_down(ax) -> list[str]:
    """Y tick labels from the top of the axes down."""
    ticks = sorted(zip(ax.get_yticks(), tick_labels(ax), strict=True), key=lambda t: -t[0])
    return [label for _, label in ticks]


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text)]


# -- forest -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("order", "expected"), [
    (None, ["Bugle", "Globe", "Planet", "Solo"]),  # by name, not by estimate
    (["Solo", "Planet"], ["Solo", "Planet", "Bugle", "Globe"]),  # the rest by name
])
def test_forest_one_row_per_source_in_source_order_with_counts(by_source, order, expected):
    fig = plot_forest(by_source, order=order)
    (ax,) = fig.axes
    labels = top_down(ax)
    assert [label.split("  ")[0] for label in labels] == expected
    assert "n=6 art." in labels[expected.index("Bugle")]
    assert any(line.get_xdata()[0] == 0 for line in ax.lines if len(line.get_xdata()) == 2)


def test_forest_hollow_without_ci_and_na_not_zero(by_source):
    fig = plot_forest(by_source)
    assert is_hollow(by_gid(fig, "point:Solo"))  # one article: no interval
    assert not is_hollow(by_gid(fig, "point:Bugle"))
    table = by_source.copy()
    nan_row = (table["source"] == "Globe") & (table["metric"] == "mean_sentiment")
    table.loc[nan_row, ["estimate", "ci_low", "ci_high"]] = np.nan
    fig = plot_forest(table, title="with a missing estimate")
    artist = by_gid(fig, "point:Globe")
    assert isinstance(artist, Text) and artist.get_text() == "n/a"
    markers = [a for a in fig.axes[0].lines if a.get_marker() == "o"]
    assert len(markers) == len(SOURCES) - 1  # nothing plotted at 0 for Globe
    assert top_down(fig.axes[0])[1].startswith("Globe")  # n/a keeps its place


def test_forest_other_metric_and_errors(by_source):
    fig = plot_forest(by_source, metric="loaded_per_1000_words")
    assert "1,000 words" in fig.axes[0].get_xlabel()
    with pytest.raises(ArgumentError, match="no rows for metric"):
        plot_forest(by_source, metric="emotion_nope")
    with pytest.raises(ArgumentError, match="needs the column"):
        plot_forest(by_source.drop(columns="ci_low"))


def test_forest_by_two_columns(sentences):
    agg = aggregate(sentences, by=["source", "voice"], metrics=["mean_emotive"], n_boot=50)
    fig = plot_forest(agg, metric="mean_emotive", by=["source", "voice"])
    assert len(tick_labels(fig.axes[0])) == 2 * len(SOURCES)


# -- contrasts --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def contrasts(sentences: pd.DataFrame) -> pd.DataFrame:
    return compare_sources(sentences)


def test_contrasts_filled_iff_significant(contrasts):
    assert contrasts["significant"].any() and not contrasts["significant"].all()
    fig = plot_contrasts(contrasts)
    (ax,) = fig.axes
    assert len(tick_labels(ax)) == len(contrasts)
    for _, row in contrasts.iterrows():
        artist = by_gid(fig, f"contrast:{row['contrast']}")
        if np.isfinite(row["estimate"]):
            assert is_hollow(artist) != bool(row["significant"])
        else:  # Solo has one article: not estimable, written n/a
            assert isinstance(artist, Text) and artist.get_text() == "n/a"
            assert by_gid(fig, f"effect:{row['contrast']}").get_text() == "not estimable"
    zero = [line for line in ax.lines if list(line.get_xdata()) == [0, 0]]
    assert zero  # zero line


def test_contrasts_effect_sizes_and_sorting():
    table = pd.DataFrame({
        "contrast": ["A - B", "C - B", "C - A"], "source": ["A", "C", "C"],
        "versus": ["B", "B", "A"], "estimate": [0.30, -0.05, 0.12],
        "ci_low": [0.1, -0.2, np.nan], "ci_high": [0.5, 0.1, np.nan],
        "p_adjusted": [0.0004, 0.5, np.nan], "significant": [True, False, False],
        "effect_size": [0.81, -0.12, np.nan], "model": "mixed",
    })
    fig = plot_contrasts(table)
    assert top_down(fig.axes[0]) == ["A - B", "C - A", "C - B"]  # by source, then versus
    assert top_down(plot_contrasts(table, order=["C"]).axes[0]) == ["C - A", "C - B", "A - B"]
    assert by_gid(fig, "effect:A - B").get_text() == "d = +0.81   p_adj < 0.001"
    assert by_gid(fig, "effect:C - A").get_text() == "d = n/a   p_adj = n/a"
    assert not is_hollow(by_gid(fig, "contrast:A - B"))
    assert is_hollow(by_gid(fig, "contrast:C - A"))


# -- emotions ---------------------------------------------------------------------------------

def test_emotion_profile_rows_colours_and_hollow(sentences):
    agg = aggregate(sentences, by="source", metrics=["emotions"], n_boot=100)
    fig = plot_emotion_profile(agg)
    (ax,) = fig.axes
    assert tick_labels(ax) == list(EMOTION_COLUMNS)[::-1]  # anger on top
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(legend) == len(SOURCES) and legend[0].startswith("Bugle")
    colours = {by_gid(fig, f"point:{s}:emotion_anger").get_markeredgecolor() for s in SOURCES}
    assert len(colours) == len(SOURCES)  # one colour per source
    assert is_hollow(by_gid(fig, "point:Solo:emotion_fear"))
    assert not is_hollow(by_gid(fig, "point:Globe:emotion_fear"))


def test_emotion_profile_nan_estimate_is_na(sentences):
    agg = aggregate(sentences, by="source", metrics=["emotions"], n_boot=50)
    agg.loc[(agg["source"] == "Planet") & (agg["metric"] == "emotion_joy"),
            ["estimate", "ci_low", "ci_high"]] = np.nan
    fig = plot_emotion_profile(agg)
    assert by_gid(fig, "point:Planet:emotion_joy").get_text() == "n/a"
    with pytest.raises(ArgumentError, match="emotion"):
        plot_emotion_profile(aggregate(sentences, metrics=["mean_sentiment"], n_boot=10))


# -- distinctive terms ------------------------------------------------------------------------

def test_distinctive_one_panel_per_source_sorted_by_z(sentences):
    fw = fightin_words(sentences)
    fig = plot_distinctive_terms(fw, top=5)
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title(loc="left") for ax in panels] == sorted(SOURCES)
    for ax in panels:
        source = ax.get_title(loc="left")
        ys, labels = ax.get_yticks(), tick_labels(ax)
        labels = [label for _, label in sorted(zip(ys, labels, strict=True), reverse=True)]
        expected = fw[fw["source"] == source].head(5)["term"].tolist()
        assert labels == expected
        guides = {line.get_xdata()[0] for line in ax.lines if line.get_linestyle() == "--"}
        assert guides == {-1.96, 1.96}
    bugle = next(ax for ax in panels if ax.get_title(loc="left") == "Bugle")
    assert set(tick_labels(bugle)[:3]) == {"thugs", "radical left", "disaster"}


def test_distinctive_words_mode_and_errors(sentences):
    fw = fightin_words(sentences, mode="words", stopwords=True)
    fig = plot_distinctive_terms(fw, top=3, ncols=2)
    assert sum(ax.get_visible() for ax in fig.axes) == len(SOURCES)
    with pytest.raises(ArgumentError):
        plot_distinctive_terms(fw, top=0)


@pytest.mark.parametrize(("term", "lines", "ellipsis"), [
    ("thugs", 1, False),
    ("amount of angry headlines", 2, False),
    ("brutal conditions to dig them out of the rubble of the old town", 2, True),
    ("x" * 60, 2, True),  # one long word is broken too
])
def test_term_label_wraps_and_truncates(term, lines, ellipsis):
    label = term_label(term)
    assert len(label.split("\n")) == lines <= LABEL_LINES
    assert all(len(line) <= LABEL_WIDTH for line in label.split("\n"))
    assert label.endswith("…") is ellipsis


def _overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def test_distinctive_long_terms_do_not_collide(sentences):
    long = {"thugs": "brutal conditions to dig them out of the rubble of the old town",
            "regime": "every casualty an atrocity in the eyes of the watching world",
            "heroic": "amount of angry headlines"}
    table = sentences.copy()
    table["loaded_terms"] = [[{**t, "text": long.get(t["text"], t["text"])} for t in terms]
                             for terms in table["loaded_terms"]]
    fig = plot_distinctive_terms(fightin_words(table), top=3)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    panels = [ax for ax in fig.axes if ax.get_visible()]
    boxes = {id(ax): [t.get_window_extent(renderer) for t in ax.get_yticklabels()
                      if t.get_text()] for ax in panels}
    shown = [t.get_text() for ax in panels for t in ax.get_yticklabels()]
    assert any(label.endswith("…") for label in shown)  # the longest terms are cut
    assert all(len(line) <= LABEL_WIDTH for label in shown for line in label.split("\n"))
    figure_box = fig.bbox
    for ax in panels:
        own = boxes[id(ax)]
        for i, a in enumerate(own):  # no two labels of a panel overlap
            assert not any(_overlap(a, b) for b in own[i + 1:])
            assert a.x0 >= figure_box.x0 - 1  # nor run off the figure
        for other in panels:  # nor run into another panel
            if other is not ax:
                assert not any(_overlap(a, other.get_window_extent(renderer)) for a in own)
        assert ax.get_window_extent(renderer).width / fig.dpi >= 0.8 * BAR_W  # not squeezed


# -- one source order for all figures ---------------------------------------------------------

def _panel_titles(fig) -> list[str]:
    return [ax.get_title(loc="left") for ax in fig.axes if ax.get_visible()]


def _legend(fig) -> list[str]:
    return [t.get_text().split(" (")[0] for t in fig.axes[0].get_legend().get_texts()]


def _rows(fig) -> list[str]:
    return [label.split("  ")[0].split("\n")[0] for label in top_down(fig.axes[0])]


SOURCE_FIGURES = {
    "forest": (lambda t, o: plot_forest(aggregate(t, metrics=["mean_sentiment"], n_boot=20),
                                        order=o), _rows),
    "emotions": (lambda t, o: plot_emotion_profile(aggregate(t, metrics=["emotions"], n_boot=20),
                                                   order=o), _legend),
    "distinctive": (lambda t, o: plot_distinctive_terms(fightin_words(t), top=3, order=o),
                    _panel_titles),
    "voice": (lambda t, o: plot_voice_comparison(
        aggregate(t, by=["source", "voice"], metrics=["mean_sentiment"], n_boot=20), order=o),
        _rows),
}


@pytest.mark.parametrize("order", [None, ["Planet", "Solo", "Bugle", "Globe"], ["Solo"]])
@pytest.mark.parametrize("name", list(SOURCE_FIGURES))
def test_every_figure_lists_the_sources_in_one_order(sentences, name, order):
    draw, sources_of = SOURCE_FIGURES[name]
    expected = list(dict.fromkeys([*(order or []), *sorted(SOURCES)]))
    assert sources_of(draw(sentences, order)) == expected


def test_contrasts_follow_the_source_order(contrasts):
    order = ["Solo", "Planet"]
    rows = top_down(plot_contrasts(contrasts, order=order).axes[0])
    rank = {s: i for i, s in enumerate(["Solo", "Planet", "Bugle", "Globe"])}
    pairs = [tuple(rank[s] for s in row.split(" - ")) for row in rows]
    assert pairs == sorted(pairs) and len(pairs) == len(contrasts)


# -- framing strip ----------------------------------------------------------------------------

def _article(n: int = 20) -> pd.DataFrame:
    rng = np.random.default_rng(5)
    rows = []
    for k in range(n):
        text, loaded = _sentence(rng, ["radical left", "thugs", "disaster"],
                                 int(rng.integers(5, 45)))
        quoted = k % 4 == 2
        rows.append({
            "doc_id": "a1", "source": "Bugle", "sent_idx": k, "text": text,
            "voice": "quoted" if quoted else "author",
            "speaker": f"Speaker {k}" if quoted else None,
            "sentiment": np.nan if k == 3 else float(np.sin(k)),
            "emotive": np.nan if k == 4 else float(rng.random()), "loaded_terms": loaded,
        })
    return pd.DataFrame(rows).sample(frac=1.0, random_state=1)  # order restored by sent_idx


def test_strip_one_row_per_sentence_terms_and_speakers():
    article = _article(20)
    fig = plot_framing_strip(article, "a1", wrap=60)
    rows = fig.findobj(lambda a: isinstance(a, Rectangle)
                       and str(a.get_gid()).startswith("sentence:"))
    assert sorted(int(r.get_gid().split(":")[1]) for r in rows) == list(range(20))
    tops = {int(r.get_gid().split(":")[1]): r.get_y() for r in rows}
    assert [tops[k] for k in range(20)] == sorted(tops.values())  # in sentence order
    drawn_terms = [t.get_text() for t in fig.findobj(Text)
                   if str(t.get_gid()).startswith("term:")]
    expected = [t["text"] for terms in article.sort_values("sent_idx")["loaded_terms"]
                for t in terms]
    assert drawn_terms == expected
    assert all(t.get_fontweight() == "bold" for t in fig.findobj(Text)
               if str(t.get_gid()).startswith("term:"))
    speakers = [t.get_text() for t in fig.findobj(Text)
                if str(t.get_gid()).startswith("speaker:")]
    assert speakers == [f"Speaker {k}" for k in range(20) if k % 4 == 2]
    assert len(fig.findobj(lambda a: str(a.get_gid()).startswith("quoted:"))) == 5
    # missing sentiment: hatched n/a swatch, not a grey "0"; missing emotive: n/a, no bar
    assert by_gid(fig, "sentence:3").get_hatch() == "xx"
    assert not fig.findobj(lambda a: a.get_gid() == "emotive:4")
    assert texts(fig).count("n/a") == 2


def test_strip_grows_with_sentences_and_wraps():
    short = plot_framing_strip(_article(20).query("sent_idx < 5"), "a1")
    long = plot_framing_strip(_article(20), "a1")
    assert long.get_figheight() > 2.5 * short.get_figheight()
    assert long.get_figheight() / 20 > 0.3  # at least ~0.3 in per sentence
    text = "Police said the radical left thugs gathered near the central station again today"
    spans = [type("S", (), {"start": text.find("radical left"),
                            "end": text.find("radical left") + 12, "type": "x"})()]
    lines = _wrap(text, spans, 20)
    joined = [" ".join(text[s:e] for s, e in line) for line in lines]
    assert all(len(line) <= 20 for line in joined)
    assert any("radical left" in line for line in joined)  # a term never breaks
    assert " ".join(joined) == text


def test_strip_term_positions_follow_offsets():
    text = "Critics called the plan a total disaster, and said thugs ran the city."
    start = text.find("disaster")
    table = pd.DataFrame([{
        "doc_id": 1, "sent_idx": 0, "text": text, "sentiment": -0.8, "emotive": 0.6,
        "voice": "author", "speaker": None,
        # offsets of the second term are wrong: it is found by its text instead
        "loaded_terms": [{"text": "disaster", "start": start, "end": start + 8,
                          "type": "loaded_language"},
                         {"text": "thugs", "start": 0, "end": 5, "type": "name_calling"},
                         {"text": "not here", "start": 0, "end": 8, "type": "x"}],
    }])
    fig = plot_framing_strip(table, 1, title="Offsets")
    disaster = by_gid(fig, "term:0:loaded_language")
    thugs = by_gid(fig, "term:0:name_calling")
    assert disaster.get_text() == "disaster" and thugs.get_text() == "thugs"
    x_text = disaster.get_position()[0] - start * CHAR_W
    assert thugs.get_position()[0] == pytest.approx(x_text + text.find("thugs") * CHAR_W)
    assert any("not located" in t and "not here" in t for t in texts(fig))


def test_strip_unscored_quote_without_speaker_and_errors():
    table = pd.DataFrame([
        {"doc_id": "d", "sent_idx": 0, "text": "A quote.", "voice": "quoted", "speaker": None,
         "sentiment": 0.1, "emotive": 0.2, "loaded_terms": None},
    ])
    fig = plot_framing_strip(table, "d")
    assert "(speaker unknown)" in texts(fig)
    assert "loaded terms not scored" in texts(fig)
    with pytest.raises(ArgumentError, match="not in the sentence table"):
        plot_framing_strip(table, "missing")


# -- voice ------------------------------------------------------------------------------------

def test_voice_paired_points_per_source(sentences):
    agg = aggregate(sentences, by=["source", "voice"], n_boot=100)
    fig = plot_voice_comparison(agg)
    assert len(fig.axes) == 2
    assert "sentiment" in fig.axes[0].get_xlabel() and "emotive" in fig.axes[1].get_xlabel()
    labels = top_down(fig.axes[0])
    assert [label.split("\n")[0] for label in labels] == sorted(SOURCES)
    for source in SOURCES:
        for voice in ("author", "quoted"):
            point = fig.axes[0].findobj(lambda a, s=source, v=voice:
                                        a.get_gid() == f"point:{s}:{v}")[0]
            assert isinstance(point, Line2D)
            assert is_hollow(point) == (source == "Solo")


def test_voice_source_without_quotes_is_na(sentences):
    table = sentences[~((sentences["source"] == "Globe") & (sentences["voice"] == "quoted"))]
    fig = plot_voice_comparison(aggregate(table, by=["source", "voice"], n_boot=50))
    assert by_gid(fig, "point:Globe:quoted").get_text() == "n/a"
    with pytest.raises(ArgumentError):
        plot_voice_comparison(aggregate(table, by="source", n_boot=10))


# -- saving -----------------------------------------------------------------------------------

FIGURES = {
    "forest": lambda t: plot_forest(aggregate(t, metrics=["mean_sentiment"], n_boot=50)),
    "contrasts": lambda t: plot_contrasts(compare_sources(t, model="ols")),
    "emotions": lambda t: plot_emotion_profile(aggregate(t, metrics=["emotions"], n_boot=50)),
    "distinctive": lambda t: plot_distinctive_terms(fightin_words(t), top=4),
    "strip": lambda t: plot_framing_strip(t, "Bugle-0"),
    "voice": lambda t: plot_voice_comparison(
        aggregate(t, by=["source", "voice"], metrics=["mean_sentiment", "mean_emotive"],
                  n_boot=50)),
}


@pytest.mark.parametrize("name", list(FIGURES))
def test_save_figure_png_pdf_reproducible(name, sentences, tmp_path):
    paths = save_figure(FIGURES[name](sentences), tmp_path / name)
    first = [p.read_bytes() for p in paths]
    assert [p.suffix for p in paths] == [".png", ".pdf"]
    assert first[0][:8] == b"\x89PNG\r\n\x1a\n" and first[1][:5] == b"%PDF-"
    plt.close("all")
    save_figure(FIGURES[name](sentences), tmp_path / name)
    assert [p.read_bytes() for p in paths] == first
