"""The CLI reviews with the desktop app's saved settings, ``--defaults`` and the limit flags."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from ito_desktop.cli.main import main
from ito_desktop.cli.review_options import with_limit_hint
from ito_desktop.core.errors import InputError, TooLarge, UserLimit
from ito_desktop.core.findings import Finding, Status
from ito_desktop.core.library.loader import load_library
from ito_desktop.core.review import review
from ito_desktop.core.settings import Settings, save_settings, settings_path
from tests.cli.test_analyze import CONTRACT
from tests.core.ingest import pdf_factory

# Vague sentences the review reads as weak matches (the tests below need one weak finding
# with the default thresholds; several, so that retraining the model keeps at least one).
WEAK_CONTRACT = (
    CONTRACT
    + "\n4. Personnel\nThe Supplier shall not replace its project manager without notice.\n"
    + "\n5. Backup\nThe Supplier shall keep copies of files.\n"
    + "\n6. Meetings\nThe parties shall meet when needed.\n"
    + "\n7. Audit\nThe Customer may ask questions about the Services.\n"
    + "\n8. Subcontracting\nThe Supplier may get help from others.\n"
)


@pytest.fixture
def contract(tmp_path: Path) -> Path:
    path = tmp_path / "contract.txt"
    path.write_text(WEAK_CONTRACT, encoding="utf-8")
    return path


@pytest.fixture
def three_pages(tmp_path: Path) -> Path:
    return pdf_factory.write_long(tmp_path / "long.pdf", 3)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _weak_finding(path: Path) -> Finding:
    """A finding that is weak with the default thresholds (the contract has one)."""
    result = review(path, load_library(include_user_layer=False))
    weak = [f for f in result.findings if f.status is Status.WEAK]
    assert weak, "the test contract should have a weak finding with the default thresholds"
    return weak[0]


def test_a_saved_page_limit_refuses_and_max_pages_lets_it_through(
    three_pages: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save_settings(Settings(max_pages=2))
    code, out, err = _run(capsys, "analyze", str(three_pages), "--no-user-library")
    assert (code, out) == (2, "")
    assert err == (
        "ito-review: error: long.pdf has 3 pages, over the 2-page limit "
        "(raise the limit with --max-pages or in Settings).\n"
    )
    code, out, err = _run(
        capsys,
        "analyze",
        str(three_pages),
        "--format",
        "json",
        "--no-user-library",
        "--max-pages",
        "3",
    )
    assert (code, err) == (0, "")
    assert json.loads(out)["document"]["pages"] == 3
    saved = json.loads(settings_path().read_text(encoding="utf-8"))
    assert saved["max_pages"] == 2  # the flag is for this run only, never saved


def test_defaults_ignores_the_saved_settings(
    three_pages: Path, contract: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    weak = _weak_finding(contract)
    save_settings(Settings(max_pages=2, weak_threshold=round(weak.score + 0.01, 3)))
    code, out, err = _run(
        capsys, "analyze", str(three_pages), "--format", "json", "--no-user-library", "--defaults"
    )
    assert (code, err) == (0, "")
    assert json.loads(out)["document"]["pages"] == 3
    code, out, _ = _run(
        capsys, "analyze", str(contract), "--format", "json", "--no-user-library", "--defaults"
    )
    findings = {f["clause_id"]: f["status"] for f in json.loads(out)["findings"]}
    assert findings[weak.clause_id] == "weak"


def test_a_saved_weak_threshold_changes_a_status_as_review_does(
    contract: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    weak = _weak_finding(contract)
    settings = Settings(weak_threshold=round(weak.score + 0.01, 3))
    assert settings.weak_threshold < settings.present_threshold
    save_settings(settings)
    library = load_library(include_user_layer=False)
    expected = review(contract, library, settings.review_options())
    code, out, err = _run(capsys, "analyze", str(contract), "--format", "json", "--no-user-library")
    assert code == 0
    assert err == (
        "ito-review: using the desktop app's saved settings: weak threshold "
        f"{settings.weak_threshold:.3f} (--defaults ignores them)\n"
    )
    statuses = {f["clause_id"]: f["status"] for f in json.loads(out)["findings"]}
    assert statuses == {f.clause_id: f.status.value for f in expected.findings}
    assert statuses[weak.clause_id] == "missing"
    code, _, err = _run(
        capsys, "analyze", str(contract), "--format", "json", "--no-user-library", "--defaults"
    )
    assert (code, err) == (0, "")  # nothing saved is used, nothing to say


def test_damaged_settings_are_reported_and_the_defaults_used(
    contract: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    code, _, err = _run(capsys, "analyze", str(contract), "--no-user-library")
    assert code == 0
    assert err.startswith("ito-review: The settings file was damaged (it is not valid JSON)")


def test_max_size_mb_hint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "big.txt"
    big.write_text(CONTRACT + "x" * (3 * 1024 * 1024), encoding="utf-8")
    code, _, err = _run(capsys, "analyze", str(big), "--no-user-library", "--max-size-mb", "1")
    assert code == 2
    assert err == (
        "ito-review: error: big.txt: the file is 3 MB, over the 1 MB limit "
        "(raise the limit with --max-size-mb or in Settings).\n"
    )


def test_only_user_limits_get_a_hint() -> None:
    slow = TooLarge(
        "x.pdf took longer than the 5-second limit to read; it was stopped. The file may be "
        "damaged or unusually complex.",
        limit=UserLimit.READ_TIME,
    )
    assert with_limit_hint(slow).endswith(
        "unusually complex (raise the limit with --max-seconds or in Settings)."
    )
    fixed = TooLarge("x.docx has 200,000 paragraphs, over the 100,000 paragraph limit.")
    assert with_limit_hint(fixed) == str(fixed)
    assert with_limit_hint(InputError("x.txt: the file does not exist.")) == (
        "x.txt: the file does not exist."
    )


@pytest.mark.parametrize(
    ("flag", "value"),
    [
        ("--max-pages", "0"),
        ("--max-pages", "100001"),
        ("--max-pages", "1.5"),
        ("--max-size-mb", "4097"),
        ("--max-seconds", "4"),
        ("--max-seconds", "ten"),
    ],
)
def test_limit_flags_are_validated(
    contract: Path, flag: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["analyze", str(contract), flag, value])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {flag}:" in err
    assert ("outside" in err) or ("not a whole number" in err)


def test_batch_workers_get_the_settings_and_the_flags(
    tmp_path: Path, contract: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    pdf_factory.write_long(folder / "long.pdf", 3)
    pdf_factory.write_long(folder / "short.pdf", 1)
    (folder / "contract.txt").write_text(WEAK_CONTRACT, encoding="utf-8")
    weak = _weak_finding(contract)
    save_settings(Settings(weak_threshold=round(weak.score + 0.01, 3)))
    out = tmp_path / "portfolio.csv"
    code, _, err = _run(
        capsys,
        "batch",
        str(folder),
        "-o",
        str(out),
        "--jobs",
        "1",
        "--no-user-library",
        "--max-pages",
        "2",
    )
    assert code == 0
    rows = {
        row["File"]: row
        for row in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline=""))
    }
    assert rows["long.pdf"]["Status"] == "error"
    assert rows["long.pdf"]["Error"] == (
        "long.pdf has 3 pages, over the 2-page limit "
        "(raise the limit with --max-pages or in Settings)."
    )
    assert rows["short.pdf"]["Status"] == "ok"
    assert rows["contract.txt"][weak.clause_id] == "missing"  # the saved threshold, in a worker
    assert "failed: long.pdf: long.pdf has 3 pages" in err


def test_the_company_library_chosen_in_settings_is_used_unless_defaults(
    contract: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    company = tmp_path / "company"
    company.mkdir()
    bundled = load_library(include_user_layer=False).entry("governing_law")
    (company / "legal.yaml").write_text(
        "category: legal\nentries:\n"
        "  - id: governing_law\n"
        "    title: Governing law (Northwind policy)\n"
        f"    importance: {bundled.importance.value}\n"
        "    description: Our policy is English law.\n"
        "    headings: [Governing Law]\n"
        "    key_terms: [[governed by, laws of], [agreement]]\n"
        '    examples: ["This Agreement is governed by the laws of England and Wales."]\n'
        "    guidance: {preferred: English law., fallback: New York law., sample_wording: x}\n",
        encoding="utf-8",
    )
    save_settings(Settings(library_folder=str(company)))

    def title(*flags: str) -> str:
        code, out, err = _run(
            capsys, "analyze", str(contract), "--format", "json", "--no-user-library", *flags
        )
        assert code == 0, err
        findings = json.loads(out)["findings"]
        return next(f["title"] for f in findings if f["clause_id"] == "governing_law")

    assert title() == "Governing law (Northwind policy)"
    assert title("--defaults") == bundled.title


def test_with_defaults_the_hint_names_only_the_flag(
    three_pages: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(
        capsys, "analyze", str(three_pages), "--defaults", "--max-pages", "2", "--no-user-library"
    )
    assert code == 2
    assert err.endswith("(raise the limit with --max-pages).\n")


def test_the_reviewer_name_saved_in_settings_is_on_exports(
    contract: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save_settings(Settings(reviewer_name="Dana Reviewer"))
    code, out, _ = _run(capsys, "analyze", str(contract), "--format", "md", "--no-user-library")
    assert code == 0
    assert "| Reviewer | Dana Reviewer |" in out
    code, out, _ = _run(
        capsys,
        "analyze",
        str(contract),
        "--format",
        "md",
        "--no-user-library",
        "--reviewer",
        "Sam Other",
    )
    assert "| Reviewer | Sam Other |" in out
    code, out, _ = _run(
        capsys, "analyze", str(contract), "--format", "md", "--no-user-library", "--defaults"
    )
    assert "| Reviewer | — |" in out
