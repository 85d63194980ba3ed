"""The labels printed before or above each typed field, in English, German, French, Dutch,
Spanish and Italian, and the words that tell an invoice from a receipt or a contract.

Labels are matched on normalized text (lowercase, accents kept, punctuation and extra
spaces removed), longest first, so that "total due" wins over "total" and "subtotal" is
never read as "total".
"""

from __future__ import annotations

import re

FIELD_LABELS: dict[str, list[str]] = {
    "invoice_number": [
        "invoice number",
        "invoice no",
        "invoice nr",
        "invoice num",
        "invoice #",
        "invoice id",
        "invoice",
        "inv no",
        "bill no",
        "bill number",
        "document no",
        "receipt no",
        "receipt number",
        "receipt #",
        "rechnungsnummer",
        "rechnungs nr",
        "rechnung nr",
        "rechnungsnr",
        "rechnung",
        "numéro de facture",
        "numero de facture",
        "facture n°",
        "facture no",
        "facture n",
        "n° de facture",
        "facture",
        "factuurnummer",
        "factuur nr",
        "factuurnr",
        "factuur",
        "número de factura",
        "numero de factura",
        "factura nº",
        "factura n°",
        "factura no",
        "nº factura",
        "factura",
        "numero fattura",
        "fattura n",
        "fattura nr",
        "fattura",
        "booking id",
        "booking no",
        "order id",
        "order no",
        "order number",
        "bestellnummer",
        "no",
        "nr",
        "n°",
    ],
    "issue_date": [
        "invoice date",
        "date of issue",
        "issue date",
        "issued on",
        "billing date",
        "date",
        "dated",
        "rechnungsdatum",
        "datum",
        "ausstellungsdatum",
        "date de facture",
        "date de facturation",
        "date d'émission",
        "factuurdatum",
        "fecha de factura",
        "fecha de emisión",
        "fecha",
        "data fattura",
        "data",
    ],
    "due_date": [
        "due date",
        "payment due",
        "due by",
        "pay by",
        "payable by",
        "due on",
        "fälligkeitsdatum",
        "fällig am",
        "zahlbar bis",
        "fällig bis",
        "date d'échéance",
        "échéance",
        "date limite de paiement",
        "vervaldatum",
        "te betalen voor",
        "fecha de vencimiento",
        "vencimiento",
        "data di scadenza",
        "scadenza",
    ],
    "subtotal": [
        "subtotal",
        "sub total",
        "sub-total",
        "net amount",
        "total net",
        "net total",
        "total excl vat",
        "total excl tax",
        "amount before tax",
        "untaxed amount",
        "total before tax",
        "total excluding gst",
        "total excl gst",
        "total sales excluding gst",
        "total sales exclusive of gst",
        "total sales exclusive gst",
        "total sales excl gst",
        "zwischensumme",
        "nettobetrag",
        "summe netto",
        "netto",
        "gesamt netto",
        "sous-total",
        "sous total",
        "total ht",
        "montant ht",
        "subtotaal",
        "totaal excl btw",
        "netto bedrag",
        "exclusief btw",
        "excl btw",
        "totaal exclusief btw",
        "exkl mwst",
        "ohne mwst",
        "hors taxes",
        "base imponible",
        "subtotal sin iva",
        "imponibile",
        "totale imponibile",
    ],
    "tax": [
        "vat",
        "tax",
        "sales tax",
        "gst",
        "sst",
        "tva",
        "mwst",
        "ust",
        "umsatzsteuer",
        "mehrwertsteuer",
        "btw",
        "iva",
        "total tax",
        "tax amount",
        "total vat",
        "total gst",
    ],
    "total": [
        "total amount",
        "grand total",
        "total payable",
        "total incl vat",
        "total incl tax",
        "total including gst",
        "total inclusive gst",
        "total incl gst",
        "total inclusive of gst",
        # "Total Sales (Inclusive GST) RM 11.40": the receipt's total, its tax included
        "total sales inclusive gst",
        "total sales inclusive of gst",
        "total sales including gst",
        "total sales incl gst",
        "rounded total",
        "total rounded",
        "net total rounded",
        "total amount payable",
        "total",
        "amount",
        "invoice total",
        "total to pay",
        "gesamtbetrag",
        "rechnungsbetrag",
        "endbetrag",
        "summe",
        "gesamt",
        "bruttobetrag",
        "total ttc",
        "montant ttc",
        "montant total",
        "total à payer",
        "totaal",
        "totaalbedrag",
        "totaal incl btw",
        "importe total",
        "totale",
        "totale fattura",
        "importo totale",
    ],
    "amount_due": [
        "amount due",
        "balance due",
        "total due",
        "due",
        "zu zahlen",
        "offener betrag",
        "net à payer",
        "reste à payer",
        "te betalen",
        "openstaand bedrag",
        "total a pagar",
        "saldo",
        "totale da pagare",
    ],
    "rounding": [
        "rounding",
        "rounding adj",
        "rounding adjustment",
        "round adj",
        "rounding amt",
        "rundung",
        "arrondi",
        "afronding",
        "redondeo",
        "arrotondamento",
    ],
    "amount_paid": [
        "amount paid",
        "paid",
        "payment received",
        "cash",
        "tendered",
        "bezahlt",
        "payé",
        "betaald",
        "pagado",
        "pagato",
    ],
    "change": ["change", "change due", "cash change", "rückgeld", "monnaie rendue", "wisselgeld", "cambio"],
    "iban": ["iban", "bank account", "account"],
    "bic": ["bic", "swift", "swift code", "bic/swift"],
    "vat_id": [
        "vat id",
        "vat no",
        "vat number",
        "vat reg no",
        "tax id",
        "tax number",
        "gst id",
        "gst reg no",
        "gst no",
        "ust-idnr",
        "ust-id",
        "ust id",
        "ustidnr",
        "steuernummer",
        "n° tva",
        "numéro de tva",
        "tva intracommunautaire",
        "btw nummer",
        "btw nr",
        "btw-nummer",
        "nif",
        "cif",
        "partita iva",
        "p iva",
        "p.iva",
    ],
    "registration": [
        "company registration",
        "company reg no",
        "registration no",
        "reg no",
        "handelsregister",
        "hrb",
        "siret",
        "siren",
        "rcs",
        "kvk",
        "kvk nummer",
        "co reg no",
        "company no",
    ],
    "payment_terms": [
        "payment terms",
        "terms",
        "terms of payment",
        "zahlungsbedingungen",
        "zahlungsziel",
        "conditions de paiement",
        "betalingsvoorwaarden",
        "condiciones de pago",
        "termini di pagamento",
    ],
    "seller": [
        "from",
        "seller",
        "supplier",
        "vendor",
        "lieferant",
        "verkäufer",
        "fournisseur",
        "leverancier",
        "proveedor",
        "fornitore",
    ],
    "buyer": [
        "bill to",
        "billed to",
        "invoice to",
        "sold to",
        "customer",
        "client",
        "to",
        "rechnungsempfänger",
        "kunde",
        "facturé à",
        "klant",
        "cliente",
        "destinatario",
    ],
}

INVOICE_WORDS = ("invoice", "rechnung", "facture", "factuur", "factura", "fattura", "tax invoice", "bill")
RECEIPT_WORDS = (
    "receipt",
    "cash",
    "change",
    "tunai",
    "kassenbon",
    "quittung",
    "ticket",
    "reçu",
    "bon",
    "kassabon",
    "recibo",
    "scontrino",
    "thank you",
    "terima kasih",
)
CONTRACT_WORDS = (
    "agreement",
    "contract",
    "vertrag",
    "contrat",
    "overeenkomst",
    "contrato",
    "contratto",
    "governing law",
)

_PUNCT = re.compile(r"[^\w#°º&%/' -]+")
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Lowercase, punctuation (but # ° % /) to spaces, whitespace collapsed."""
    return _SPACES.sub(" ", _PUNCT.sub(" ", text.lower())).strip()


# (normalized label, field), longest first: the first match in a text is the most specific.
_ALL: list[tuple[str, str]] = sorted(
    ((normalize(label), name) for name, labels in FIELD_LABELS.items() for label in labels),
    key=lambda item: len(item[0]),
    reverse=True,
)


def _label_pattern(label: str) -> re.Pattern[str]:
    # On the text as printed: the label's words with any punctuation or spacing between
    # them ("Invoice-No.", "invoice  no", "Total Sales (Inclusive GST)"), not inside a
    # longer word.
    words = label.split(" ")
    # A label ending in a mark ("n°", "#") may touch its value: "Facture n°562044387".
    tail = r"(?!\w)" if label[-1].isalnum() else ""
    return re.compile(r"(?<!\w)" + r"[\s.:\-/()]*".join(re.escape(w) for w in words) + tail, re.IGNORECASE)


_LABEL_RE = {label: _label_pattern(label) for label, _ in _ALL}


def match_label(text: str) -> list[tuple[str, str, int, int]]:
    """The labels found in ``text`` as (field, label, start, end) offsets in ``text``, left
    to right, without overlaps (longer labels win)."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[str, str, int, int]] = []
    for label, name in _ALL:
        for m in _LABEL_RE[label].finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((name, label, m.start(), m.end()))
    return sorted(found, key=lambda item: item[2])


def is_label_only(text: str) -> tuple[str, str] | None:
    """(field, label) when ``text`` is nothing but one label (and a colon): "Invoice Date:"."""
    norm = normalize(text)
    for label, name in _ALL:
        if norm == label:
            return name, label
    return None
