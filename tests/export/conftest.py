"""Export test fixtures: the sample contract reviewed once, and a reviewer's session on it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from ito_desktop.core.library.loader import load_library
from ito_desktop.core.library.schema import Library
from ito_desktop.core.review import ReviewResult, review
from ito_desktop.core.session import Decision, ReviewSession
from ito_desktop.export.base import ExportOptions
from tests.conftest import SAMPLES

FIXED_DATE = dt.date(2026, 1, 15)
TFC_EVIDENCE = (
    "Supplier may terminate this Agreement for convenience on thirty (30) days’ written notice "
    "to Customer."
)
TFC_MESSAGE_START = "The supplier (alone or as 'either party') may terminate without cause"
# Left out of the sample on purpose (resources/samples/README.md); the engine may find more.
DELIBERATELY_MISSING = {"insurance", "source_code_escrow", "benchmarking", "non_solicitation"}


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library(include_user_layer=False)


@pytest.fixture(scope="session")
def sample_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the sample DOCX (annotating it must never touch the bundled one)."""
    target = tmp_path_factory.mktemp("contract") / "sample_msa.docx"
    shutil.copyfile(SAMPLES / "sample_msa.docx", target)
    return target


@pytest.fixture(scope="session")
def sample_result(sample_copy: Path, library: Library) -> ReviewResult:
    return review(sample_copy, library)


@pytest.fixture(scope="session")
def pdf_result(library: Library) -> ReviewResult:
    return review(SAMPLES / "sample_msa.pdf", library)


@pytest.fixture
def sample_session(sample_result: ReviewResult) -> ReviewSession:
    """Insurance not applicable, the payment risk accepted, escrow found after all, notes."""
    session = ReviewSession(sample_result.document.path, sample_result.document.sha256,
                            reviewer="Dana Reviewer")
    session.set_decision("insurance", Decision.NOT_APPLICABLE)
    session.set_note("insurance", "Covered by the group insurance programme.")
    session.set_decision("charges_and_payment", Decision.RISK_ACCEPTED)
    session.set_note("termination_for_convenience", "Ask for 12 months' notice.")
    session.set_decision("source_code_escrow", Decision.PRESENT)
    return session


@pytest.fixture
def options() -> ExportOptions:
    return ExportOptions(date=FIXED_DATE)
