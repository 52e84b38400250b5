"""The ito-review command line: formats, exit codes, error lines, output files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ito_desktop.cli.main import main
from ito_desktop.core.library.loader import load_library
from ito_desktop.core.matching.learned import bundled_model

CONTRACT = """MASTER SERVICES AGREEMENT

1. Governing Law
This Agreement shall be governed by and construed in accordance with the laws of England and Wales.

2. Payment
The Customer shall pay each invoice within fifteen (15) days of the invoice date.

3. Confidentiality
Each party shall keep the other party's Confidential Information confidential
and shall not disclose it to any third party.
"""


@pytest.fixture
def contract(tmp_path: Path) -> Path:
    path = tmp_path / "contract.txt"
    path.write_text(CONTRACT, encoding="utf-8")
    return path


def test_json_is_the_documented_object(contract: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(contract), "--format", "json", "--no-user-library"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "ito-review/1"
    assert set(data) == {"schema", "document", "library", "model", "findings", "summary"}
    model = bundled_model()
    assert model is not None
    assert data["model"]["version"] == model.version
    assert data["model"]["data_hash"] == model.data_hash
    assert data["model"]["documents"] > 400
    assert set(data["document"]) == {
        "path", "format", "sha256", "pages", "clauses", "warnings", "ocr"
    }  # fmt: skip
    assert data["document"]["ocr"] is None  # no page was read by OCR
    assert data["document"]["format"] == "txt"
    library = load_library(include_user_layer=False)
    assert len(data["findings"]) == len(library.entries) == data["library"]["entries"]
    finding = next(f for f in data["findings"] if f["clause_id"] == "governing_law")
    assert finding["status"] == "present"
    assert 0 <= finding["score"] <= 1
    assert finding["evidence"][0]["clause_number"] == "1"
    assert set(finding["evidence"][0]) == {"clause_number", "page", "start", "end", "text", "ocr"}
    payment = next(f for f in data["findings"] if f["clause_id"] == "charges_and_payment")
    assert any(r["values"].get("payment_days") == 15 for r in payment["risks"])
    summary = data["summary"]
    counts = summary["present"] + summary["weak"] + summary["missing"]
    assert counts == len(data["findings"])


def test_table_groups_by_category(contract: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(contract), "--no-user-library"]) == 0
    out = capsys.readouterr().out
    assert "GENERAL LEGAL TERMS" in out.upper()
    assert "PRESENT" in out
    assert "MISSING" in out
    assert "Summary:" in out
    assert "\033[" not in out  # no colour codes when not a terminal


def test_fail_on_missing_and_high(contract: Path) -> None:
    assert main(["analyze", str(contract), "--fail-on", "missing", "--no-user-library"]) == 1


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("missing.pdf", None, "does not exist"),
        ("notes.rtf", b"{\\rtf1 hello}", "not supported"),
        ("empty.docx", b"", "empty"),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj\n<<", ""),
        ("random.docx", bytes(range(256)) * 8, ""),
    ],
)
def test_unreadable_input_is_one_line_exit_2(
    tmp_path: Path, name: str, content: bytes | None, reason: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    proc = subprocess.run(
        [sys.executable, "-m", "ito_desktop.cli.main", "analyze", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert name in lines[0]
    assert reason in lines[0]
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_output_file_needs_force(contract: Path, tmp_path: Path) -> None:
    out = tmp_path / "review.json"
    args = ["analyze", str(contract), "--format", "json", "-o", str(out), "--no-user-library"]
    assert main(args) == 0
    first = json.loads(out.read_text(encoding="utf-8"))
    assert first["schema"] == "ito-review/1"
    assert main(args) == 2
    assert main([*args, "--force"]) == 0


def test_input_is_not_modified(contract: Path) -> None:
    before = contract.read_bytes()
    main(["analyze", str(contract), "--no-user-library"])
    assert contract.read_bytes() == before


def test_library_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ito_desktop.core.library.loader import bundled_library_dir

    assert main(["library", "validate", str(bundled_library_dir())]) == 0
    (tmp_path / "bad.yaml").write_text("category: legal\nentries:\n  - id: x\n", "utf-8")
    assert main(["library", "validate", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml: entry 'x': field 'title'" in err


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["analyze"])
    assert exc.value.code == 2


def test_a_check_flag_is_counted_apart_from_the_risks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # tr_auto_renewal has severity "check" (below 0.85 on unseen contracts)
    path = tmp_path / "renewal.txt"
    path.write_text(
        "SERVICES AGREEMENT\n\n1. Term\nThis Agreement renews automatically for successive "
        "one-year terms unless either party gives written notice of non-renewal at least thirty "
        "(30) days before the end of the term.\n",
        encoding="utf-8",
    )
    assert main(["analyze", str(path), "--format", "json", "--no-user-library"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["risks_check"] >= 1
    risks = [r for f in data["findings"] for r in f["risks"]]
    assert {r["severity"] for r in risks if r["rule_id"] == "tr_auto_renewal"} == {"check"}
    assert main(["analyze", str(path), "--no-user-library"]) == 0
    assert "to check" in capsys.readouterr().out
