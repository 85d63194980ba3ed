"""The API's URLs for a document, shared by API answers and webhook events."""

from __future__ import annotations

from common.core.settings import Settings
from common.documents.models import Document


def link_base(settings: Settings) -> str:
    """Absolute links when a public URL is configured, else links relative to the API root."""
    return (settings.api.public_url or "").rstrip("/")


def document_links(doc: Document, settings: Settings) -> dict[str, str]:
    base = f"{link_base(settings)}/v1/documents/{doc.id}"
    links = {"self": base, "pages": f"{base}/pages/{{page_no}}"}
    for fmt in doc.options.get("output_formats", []):
        links[f"result_{fmt}"] = f"{base}/result?format={fmt}"
    return links
