"""A cover page or order form reviewed on its own is named as such, not left as a page of red."""

from __future__ import annotations

from pathlib import Path

from ito_desktop.core.ingest.registry import read_document
from ito_desktop.core.plural import count
from tests.conftest import SAMPLES

COVER_PAGE = (
    "ORDER FORM\n\n"
    "By signing this Order Form, Northwind Ltd (Customer) and Corvex plc (Supplier) enter into "
    "an agreement that incorporates the Corvex Cloud Terms version 3, published at "
    "https://example.invalid/terms, by reference.\n\n"
    "Subscription: 250 seats. Term: 36 months. Fees: as quoted.\n"
)


def test_a_cover_page_that_incorporates_terms_says_so(tmp_path: Path) -> None:
    path = tmp_path / "order-form.txt"
    path.write_text(COVER_PAGE, encoding="utf-8")
    warnings = read_document(path).warnings
    assert len(warnings) == 1
    assert warnings[0].startswith("order-form.txt is short (")
    assert "incorporates them by reference" in warnings[0]
    assert "Review the referenced terms as well." in warnings[0]


def test_a_short_amendment_without_references_gets_the_general_notice(tmp_path: Path) -> None:
    path = tmp_path / "amendment.txt"
    path.write_text(
        "AMENDMENT No. 2\n\n1. The fees in Schedule 4 increase by 3 per cent from 1 May.\n\n"
        "2. Everything else stays as it is.\n",
        encoding="utf-8",
    )
    (warning,) = read_document(path).warnings
    assert "2 numbered clauses" in warning
    assert "order form, cover page or amendment" in warning


def test_a_full_agreement_gets_no_such_notice() -> None:
    assert read_document(SAMPLES / "sample_msa.docx").warnings == ()


def test_counts_read_naturally() -> None:
    assert count(1, "clause") == "1 clause"
    assert count(0, "clause") == "0 clauses"
    assert count(1204, "page") == "1,204 pages"
    assert count(2, "party", "parties") == "2 parties"


def test_a_company_incorporated_somewhere_is_not_terms_by_reference(tmp_path: Path) -> None:
    path = tmp_path / "nda.txt"
    path.write_text(
        "MUTUAL NDA\n\nNorthwind Ltd, a company incorporated in England (see "
        "https://example.invalid), and Corvex plc agree:\n\n1. Keep secrets secret.\n",
        encoding="utf-8",
    )
    (warning,) = read_document(path).warnings
    assert "by reference" not in warning
    assert "1 numbered clause)" in warning
