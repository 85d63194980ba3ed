"""A small Python client for Pagemill's HTTP API, and the webhook verification helper.

from pagemill_client import Client, verify_webhook

with Client("https://pagemill.example.com", api_key) as pm:
    doc = pm.submit("invoice.pdf", webhook_url="https://erp.example.com/hooks/pagemill")
    markdown = pm.result(pm.wait(doc["id"])["id"], "markdown")

# in the receiver, with the raw body bytes and the request headers:
event = verify_webhook(body, headers, secret)  # raises WebhookVerificationError
"""

from __future__ import annotations

from pagemill_client.client import TERMINAL, Client, PagemillError
from pagemill_client.webhooks import WebhookVerificationError, verify_webhook

__all__ = ["TERMINAL", "Client", "PagemillError", "WebhookVerificationError", "verify_webhook"]
