"""Lists (bullets, numbered, lettered, nested by indent) and forms (questionnaires whose
answer options each sit on their own line after a checkbox glyph or a drawn square)."""

from __future__ import annotations

from bench.realdocs.content_ltr import S, para
from bench.realdocs.model import Columns, Doc, H, Item, Items, P


def lists() -> list[Doc]:
    tasks = ["Review the budget draft", "Book the meeting rooms", "Send the agenda to all members"]
    return [
        Doc(
            "lists-bullets-liberation",
            "lists",
            "Liberation Serif",
            12,
            [
                H(2, "Meeting preparation"),
                P(para(0, 2)),
                Items([Item(t) for t in tasks] + [Item(S[3])], ("•",)),
                P("Second-level items are indented below their parent."),
                Items(
                    [
                        Item("Facilities"),
                        Item("Projector and screen", 1),
                        Item("Coffee for twelve people", 1),
                        Item("Documents"),
                        Item("Printed agenda", 1),
                        Item("Minutes of the last meeting", 1),
                    ],
                    ("•", "◦"),
                ),
            ],
            notes="• then ◦ nested by indent",
        ),
        Doc(
            "lists-mixed-dejavu",
            "lists",
            "DejaVu Sans",
            10,
            [
                H(2, "Installation steps"),
                Items(
                    [
                        Item("Download the installer from the support page."),
                        Item("Close every running application."),
                        Item("Run the installer and follow the instructions on the screen."),
                        Item("Restart the computer when asked."),
                    ],
                    ("1.",),
                ),
                P("Choose one of the following editions:"),
                Items(
                    [
                        Item("Standard edition for single users"),
                        Item("Team edition for up to 25 users"),
                        Item("Enterprise edition with priority support"),
                    ],
                    ("a)",),
                ),
                P("Known limitations:"),
                Items(
                    [Item("No support for 32-bit systems"), Item("Offline mode is read-only")], ("\u2013",)
                ),
            ],
            notes="numbered 1., lettered a), dash bullets",
        ),
        Doc(
            "lists-nested-noto",
            "lists",
            "Noto Sans",
            11,
            [
                H(1, "Project plan"),
                Items(
                    [
                        Item("Phase one: research"),
                        Item("Interview ten customers", 1),
                        Item("Summarise the findings in a short report", 1),
                        Item("Phase two: design"),
                        Item("Draw the first prototype", 1),
                        Item("Paper sketches", 2),
                        Item("Clickable mock-up", 2),
                        Item("Phase three: delivery"),
                    ],
                    ("1.", "a)", "▪"),
                ),
                P(para(4, 2)),
                Items([Item("Budget owner: finance team"), Item("Sponsor: operations director")], ("*",)),
            ],
            notes="three levels: 1. / a) / ▪, then * bullets",
        ),
        Doc(
            "lists-native-libre",
            "lists",
            "Liberation Sans",
            11,
            [
                H(2, "Packing list"),
                P(S[2]),
                Items(
                    [
                        Item("Laptop and charger"),
                        Item("Passport"),
                        Item("Rain jacket"),
                        Item("Spare shirts", 1),
                        Item("Walking shoes", 1),
                        Item("Travel adapter"),
                    ],
                    ("ul",),
                ),
                P("Order of departure:"),
                Items(
                    [Item("Check out of the hotel"), Item("Return the rental car"), Item("Board the train")],
                    ("ol",),
                ),
            ],
            notes="LibreOffice's own list numbering (<ul>, <ol>): the bullet is drawn after the text",
        ),
        Doc(
            "lists-long-items-serif",
            "lists",
            "DejaVu Serif",
            9,
            [
                H(3, "Terms of delivery"),
                Items([Item(para(i, 2)) for i in range(0, 8, 2)], ("▪",)),
                P(para(5, 1)),
                Items([Item(para(i, 1)) for i in (1, 4, 7)], ("(i)",)),
            ],
            notes="items that wrap over two or three lines; (i) numbering",
        ),
    ]


def _questions(qs: list[tuple[str, list[str], int | None]], markers: tuple[str, ...]) -> list[P | Items]:
    out: list[P | Items] = []
    for q, opts, picked in qs:
        out.append(P(q, bold=True))
        out.append(Items([Item(o, 0, i == picked) for i, o in enumerate(opts)], markers))
    return out


QS = [
    (
        "How did you hear about our service?",
        ["From a friend or colleague", "Online advertisement", "Newspaper", "Other"],
        1,
    ),
    (
        "How satisfied are you with the delivery time?",
        ["Very satisfied", "Satisfied", "Neutral", "Dissatisfied"],
        0,
    ),
    ("Would you recommend us to others?", ["Yes", "No", "Not sure"], 2),
    (
        "Which features do you use most often in the online account area of our website?",
        ["Order history", "Invoices and payments", "Address book"],
        None,
    ),
]


def forms() -> list[Doc]:
    return [
        Doc(
            "forms-glyph-dejavu",
            "forms",
            "DejaVu Sans",
            10.5,
            [
                H(2, "Customer questionnaire"),
                P("Please tick one box for each question."),
                *_questions(QS[:3], ("glyph-x",)),
            ],
            notes="☐ and ☒ glyphs",
        ),
        Doc(
            "forms-glyph-noto",
            "forms",
            "Noto Sans",
            11,
            [H(1, "Feedback form"), P(S[7]), *_questions(QS[1:], ("glyph-v",))],
            notes="☐ and ☑ glyphs, a long question",
        ),
        Doc(
            "forms-drawn-liberation",
            "forms",
            "Liberation Sans",
            11,
            [H(2, "Registration survey"), P("Mark the answer that applies."), *_questions(QS, ("svg",))],
            notes="drawn squares (SVG images, exported as vector paths); checked = a square with a cross",
        ),
        Doc(
            "forms-drawn-serif",
            "forms",
            "Liberation Serif",
            12,
            [
                H(2, "Event sign-up"),
                P("Name: Maria Jensen\nEmail: maria.jensen@example.org"),
                *_questions(
                    [
                        (
                            "Which sessions will you attend?",
                            ["Morning keynote", "Workshop A", "Workshop B"],
                            2,
                        ),
                        ("Dietary requirements", ["None", "Vegetarian", "Vegan", "Gluten-free"], 1),
                    ],
                    ("svg",),
                ),
            ],
            notes="drawn squares after a name/email block",
        ),
        Doc(
            "forms-mixed-2col",
            "forms",
            "DejaVu Serif",
            10,
            [
                H(2, "Inspection checklist"),
                Columns(
                    [
                        P("Building A", bold=True),
                        Items(
                            [
                                Item("Fire extinguishers checked", 0, True),
                                Item("Exit signs lit", 0, True),
                                Item("Sprinklers tested", 0, False),
                            ],
                            ("glyph-x",),
                        ),
                    ],
                    [
                        P("Building B", bold=True),
                        Items(
                            [
                                Item("Fire extinguishers checked", 0, False),
                                Item("Exit signs lit", 0, True),
                                Item("Sprinklers tested", 0, True),
                            ],
                            ("svg",),
                        ),
                    ],
                ),
            ],
            notes="checklists in two columns, glyphs left and drawn squares right",
        ),
    ]
