"""The sample contract's reasons: records inside, today's exact words outside, old reviews load.

The golden file ``sample_msa_reasons.json`` was written by the engine that still built its
reasons as sentences, before they became records (core.reasons, core.reason_text).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from ito_desktop.core.findings import Status
from ito_desktop.core.library.loader import load_library
from ito_desktop.core.library.schema import Library
from ito_desktop.core.reasons import Reason, ReasonKind
from ito_desktop.core.review import ReviewOptions, ReviewResult, review
from ito_desktop.core.serialize import review_to_dict
from ito_desktop.core.session import Decision, beside_review_path, load_session
from ito_desktop.export.base import ExportOptions
from ito_desktop.export.json_export import JsonExporter
from tests.conftest import PROJECT_ROOT, SAMPLES

GOLDEN = PROJECT_ROOT / "tests" / "fixtures" / "golden" / "review" / "sample_msa_reasons.json"
SAMPLE_SHA256 = "a68dab4f31d618527ce3346ae8603d697bf14e384db9b808794e5803b0a7b649"

# A review file exactly as ITO Review 0.1.0 saved it before reasons became records.
OLD_REVIEW_FILE = """{
  "format": "ito-review-session",
  "schema_version": 1,
  "app_version": "0.1.0",
  "contract_name": "sample_msa.docx",
  "contract_sha256": "a68dab4f31d618527ce3346ae8603d697bf14e384db9b808794e5803b0a7b649",
  "library_name": "ITO clause library",
  "library_version": "1",
  "reviewer": "Dana",
  "saved_at": "2026-12-07T23:09:56.089300Z",
  "items": [
    {
      "clause_id": "governing_law",
      "decision": null,
      "note": "",
      "done": true,
      "updated": "2026-12-07T23:09:56Z"
    },
    {
      "clause_id": "insurance",
      "decision": "not_applicable",
      "note": "Covered.",
      "done": false,
      "updated": "2026-12-07T23:09:56Z"
    }
  ]
}
"""


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(include_user_layer=False)


@pytest.fixture(scope="module")
def reviews(library: Library) -> dict[str, ReviewResult]:
    sample = SAMPLES / "sample_msa.docx"
    return {
        "learned_model": review(sample, library),
        "library_only": review(sample, library, ReviewOptions(text_model=None)),
    }


def _texts(result: ReviewResult) -> dict[str, list[str]]:
    return {f.clause_id: list(f.reason_texts) for f in result.findings}


def test_the_sample_gives_the_same_reason_texts_as_before(
    reviews: dict[str, ReviewResult],
) -> None:
    actual = {name: _texts(result) for name, result in reviews.items()}
    if os.environ.get("ITO_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(json.dumps(actual, indent=1, ensure_ascii=False) + "\n", "utf-8")
    assert actual == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_the_json_object_carries_the_words_of_the_records(
    reviews: dict[str, ReviewResult],
) -> None:
    for result in reviews.values():
        data = review_to_dict(result)
        assert [f["reasons"] for f in data["findings"]] == [
            list(f.reason_texts) for f in result.findings
        ]


def test_every_reason_is_a_record_whose_kind_says_what_it_is(
    reviews: dict[str, ReviewResult],
) -> None:
    for name, result in reviews.items():
        for finding in result.findings:
            assert finding.reasons, finding.clause_id
            assert all(isinstance(r, Reason) for r in finding.reasons)
            kinds = [r.kind for r in finding.reasons]
            if finding.status is Status.MISSING:
                assert kinds == [ReasonKind.BELOW_WEAK, ReasonKind.LOOKED_FOR]
            else:
                verdicts = {ReasonKind.SCORE_PRESENT, ReasonKind.SCORE_WEAK}
                assert len([k for k in kinds if k in verdicts]) == 1
                # the learned model speaks first, and lifts the library's cap on a weak match
                learned = name == "learned_model"
                assert (kinds[0] is ReasonKind.LEARNED_MODEL) is learned
                assert not (
                    learned and {ReasonKind.NO_ANCHOR, ReasonKind.ANCHOR_EXCLUDED} & set(kinds)
                )


def test_a_review_file_saved_before_reasons_were_records_still_loads(
    tmp_path: Path, reviews: dict[str, ReviewResult], library: Library
) -> None:
    contract = tmp_path / "sample_msa.docx"
    shutil.copyfile(SAMPLES / "sample_msa.docx", contract)
    beside_review_path(contract).write_text(OLD_REVIEW_FILE, encoding="utf-8")
    result = review(contract, library)
    assert result.document.sha256 == SAMPLE_SHA256
    loaded = load_session(contract, result.document.sha256, [f.clause_id for f in result.findings])
    assert loaded.notices == []
    session = loaded.session
    assert session.reviewer == "Dana"
    assert session.items["insurance"].decision is Decision.NOT_APPLICABLE
    assert session.items["insurance"].note == "Covered."
    assert session.items["governing_law"].done
    exported = json.loads(JsonExporter().render(result, session, ExportOptions()))
    assert {f["clause_id"]: f["reasons"] for f in exported["findings"]} == json.loads(
        GOLDEN.read_text(encoding="utf-8")
    )["learned_model"]
    items = {item["clause_id"]: item for item in exported["review"]["items"]}
    assert items["insurance"]["decision"] == "not_applicable"
    assert items["insurance"]["note"] == "Covered."
