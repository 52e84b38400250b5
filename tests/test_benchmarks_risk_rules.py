"""Smoke test of the risk-rule benchmark: hits from a review, verdicts, the per-rule table."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest

from benchmarks import risk_rules
from benchmarks.risk_rules import Hit, Verdict, attach, digest, load_verdicts, sample
from ito_desktop.core.library.loader import load_library
from tests.conftest import PROJECT_ROOT

CONTRACT = (
    "SERVICES AGREEMENT\n"
    "1. Subcontracting\n"
    "The Supplier may subcontract any of its obligations without the Customer's consent.\n"
    "2. Payment\n"
    "The Customer shall pay each invoice within ten (10) days of the invoice date.\n"
)


def _hit(rule_id: str, file: str, start: int, text: str = "") -> Hit:
    return Hit(
        rule_id=rule_id,
        clause_id="subcontracting",
        severity="high",
        status="present",
        file=file,
        clause_number="1",
        start=start,
        end=start + len(text),
        text=text,
    )


def test_review_file_reports_flagged_sentences_with_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "contract.txt"
    path.write_text(CONTRACT, encoding="utf-8")
    monkeypatch.setattr(risk_rules, "_library", load_library(include_user_layer=False))
    result = risk_rules.review_file(("contract.txt", path, 30))
    assert result.error == ""
    by_rule = {hit.rule_id: hit for hit in result.hits}
    assert "subcontract any of its obligations" in by_rule["sub_without_consent"].text
    assert by_rule["chg_short_payment_period"].values == {"payment_days": 10.0}
    assert all(hit.file == "contract.txt" for hit in result.hits)


def test_verdicts_attach_by_offset_or_by_digest_and_the_rest_are_gone(tmp_path: Path) -> None:
    hits = [
        _hit("sub_without_consent", "a.txt", 10, "The Supplier may subcontract at will."),
        _hit("sub_without_consent", "b.txt", 99, "Vendor may delegate without consent."),
    ]
    moved = digest(_hit("sub_without_consent", "b.txt", 5, "vendor may  DELEGATE without consent."))
    judgements = tmp_path / "judgements.csv"
    judgements.write_text(
        "rule_id,file,start,correct,note,digest\n"
        "sub_without_consent,a.txt,10,true,right,\n"
        f"sub_without_consent,b.txt,5,false,moved,{moved}\n"
        "sub_without_consent,c.txt,1,false,no longer fires,\n",
        encoding="utf-8",
    )
    matched, stale = attach(hits, load_verdicts(judgements))
    assert matched[0].correct
    assert not matched[1].correct  # found by its digest although its offset moved
    assert [v.file for v in stale] == ["c.txt"]


def test_sample_takes_one_hit_per_file_first() -> None:
    hits = [_hit("r", "a.txt", i, f"sentence {i}") for i in range(5)] + [_hit("r", "b.txt", 7)]
    chosen = sample(hits, 2, None)["r"]
    assert {hit.file for hit in chosen} == {"a.txt", "b.txt"}


def test_table_from_saved_hits_and_yaml_verdicts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hits = [_hit("sub_without_consent", "a.txt", 10, "The Supplier may subcontract at will.")]
    saved = tmp_path / "hits.json"
    saved.write_text(json.dumps({"errors": [], "hits": [asdict(h) for h in hits]}))
    verdicts = tmp_path / "judgements.yaml"
    verdicts.write_text(
        "judgements:\n"
        "  - {rule_id: sub_without_consent, file: a.txt, start: 10, correct: true, note: ok}\n",
        encoding="utf-8",
    )
    code = risk_rules.main(
        ["--hits", str(saved), "--judgements", str(verdicts), "--markdown", "--sample", "1"]
    )
    out = capsys.readouterr().out
    assert code == 0
    row = next(line for line in out.splitlines() if line.startswith("| `sub_without_consent`"))
    assert row.split("|")[4:9] == [" 1 ", " 1 ", " 1 ", " 1 ", " 1.00 "]
    assert "The Supplier may subcontract at will." in out


def test_committed_judgements_are_readable_and_cover_enough_hits() -> None:
    verdicts = load_verdicts(PROJECT_ROOT / "benchmarks" / "risk_rule_judgements.yaml")
    assert len(verdicts) >= 30
    assert all(isinstance(v, Verdict) and v.note for v in verdicts)
