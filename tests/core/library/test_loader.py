"""Loading, validating and layering the clause library."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ito_desktop.core.errors import LibraryError, LibraryProblem
from ito_desktop.core.library.loader import (
    bundled_library_dir,
    library_layers,
    load_library,
    user_library_dir,
    validate_folder,
)
from ito_desktop.core.library.schema import Importance, RuleKind
from tests.core.library.broken_library import (
    CLI_LINES,
    PROBLEMS,
    WARNINGS,
    write_broken_library,
)

CLAUSE_IDS_DOC = Path(__file__).resolve().parents[3].parent / "shared" / "CLAUSE_IDS.md"

REQUIRED_IDS = [
    "data_protection",
    "information_security",
    "security_incident_notification",
    "confidentiality",
    "data_location",
    "ip_ownership",
    "license_grant",
    "customer_data_ownership",
    "ip_infringement_indemnity",
    "source_code_escrow",
    "term_and_renewal",
    "termination_for_convenience",
    "termination_for_cause",
    "change_of_control",
    "exit_assistance",
    "exit_plan",
    "data_return",
    "knowledge_transfer",
    "service_integration",
    "limitation_of_liability",
    "uncapped_liability",
    "indemnification",
    "insurance",
    "warranties",
    "force_majeure",
    "service_levels",
    "service_credits",
    "business_continuity",
    "change_control",
    "key_personnel",
    "subcontracting",
    "benchmarking",
    "charges_and_payment",
    "audit_rights",
    "governance_reporting",
    "compliance_with_laws",
    "non_solicitation",
    "assignment",
    "governing_law",
    "dispute_resolution",
]

ENTRY = {
    "id": "escrow_test",
    "title": "Escrow",
    "importance": "optional",
    "description": "Why it matters.",
    "headings": ["Source Code Escrow"],
    "key_terms": [["escrow"], ["source code"]],
    "examples": ["The Supplier shall deposit the source code with the escrow agent."],
    "risk_rules": [
        {
            "id": "escrow_test_rule",
            "severity": "low",
            "requires": ["release"],
            "message": "No release events.",
            "recommendation": "Add release events.",
        }
    ],
    "guidance": {"preferred": "P", "fallback": "F", "sample_wording": "S"},
}


def _write(folder: Path, name: str, data: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_bundled_library_defines_every_clause_id() -> None:
    library = load_library(include_user_layer=False)
    ids = {entry.id for entry in library.entries}
    assert set(REQUIRED_IDS) <= ids
    assert library.version
    assert library.name


def test_bundled_entries_are_complete() -> None:
    library = load_library(include_user_layer=False)
    rules = [rule for entry in library.entries for rule in entry.risk_rules]
    assert len(rules) >= 30
    assert {r.check.param for r in rules if r.kind is RuleKind.CHECK and r.check} >= {
        "notice_days",
        "cap_months",
        "breach_notice_hours",
        "exit_assistance_months",
        "payment_days",
        "renewal_notice_days",
    }
    for entry in library.entries:
        assert len(entry.examples) >= 3, entry.id
        assert entry.headings, entry.id
        assert entry.key_terms, entry.id
        assert entry.guidance.preferred, entry.id
        assert entry.guidance.sample_wording, entry.id
        assert entry.importance in Importance


def test_bundled_folder_validates_clean() -> None:
    assert validate_folder(bundled_library_dir()) == []


def test_validation_names_file_entry_and_field(tmp_path: Path) -> None:
    broken = dict(ENTRY, importance="critical", examples=[])
    broken["risk_rules"] = [dict(ENTRY["risk_rules"][0], requires=["(unclosed"])]  # type: ignore[index]
    _write(tmp_path, "legal.yaml", {"category": "legal", "entries": [broken]})
    errors = validate_folder(tmp_path)
    lines = [str(e) for e in errors]
    where = {(e.file, e.entry, e.field) for e in errors}
    assert ("legal.yaml", "escrow_test", "importance") in where
    assert all(e.folder == str(tmp_path) and not e.warning for e in errors)
    assert any("'examples'" in e for e in lines)
    assert any("risk_rules[0].requires" in e and "regular expression" in e for e in lines)


def test_unknown_parameter_is_reported(tmp_path: Path) -> None:
    entry = dict(ENTRY)
    entry["risk_rules"] = [dict(ENTRY["risk_rules"][0], check="notice_weeks < 4")]  # type: ignore[index]
    del entry["risk_rules"][0]["requires"]
    _write(tmp_path, "x.yaml", {"category": "legal", "entries": [entry]})
    errors = validate_folder(tmp_path)
    lines = [str(e) for e in errors]
    assert any("unknown parameter 'notice_weeks'" in e for e in lines)


def test_invalid_yaml_reports_line(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("category: legal\nentries: [\n  - id: x\n", "utf-8")
    errors = validate_folder(tmp_path)
    assert errors
    assert errors[0].file == "bad.yaml"
    assert errors[0].line is not None
    assert str(errors[0]).startswith(f"bad.yaml (line {errors[0].line}): not valid YAML")


def test_yaml_cannot_build_python_objects(tmp_path: Path) -> None:
    (tmp_path / "evil.yaml").write_text(
        "category: legal\nentries: !!python/object/apply:os.system ['echo hi']\n", "utf-8"
    )
    errors = validate_folder(tmp_path)
    assert errors
    assert errors[0].file == "evil.yaml"


def test_user_layer_overrides_and_adds_by_id(tmp_path: Path) -> None:
    override = dict(ENTRY, id="governing_law", title="Governing law (company standard)")
    override["risk_rules"] = []
    _write(tmp_path, "legal.yaml", {"category": "legal", "entries": [override, ENTRY]})
    base = load_library(include_user_layer=False)
    layered = load_library([tmp_path], include_user_layer=False)
    assert len(layered.entries) == len(base.entries) + 1
    assert layered.entry("governing_law").title == "Governing law (company standard)"
    assert layered.entry("escrow_test").source == tmp_path / "legal.yaml"
    assert layered.layers[-1] == tmp_path


def test_broken_layer_raises_library_error(tmp_path: Path) -> None:
    _write(tmp_path, "legal.yaml", {"category": "legal", "entries": [{"id": "Bad Id"}]})
    with pytest.raises(LibraryError, match=r"legal\.yaml: entry 'Bad Id': field 'id'"):
        load_library([tmp_path], include_user_layer=False)


def test_missing_layer_folder(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="does not exist"):
        load_library([tmp_path / "nope"], include_user_layer=False)


def test_clause_ids_doc_matches_when_available() -> None:
    if not CLAUSE_IDS_DOC.is_file():
        pytest.skip(f"{CLAUSE_IDS_DOC} not present (shared docs live outside the repository)")
    text = CLAUSE_IDS_DOC.read_text(encoding="utf-8")
    for clause_id in REQUIRED_IDS:
        assert f"`{clause_id}`" in text


def test_terms_in_one_sentence_is_read_and_checked(tmp_path: Path) -> None:
    together = tmp_path / "together"
    _write(
        together,
        "legal.yaml",
        {"category": "legal", "entries": [dict(ENTRY, terms_in_one_sentence=True)]},
    )
    library = load_library((together,), include_user_layer=False)
    assert library.entry("escrow_test").terms_in_one_sentence
    assert not library.entry("governing_law").terms_in_one_sentence
    assert library.entry("non_solicitation").terms_in_one_sentence
    broken = tmp_path / "broken"
    _write(
        broken,
        "legal.yaml",
        {"category": "legal", "entries": [dict(ENTRY, terms_in_one_sentence="yes")]},
    )
    assert any(
        e.field == "terms_in_one_sentence" and "true or false" in e.message
        for e in validate_folder(broken)
    )


def test_anchor_not_with_is_read_lower_case(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "legal.yaml",
        {"category": "legal", "entries": [dict(ENTRY, anchor_not_with=["Breach*", " Default "])]},
    )
    library = load_library((tmp_path,), include_user_layer=False)
    assert library.entry("escrow_test").anchor_not_with == ("breach*", "default")
    assert "breach*" in library.entry("termination_for_convenience").anchor_not_with


def test_context_fields_of_a_rule_are_checked(tmp_path: Path) -> None:
    rule = dict(
        ENTRY["risk_rules"][0],  # type: ignore[index]
        party=["customer", "landlord"],
        look_in=["clause", "chapter"],
        mitigated_by=[{"pattern": "x", "lower_to": "tiny", "note": "n"}, {"note": "n"}],
    )
    _write(
        tmp_path, "legal.yaml", {"category": "legal", "entries": [dict(ENTRY, risk_rules=[rule])]}
    )
    errors = validate_folder(tmp_path)
    lines = [str(e) for e in errors]
    assert any("risk_rules[0].party" in e and "'landlord'" in e for e in lines)
    assert any("risk_rules[0].look_in" in e and "'chapter'" in e for e in lines)
    assert any("mitigated_by[0].lower_to" in e and "'tiny'" in e for e in lines)
    assert any("mitigated_by[1]" in e and "'check', 'pattern' or both" in e for e in lines)


# -- problems as records, layers in order -------------------------------------------------------


def _fields(problems: list[LibraryProblem] | tuple[LibraryProblem, ...]) -> list[tuple[str, ...]]:
    return [(p.file, p.entry, p.field, p.message) for p in problems]


def test_problems_name_file_entry_and_field(tmp_path: Path) -> None:
    folder = write_broken_library(tmp_path / "company")
    warnings: list[LibraryProblem] = []
    problems = validate_folder(folder, warnings)
    assert _fields(problems) == list(PROBLEMS)
    assert _fields(warnings) == list(WARNINGS)
    assert all(p.folder == str(folder) for p in problems + warnings)
    assert [p.warning for p in problems + warnings] == [False] * 6 + [True] * 2
    assert [str(p) for p in problems] == list(CLI_LINES[:6])  # the one-line form


def test_a_failed_load_carries_the_same_records(tmp_path: Path) -> None:
    folder = write_broken_library(tmp_path / "company")
    with pytest.raises(LibraryError) as caught:
        load_library([folder], include_user_layer=False)
    error = caught.value
    assert _fields(error.problems) == list(PROBLEMS)
    assert str(error) == CLI_LINES[0]
    assert error.details.splitlines() == list(CLI_LINES[:6])


def test_a_missing_layer_is_a_record_too(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(LibraryError) as caught:
        load_library([missing], include_user_layer=False)
    error = caught.value
    assert str(error) == f"{missing}: the clause library folder does not exist."  # as before
    assert error.path == missing
    assert error.details == ""
    message = "the clause library folder does not exist."
    assert error.problems == (LibraryProblem(str(missing), message, folder=str(missing)),)


def test_the_loader_says_which_layers_it_reads_in_order(tmp_path: Path) -> None:
    company = tmp_path / "company"
    assert library_layers([company]) == [bundled_library_dir(), company]  # no user layer yet
    user_library_dir().mkdir(parents=True)
    assert library_layers([company]) == [bundled_library_dir(), user_library_dir(), company]
    assert library_layers([company], include_user_layer=False) == [bundled_library_dir(), company]
