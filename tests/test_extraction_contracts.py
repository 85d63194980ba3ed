"""A contract's parties, effective date, term and governing law, read from its sentences
in the label languages; what it does not state stays null."""

from __future__ import annotations

import pytest

from common.documents.results import Block, PageResult
from common.extraction.contracts import contract_fields


def _contract(*paragraphs: str) -> list[PageResult]:
    blocks = [
        Block(kind="paragraph", text=text, bbox=(50.0, 100.0 + 60 * i, 550.0, 150.0 + 60 * i))
        for i, text in enumerate(paragraphs)
    ]
    return [PageResult(page_no=1, engine="pdf-text", width=595, height=842, blocks=blocks)]


def test_an_english_agreement_states_all_four():
    pages = _contract(
        "SERVICES AGREEMENT",
        'This Services Agreement is entered into by and between Acme Holdings Ltd ("Client") and\n'
        'Pagemill GmbH ("Provider").',
        "This Agreement is effective as of 1 March 2026 and continues for an initial term of twelve (12)\n"
        "months.",
        "This Agreement is governed by and construed in accordance with the laws of England and Wales.",
    )
    got = contract_fields(pages)
    assert got["parties"]["value"] == ["Acme Holdings Ltd", "Pagemill GmbH"]
    assert got["effective_date"]["value"] == "2026-03-01"
    assert got["term"]["value"] == {"count": 12, "unit": "months"}
    assert got["governing_law"]["value"] == "England and Wales"
    # each with where it was stated
    assert got["term"]["page"] == 1 and got["term"]["box"] == [50.0, 220.0, 550.0, 270.0]
    assert "twelve (12)" in got["term"]["raw"]


@pytest.mark.parametrize(
    ("paragraphs", "parties", "law", "term"),
    [
        (
            [
                "Dieser Vertrag wird zwischen Muster AG und Beispiel GmbH geschlossen.",
                "Die Laufzeit von 24 Monaten beginnt mit Unterzeichnung.",
                "Dieser Vertrag unterliegt dem deutschen Recht.",
            ],
            ["Muster AG", "Beispiel GmbH"],
            "deutschen",
            {"count": 24, "unit": "months"},
        ),
        (
            [
                "Le présent contrat est conclu entre Société Alpha SA et Société Beta SARL.",
                "Le contrat est conclu pour une durée de 3 ans.",
                "Le présent contrat est régi par le droit français.",
            ],
            ["Société Alpha SA", "Société Beta SARL"],
            "français",
            {"count": 3, "unit": "years"},
        ),
    ],
)
def test_german_and_french_contracts(paragraphs, parties, law, term):
    got = contract_fields(_contract(*paragraphs))
    assert got["parties"]["value"] == parties
    assert got["governing_law"]["value"] == law
    assert got["term"]["value"] == term


def test_what_a_contract_does_not_state_stays_null():
    got = contract_fields(_contract("MEMORANDUM", "The parties met to discuss the project plan."))
    assert got == {"parties": None, "effective_date": None, "term": None, "governing_law": None}
