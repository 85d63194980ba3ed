"""Structured data from page results (DESIGN.md: pure functions over blocks): key-value
pairs, the document's kind, and an invoice's or a receipt's typed record with provenance,
line items and checks. :func:`extract` is the ``fields`` output."""

from common.extraction.record import extract, summary

__all__ = ["extract", "summary"]
