"""Left-to-right documents: prose with headings, business letters and tables, in
Liberation, DejaVu and Noto fonts (lists and forms: content_forms.py)."""

from __future__ import annotations

from bench.realdocs.model import Cell, Columns, Doc, H, P, Table

S = [
    "The committee reviewed the annual budget and approved the revised figures for the coming year.",
    "All members are asked to submit their expense reports before the end of the month.",
    "Our warehouse in Rotterdam will be closed for maintenance during the first week of August.",
    "Customers who ordered before noon receive their parcels on the next working day.",
    "The new software release fixes several issues reported by users of the mobile application.",
    "Please keep this document for your records, as it may be requested during an audit.",
    "Training sessions take place every Tuesday afternoon in the main conference room.",
    "The results of the survey will be published in the autumn edition of the newsletter.",
    "Safety inspections showed that the emergency exits on the third floor meet every requirement.",
    "Invoices are payable within thirty days of the invoice date unless agreed otherwise in writing.",
]


def para(start: int, n: int) -> str:
    return " ".join(S[(start + i) % len(S)] for i in range(n))


def prose() -> list[Doc]:
    q = (
        "Do you agree that the information provided in this application is complete and correct to the "
        "best of your knowledge, and that false statements may lead to its rejection?"
    )
    return [
        Doc(
            "prose-report-liberation",
            "prose",
            "Liberation Serif",
            12,
            [
                H(1, "Annual Report 2024"),
                H(2, "Introduction"),
                P(para(0, 4)),
                P(para(4, 3)),
                H(2, "Results"),
                H(3, "Sales"),
                P(para(2, 5)),
                H(3, "Costs"),
                P(para(6, 4)),
            ],
            notes="h1-h3 and wrapped paragraphs",
        ),
        Doc(
            "prose-question-dejavu",
            "prose",
            "DejaVu Sans",
            11,
            [
                H(2, "Application"),
                P(para(1, 3)),
                P(q, bold=True),
                P("Yes, I agree."),
                P("Please read the following terms carefully."),
                P(para(5, 4)),
            ],
            notes="a bold question wrapped over two lines; a one-line sentence ending in a full stop",
        ),
        Doc(
            "prose-noto-serif",
            "prose",
            "Noto Serif",
            10,
            [
                H(1, "Maintenance Guide"),
                P(para(8, 3)),
                H(2, "Before you start"),
                P(para(3, 3)),
                P("Switch off the power supply."),
                P(para(6, 5), align="justify"),
                H(2, "Cleaning"),
                P(para(0, 6)),
            ],
            notes="justified paragraph, short imperative sentences",
        ),
        Doc(
            "prose-small-sans",
            "prose",
            "Noto Sans",
            9,
            [
                H(2, "Privacy Notice"),
                P(para(9, 6)),
                P(para(2, 6)),
                H(3, "Your rights"),
                P(para(4, 6)),
                P(para(7, 5)),
            ],
            notes="9 pt, long paragraphs",
        ),
        Doc(
            "prose-twocol-liberation",
            "prose",
            "Liberation Sans",
            10,
            [
                H(1, "Newsletter"),
                Columns(
                    [H(3, "From the board"), P(para(0, 4)), P(para(5, 2))],
                    [H(3, "Upcoming events"), P(para(6, 4)), P(para(2, 2))],
                ),
            ],
            notes="two text columns under a full-width title",
        ),
    ]


def letters() -> list[Doc]:
    body = [P(para(9, 2)), P(para(1, 3))]
    return [
        Doc(
            "letters-right-sender",
            "letters",
            "Liberation Serif",
            11,
            [
                P("Northwind Traders Ltd\n12 Harbour Road\nBristol BS1 4QA", align="right"),
                P("Ms Anna Berg\nBerg Consulting\nStorgatan 8\n114 51 Stockholm"),
                P("Bristol, 3 March 2025", align="right"),
                P("Invoice number: NT-2025-0117", bold=True),
                P("Dear Ms Berg,"),
                *body,
                P("Yours sincerely,"),
                P("James Whitfield\nAccounts Manager"),
            ],
            notes="sender top right, date right, invoice number below",
        ),
        Doc(
            "letters-left-dejavu",
            "letters",
            "DejaVu Sans",
            10,
            [
                P("Contoso GmbH, Hauptstraße 5, 10115 Berlin"),
                P("Mr Peter Novak\nNovak & Partners\nVáclavské náměstí 21\n110 00 Prague"),
                P("Date: 14 January 2025\nOur reference: CT/4471/PN"),
                P("Subject: Renewal of the service contract", bold=True),
                P("Dear Mr Novak,"),
                P(para(0, 3)),
                P(para(4, 2)),
                P("Kind regards,"),
                P("Claudia Weber"),
            ],
            notes="one-line sender, reference block",
        ),
        Doc(
            "letters-header-table-noto",
            "letters",
            "Noto Sans",
            10,
            [
                Columns(
                    [P("Fabrikam Inc.\n400 Market Street\nSan Francisco, CA 94111")],
                    [P("Phone: +1 415 555 0100\nwww.fabrikam.example")],
                ),
                P("Customer: Lindqvist AB\nBox 220\n751 05 Uppsala"),
                P("Invoice INV-88213\nDate: 2025-02-28\nDue: 2025-03-30", align="right"),
                P("Dear customer,"),
                P(para(3, 3)),
                P("Best regards,"),
                P("Fabrikam Billing"),
            ],
            notes="letterhead in two columns, invoice block right",
        ),
        Doc(
            "letters-serif-long",
            "letters",
            "DejaVu Serif",
            11,
            [
                P("City of Greenfield\nDepartment of Planning\n1 Civic Plaza", align="right"),
                P("Reference: PLN-2024-3390", align="right"),
                P("Mrs Olivia Grant\n27 Elm Avenue\nGreenfield"),
                P("9 December 2024"),
                P("Dear Mrs Grant,"),
                P(para(2, 4)),
                P(para(6, 4)),
                P(para(0, 2)),
                P("Yours faithfully,"),
                P("Henry Moss\nPlanning Officer"),
            ],
            notes="reference number under the sender block",
        ),
    ]


def tables() -> list[Doc]:
    sales = Table(
        [
            ["Region", "Q1", "Q2", "Q3", "Q4"],
            ["North", "1,204", "1,380", "1,295", "1,512"],
            ["South", "980", "1,045", "1,120", "1,230"],
            ["East", "2,310", "2,150", "2,480", "2,705"],
            ["West", "1,655", "1,702", "1,690", "1,810"],
        ]
    )
    spans = Table(
        [
            [Cell("Product", rowspan=2), Cell("2023", colspan=2), Cell("2024", colspan=2)],
            [
                Cell("Units", header=True),
                Cell("Revenue", header=True),
                Cell("Units", header=True),
                Cell("Revenue", header=True),
            ],
            ["Widgets", "1,200", "14,400", "1,350", "16,875"],
            ["Gadgets", "640", "19,200", "700", "21,700"],
            ["Sprockets", "3,100", "9,300", "2,950", "9,145"],
        ],
        header_rows=2,
    )
    multi = Table(
        [
            ["Item", "Description", "Qty", "Amount"],
            [
                "A-100",
                "Annual maintenance of the heating system including replacement of filters, "
                "inspection of the burner and a written safety report for the landlord",
                "1",
                "450.00",
            ],
            ["B-220", "Emergency call-out\noutside office hours", "2", "180.00"],
            ["C-310", "Spare parts as listed in the attached delivery note", "5", "92.50"],
        ],
        col_widths=(12, 62, 10, 16),
    )
    unruled = Table(
        [
            ["Name", "Department", "Phone", "Room"],
            ["Alice Moreau", "Finance", "4411", "2.14"],
            ["Bram de Vries", "Logistics", "4432", "1.07"],
            ["Chen Wei", "Research", "4478", "3.21"],
            ["Dana Kowalski", "Sales", "4409", "2.02"],
        ],
        ruled=False,
        width="90%",
    )
    schedule = Table(
        [
            [Cell("Day", rowspan=2), Cell("Morning", colspan=2), Cell("Afternoon", rowspan=2)],
            [Cell("Session", header=True), Cell("Room", header=True)],
            ["Monday", "Opening talk", "Hall A", "Workshops"],
            ["Tuesday", "Panel discussion", "Hall B", "Site visit"],
            ["Wednesday", "Closing session", "Hall A", "Departure"],
        ],
        header_rows=2,
        ruled=False,
    )
    small = Table([["Code", "Rate"], ["STD", "21%"], ["RED", "9%"], ["ZERO", "0%"]], width="100%")
    return [
        Doc(
            "tables-ruled-liberation",
            "tables",
            "Liberation Sans",
            10,
            [H(2, "Regional sales"), P(S[0]), sales, P(S[5])],
            notes="ruled, numeric columns",
        ),
        Doc(
            "tables-spans-dejavu",
            "tables",
            "DejaVu Sans",
            9.5,
            [H(2, "Product summary"), spans, P(para(3, 2))],
            notes="header cells spanning rows and columns",
        ),
        Doc(
            "tables-multiline-noto",
            "tables",
            "Noto Sans",
            10,
            [H(2, "Service invoice details"), multi, P(S[9])],
            notes="multi-line cells (wrapped and <br>)",
        ),
        Doc(
            "tables-unruled-serif",
            "tables",
            "Liberation Serif",
            11,
            [H(2, "Staff directory"), P(S[6]), unruled],
            notes="no rules at all",
        ),
        Doc(
            "tables-unruled-spans-noto",
            "tables",
            "Noto Serif",
            10,
            [H(2, "Conference programme"), schedule, P(para(7, 2))],
            notes="unruled with spanning headers",
        ),
        Doc(
            "tables-beside-text",
            "tables",
            "DejaVu Serif",
            10,
            [H(2, "Tax rates"), Columns([P(para(0, 4))], [small], widths=(60, 40)), P(S[4])],
            notes="a ruled table beside a paragraph (two-column layout)",
        ),
        Doc(
            "tables-two-per-page",
            "tables",
            "Liberation Serif",
            10,
            [H(2, "Staff and sales"), unruled, P(S[1]), sales],
            notes="an unruled and a ruled table on one page",
        ),
    ]


def docs() -> list[Doc]:
    return prose() + letters() + tables()
