"""The learned scorer: the shipped model file, determinism, and the library still as the lever."""

from __future__ import annotations

import importlib.util
import pickle
from pathlib import Path

import numpy as np
import pytest
import yaml

from ito_desktop.core.findings import Status
from ito_desktop.core.library.loader import load_library
from ito_desktop.core.library.schema import Library
from ito_desktop.core.matching.engine import match_document
from ito_desktop.core.matching.learned import (
    TextModel,
    bundled_model,
    feature_names,
    featurise,
    first_quotes,
    load_model,
    save_model,
    tokens,
)
from ito_desktop.core.reasons import ReasonKind
from ito_desktop.core.review import ReviewOptions, review
from tests.core.textdoc import document_from_lines

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLE = ROOT / "resources" / "samples" / "sample_msa.docx"

CONTRACT = [
    "MASTER SERVICES AGREEMENT",
    "This Agreement is made between Kestrel Freight plc (the Customer) and Lumen Data Ltd "
    "(the Supplier).",
    "1. Hosting",
    "The Supplier shall host the Customer's freight booking application at its data centre and "
    "keep it running in accordance with the schedule.",
    "2. Fee Review",
    "The fees shall be reviewed against the rates charged by comparable providers on each "
    "anniversary of the Effective Date and adjusted by agreement.",
    "3. Sustainability",
    "The Supplier shall report to the Customer each quarter the carbon emissions attributable "
    "to the hosting of the application and shall reduce them year on year.",
    "4. Governing Law",
    "This Agreement is governed by the laws of England and Wales.",
]


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(include_user_layer=False)


@pytest.fixture(scope="module")
def model() -> TextModel:
    loaded = bundled_model()
    assert loaded is not None, "ito_desktop/core/matching/text_model.npz is missing"
    return loaded


def test_the_shipped_model_loads_with_its_provenance(model: TextModel, library: Library) -> None:
    assert model.version
    assert len(model.data_hash) == 16
    assert model.meta["trained_by"] == "python -m benchmarks.train"
    assert set(model.clause_ids) == {entry.id for entry in library.entries}
    assert 0 < model.thresholds[1] <= model.thresholds[0] < 1
    size = (ROOT / "ito_desktop" / "core" / "matching" / "text_model.npz").stat().st_size
    assert size <= 10 * 1024 * 1024


def test_review_with_the_model_is_deterministic(library: Library) -> None:
    first = review(SAMPLE, library)
    second = review(SAMPLE, library)
    assert [(f.clause_id, f.status, f.score, f.evidence, f.reasons) for f in first.findings] == [
        (f.clause_id, f.status, f.score, f.evidence, f.reasons) for f in second.findings
    ]


def test_a_finding_says_why_the_model_read_it_so(library: Library) -> None:
    doc = document_from_lines(CONTRACT)
    by_id = {m.entry.id: m for m in match_document(doc, library, model=bundled_model())}
    governing = by_id["governing_law"]
    assert governing.status is Status.PRESENT
    assert governing.evidence[0].clause_number == "4"
    learned = governing.reasons[0]
    assert learned.kind is ReasonKind.LEARNED_MODEL
    assert learned.count("learnt") > 0  # it learnt from labelled passages, not the library's
    assert learned.text("clause_title") == governing.entry.title


def test_a_title_is_not_quoted_first_when_a_sentence_nearly_as_likely_states_the_clause() -> None:
    # Sentences: "Limited Warranty" (2 words), a full warranty sentence, an unrelated one.
    probs = np.array([[0.95, 0.90], [0.80, 0.10], [0.10, 0.05]], dtype=np.float32)
    words = np.array([2, 24, 18])
    chosen = first_quotes(probs, words)
    assert chosen[0] == 1  # 0.80 is within four log-odds of 0.95: the sentence is quoted
    assert chosen[1] == 0  # 0.10 is far below 0.90: the title stays (nothing better says it)
    assert (first_quotes(probs, np.array([24, 20, 18])) == probs.argmax(axis=0)).all()


def test_no_finding_on_the_sample_quotes_a_title_first(library: Library) -> None:
    result = review(SAMPLE, library)
    quoted = [f.evidence[0].text for f in result.findings if f.evidence]
    assert quoted
    assert all(len(text.split()) >= 5 for text in quoted), [t for t in quoted if len(t.split()) < 5]


def test_a_lead_in_quoted_first_never_stands_alone(library: Library) -> None:
    # "The Exit Plan shall cover at least:" states nothing: its first item is quoted with it,
    # or (when the item is the likeliest sentence) quoted next.
    result = review(SAMPLE, library)
    lead_ins = [f for f in result.findings if f.evidence and ":" in f.evidence[0].text]
    assert lead_ins
    for finding in lead_ins:
        first = finding.evidence[0].text.rstrip()
        if first.endswith(":"):
            assert len(finding.evidence) > 1, finding.clause_id
            assert finding.evidence[1].start > finding.evidence[0].start
    carried = [f for f in lead_ins if ":\n" in f.evidence[0].text]
    assert carried, "no lead-in in the sample was quoted with its item"


def test_numbers_become_shapes_so_percentages_agree() -> None:
    assert tokens("99.9% uptime, $5,000") == ["<pct>", "uptime", "<money>", "<num>"]
    assert "h:availability" in feature_names("up 99.5% of the time", "Availability", "")


def test_save_and_load_give_the_same_scores(tmp_path: Path, model: TextModel) -> None:
    path = tmp_path / "copy.npz"
    save_model(model, path)
    again = load_model(path)
    rows = featurise([("The Supplier shall maintain insurance cover of $5,000,000.", "", "")])
    np.testing.assert_array_equal(
        model.logits(*rows, range(len(model.clause_ids))),
        again.logits(*rows, range(len(again.clause_ids))),
    )
    save_model(again, tmp_path / "twice.npz")
    assert path.read_bytes() == (tmp_path / "twice.npz").read_bytes()


def _layer(folder: Path, entries: list[dict[str, object]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = {"category": "governance", "entries": entries}
    (folder / "company.yaml").write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    return folder


def _entry(library: Library, clause_id: str) -> dict[str, object]:
    """A bundled entry as a company layer would write it."""
    entry = library.entry(clause_id)
    return {
        "id": entry.id,
        "title": entry.title,
        "importance": str(entry.importance),
        "description": entry.description,
        "headings": list(entry.headings),
        "key_terms": [list(group.terms) for group in entry.key_terms],
        "examples": list(entry.examples),
        "guidance": {
            "preferred": entry.guidance.preferred,
            "fallback": entry.guidance.fallback,
            "sample_wording": entry.guidance.sample_wording,
        },
    }


def test_a_company_layer_heading_and_example_change_a_finding(
    tmp_path: Path, library: Library
) -> None:
    doc = document_from_lines(CONTRACT)
    before = {m.entry.id: m for m in match_document(doc, library, model=bundled_model())}
    assert before["benchmarking"].status is Status.MISSING
    entry = _entry(library, "benchmarking")
    entry["headings"] = [*entry["headings"], "Fee Review"]  # type: ignore[misc]
    entry["key_terms"] = [["reviewed against the rates", "comparable providers"], ["fees"]]
    entry["examples"] = [
        "The fees shall be reviewed against the rates charged by comparable providers each year."
    ]
    company = load_library([_layer(tmp_path / "company", [entry])], include_user_layer=False)
    after = {m.entry.id: m for m in match_document(doc, company, model=bundled_model())}
    assert after["benchmarking"].status is not Status.MISSING, after["benchmarking"].reasons
    assert after["benchmarking"].evidence[0].clause_number == "2"


def test_a_clause_id_only_in_a_company_layer_is_found(tmp_path: Path, library: Library) -> None:
    entry = {
        "id": "carbon_reporting",
        "title": "Carbon reporting",
        "importance": "recommended",
        "description": "The supplier reports and reduces the emissions of the service.",
        "headings": ["Sustainability", "Carbon Reporting"],
        "key_terms": [["carbon emissions", "greenhouse gas"], ["report*", "reduce"]],
        "examples": ["The Supplier shall report the carbon emissions of the Services quarterly."],
        "guidance": {"preferred": "P", "fallback": "F", "sample_wording": "S"},
    }
    company = load_library([_layer(tmp_path / "company", [entry])], include_user_layer=False)
    model = bundled_model()
    assert model is not None
    assert model.column("carbon_reporting") is None
    by_id = {
        m.entry.id: m for m in match_document(document_from_lines(CONTRACT), company, model=model)
    }
    found = by_id["carbon_reporting"]
    assert found.status is Status.PRESENT, found.reasons
    assert found.evidence[0].clause_number == "3"


def test_review_without_the_model_uses_the_library_alone(library: Library) -> None:
    result = review(SAMPLE, library, ReviewOptions(text_model=None))
    assert all(
        reason.kind is not ReasonKind.LEARNED_MODEL for f in result.findings for reason in f.reasons
    )


@pytest.mark.corpus
def test_retraining_from_the_same_data_reproduces_the_model(tmp_path: Path) -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS}")
    if importlib.util.find_spec("sklearn") is None:
        pytest.skip("scikit-learn is not installed (pip install -e '.[train]')")
    from benchmarks.train import main

    for name in ("a.npz", "b.npz"):
        assert main(["--limit", "12", "--jobs", "1", "--out", str(tmp_path / name)]) == 0
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()


def test_the_shipped_model_crosses_to_batch_workers_as_a_reference(model: TextModel) -> None:
    # Pickling its 42 MB of weights for every worker made batch start slow, and Ctrl+C was
    # ignored while it happened (workers start with SIGINT ignored).
    data = pickle.dumps(ReviewOptions())
    assert len(data) < 10_000
    assert pickle.loads(data).text_model is model
