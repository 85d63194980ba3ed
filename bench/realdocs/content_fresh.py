"""A second, fresh set (bench/realdocs/fresh), written after the engines were tuned on the
first: the same kinds in new variants (other fonts, markers, digits, layouts), to tell
a fix of the kind from a fit to the first set's instances."""

from __future__ import annotations

from bench.realdocs.model import Block, Cell, Columns, Doc, H, Item, Items, P, Table

AR = [
    "وصلت الشحنة رقم SH-5521 إلى المستودع يوم ٢٠٢٥/٠٤/١٢ صباحا.",
    "بلغت تكلفة الصيانة السنوية ٣٬٤٠٠ ريال للجهاز الواحد.",
    "يستخدم الفريق برنامج Excel لإعداد التقارير الشهرية.",
    "لا يسمح بالدخول إلى المختبر دون بطاقة تعريف سارية.",
    "سيعقد التدريب في قاعة الاجتماعات الكبرى من الساعة 9:00 حتى 13:00.",
    "تم اعتماد الميزانية الجديدة بقيمة 750,000 دولار للعام 2025.",
    "الأجهزة المعطلة تعاد إلى المورد خلال ثلاثين يوما.",
]
HE = [
    "החשבונית מספר 2093 הונפקה ביום 03/02/2025.",
    "יש להחזיר את הטופס החתום עד סוף החודש.",
    "המחיר לאחר הנחה הוא 1,150 שקלים.",
    "המערכת פועלת על שרת Ubuntu בגרסה 22.04.",
    "שעות הפעילות הן בין 8:00 ל-17:00.",
]
EN = [
    "The library extends its opening hours during the examination period in May and June.",
    "Volunteers meet at the community centre every second Saturday of the month.",
    "A replacement card can be ordered online or at any branch for a small fee.",
    "The board will publish its decision after the public consultation has closed.",
    "Parking permits are valid for twelve months from the date of issue.",
    "Late returns are charged per day and per item, up to the price of the item.",
    "Our helpdesk answers most questions within one working day.",
    "The annual general meeting elects the treasurer and two auditors.",
]


def para(start: int, n: int, pool: list[str] = EN) -> str:
    return " ".join(pool[(start + i) % len(pool)] for i in range(n))


def rtl() -> list[Doc]:
    return [
        Doc(
            "fresh-rtl-ar-indic-digits",
            "rtl",
            "DejaVu Sans",
            11,
            [H(2, "تقرير المستودع"), P(para(0, 3, AR)), P(para(3, 4, AR))],
            rtl=True,
            lang="ar",
            notes="Arabic-Indic digits, a Latin code",
        ),
        Doc(
            "fresh-rtl-he-numbered",
            "rtl",
            "Noto Serif Hebrew",
            12,
            [H(2, "הוראות"), Items([Item(s) for s in HE[:4]], ("1.",)), P(HE[4])],
            rtl=True,
            lang="he",
            notes="numbered Hebrew items",
        ),
        Doc(
            "fresh-rtl-he-table",
            "rtl",
            "Noto Sans Hebrew",
            10,
            [
                H(3, "מחירון"),
                Table([["מוצר", "דגם", "מחיר"], ["מדפסת", "HP 404", "1,150"], ["מסך", "LG 27", "990"]]),
                P(HE[1]),
            ],
            rtl=True,
            lang="he",
            notes="a ruled Hebrew table",
        ),
        Doc(
            "fresh-rtl-ar-justified",
            "rtl",
            "Noto Naskh Arabic",
            11,
            [H(1, "سياسة الاستخدام"), P(para(1, 5, AR), align="justify"), P(para(4, 3, AR), align="justify")],
            rtl=True,
            lang="ar",
            notes="justified Arabic",
        ),
    ]


def lists() -> list[Doc]:
    return [
        Doc(
            "fresh-lists-squares",
            "lists",
            "Liberation Sans",
            10,
            [
                H(2, "Membership benefits"),
                P(EN[2]),
                Items(
                    [
                        Item("Free entry to all exhibitions"),
                        Item("Weekends included", 1),
                        Item("Guest passes", 1),
                        Item("Discount in the shop"),
                        Item("Invitations to previews"),
                    ],
                    ("■", "○"),
                ),
            ],
            notes="■ with ○ below",
        ),
        Doc(
            "fresh-lists-paren-numbers",
            "lists",
            "Noto Serif",
            11,
            [
                H(2, "How to renew"),
                Items([Item(EN[i]) for i in (2, 4, 6)], ("1)",)),
                P(EN[0]),
                Items([Item("By post"), Item("By telephone"), Item("In person")], ("(i)",)),
            ],
            notes="1) and (i) numbering",
        ),
        Doc(
            "fresh-lists-two-columns",
            "lists",
            "DejaVu Sans",
            10,
            [
                H(2, "Opening checklist"),
                Columns(
                    [
                        Items(
                            [Item("Unlock the doors"), Item("Switch on the lights"), Item("Start the tills")],
                            ("•",),
                        )
                    ],
                    [
                        Items(
                            [Item("Check the alarms"), Item("Open the blinds"), Item("Brew the coffee")],
                            ("•",),
                        )
                    ],
                ),
            ],
            notes="two bulleted lists side by side",
        ),
    ]


def forms() -> list[Doc]:
    return [
        Doc(
            "fresh-forms-glyph-serif",
            "forms",
            "DejaVu Serif",
            12,
            [
                H(2, "Library survey"),
                P("How often do you visit the library?", bold=True),
                Items(
                    [Item("Every week", 0, False), Item("Every month", 0, True), Item("Rarely", 0, False)],
                    ("glyph-v",),
                ),
                P("Which services do you use?", bold=True),
                Items(
                    [Item("Lending", 0, True), Item("Study rooms", 0, True), Item("Printing", 0, False)],
                    ("glyph-x",),
                ),
            ],
            notes="☑ and ☒ in one form, several checked",
        ),
        Doc(
            "fresh-forms-drawn-small",
            "forms",
            "Noto Sans",
            9,
            [
                H(3, "Consent"),
                P(para(3, 2)),
                Items(
                    [
                        Item("I agree to be contacted by email", 0, True),
                        Item("I agree to be contacted by phone", 0, False),
                        Item("Keep my details for future events", 0, True),
                    ],
                    ("svg",),
                ),
                P("Signature: ____________________"),
            ],
            notes="drawn squares at 9 pt",
        ),
        Doc(
            "fresh-forms-drawn-long-options",
            "forms",
            "Liberation Serif",
            11,
            [
                H(2, "Complaint form"),
                P("What is your complaint about?", bold=True),
                Items(
                    [
                        Item(EN[5], 0, True),
                        Item(EN[4] + " " + EN[1], 0, False),
                        Item("Something else", 0, False),
                    ],
                    ("svg",),
                ),
            ],
            notes="options that wrap over two lines",
        ),
    ]


def _long_report() -> list[Block]:
    out: list[Block] = [H(1, "Annual Review")]
    for i in range(6):
        out += [H(2, f"Part {i + 1}"), P(para(i, 8))]
    return out


def prose() -> list[Doc]:
    return [
        Doc(
            "fresh-prose-numbered-headings",
            "prose",
            "Liberation Sans",
            11,
            [
                H(1, "Library Rules"),
                H(2, "1. Membership"),
                P(para(0, 4)),
                H(2, "2. Borrowing"),
                P(para(4, 4)),
                H(3, "2.1 Renewals"),
                P(para(2, 3)),
                P("Books may be renewed twice."),
            ],
            notes="numbered headings, a one-sentence paragraph",
        ),
        Doc(
            "fresh-prose-long",
            "prose",
            "DejaVu Serif",
            11,
            _long_report(),
            notes="two pages: paragraphs across a page break",
        ),
        Doc(
            "fresh-prose-bold-lead",
            "prose",
            "Noto Sans",
            10,
            [
                H(2, "Frequently asked questions"),
                P(
                    "Can I return a book to a different branch of the library than the one I borrowed it at?",
                    bold=True,
                ),
                P(EN[2]),
                P("What happens if I lose my card?", bold=True),
                P(EN[6]),
            ],
            notes="bold questions that are not headings",
        ),
    ]


def letters() -> list[Doc]:
    return [
        Doc(
            "fresh-letters-table-inside",
            "letters",
            "Liberation Sans",
            10,
            [
                P("Harbour Library Services\n5 Quay Street\nGalway", align="right"),
                P("Mr Tomás Byrne\n14 Sea Road\nGalway"),
                P("Account: LIB-20931"),
                P("21 May 2025", align="right"),
                P("Dear Mr Byrne,"),
                P(EN[5]),
                Table(
                    [
                        ["Title", "Due", "Fee"],
                        ["Ocean Tides", "02/05/2025", "3.80"],
                        ["Coastal Birds", "06/05/2025", "2.60"],
                    ],
                    width="70%",
                ),
                P(EN[6]),
                P("Yours sincerely,"),
                P("Niamh Walsh"),
            ],
            notes="a small fee table inside the letter",
        ),
        Doc(
            "fresh-letters-date-first",
            "letters",
            "Noto Serif",
            11,
            [
                P("12 June 2025", align="right"),
                P("Greenway Housing Association\n88 Park Lane\nLeeds LS1 2AB"),
                P("Ms Priya Shah\nFlat 4, 19 Mill Street\nLeeds LS2 7QT"),
                P("Tenancy reference: GH/7781/PS", bold=True),
                P("Dear Ms Shah,"),
                P(para(3, 3)),
                P("Kind regards,"),
                P("Daniel Cole\nHousing Officer"),
            ],
            notes="date at the top right above the sender",
        ),
    ]


def tables() -> list[Doc]:
    return [
        Doc(
            "fresh-tables-body-rowspan",
            "tables",
            "Liberation Serif",
            10,
            [
                H(2, "Shift plan"),
                Table(
                    [
                        ["Team", "Day", "Shift"],
                        [Cell("Blue", rowspan=2), "Monday", "Early"],
                        ["Tuesday", "Late"],
                        [Cell("Green", rowspan=2), "Monday", "Late"],
                        ["Tuesday", "Early"],
                    ]
                ),
            ],
            notes="row-spanning cells in the body",
        ),
        Doc(
            "fresh-tables-empty-cells",
            "tables",
            "DejaVu Sans",
            9,
            [
                H(2, "Stock levels"),
                Table(
                    [
                        ["Item", "Shop A", "Shop B", "Shop C"],
                        ["Pens", "120", "", "45"],
                        ["Folders", "", "30", ""],
                        ["Staplers", "8", "12", "3"],
                        ["Tape", "(2)", "-5", "14"],
                    ]
                ),
            ],
            notes="empty cells, negative numbers",
        ),
        Doc(
            "fresh-tables-side-by-side",
            "tables",
            "Noto Sans",
            10,
            [
                H(2, "Two branches"),
                Columns(
                    [Table([["Month", "Loans"], ["Jan", "1,204"], ["Feb", "1,180"]], width="90%")],
                    [Table([["Month", "Visits"], ["Jan", "3,410"], ["Feb", "3,275"]], width="90%")],
                ),
            ],
            notes="two ruled tables side by side",
        ),
        Doc(
            "fresh-tables-unruled-wide",
            "tables",
            "Liberation Sans",
            9,
            [
                H(2, "Timetable"),
                P(EN[7]),
                Table(
                    [
                        ["Route", "Departs", "Arrives", "Platform", "Operator"],
                        ["Galway - Dublin", "07:15", "09:45", "2", "Irish Rail"],
                        ["Galway - Limerick", "08:05", "10:10", "1", "Irish Rail"],
                        ["Galway - Ennis", "09:30", "10:50", "3", "Bus Eireann"],
                    ],
                    ruled=False,
                ),
            ],
            notes="unruled, five columns",
        ),
    ]


def docs() -> list[Doc]:
    return rtl() + lists() + forms() + prose() + letters() + tables()
