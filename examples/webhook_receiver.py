"""A minimal Pagemill webhook receiver (FastAPI).

    PAGEMILL_WEBHOOK_SECRET=whsec_... uvicorn examples.webhook_receiver:app --port 9000

It verifies the Standard Webhooks signature on the raw body, ignores repeats of an
event it already handled (a retry or a redelivery carries the same webhook-id), answers
fast and does the work after answering.
"""

from __future__ import annotations

import os

from fastapi import BackgroundTasks, FastAPI, HTTPException, Request, Response

from pagemill_client import WebhookVerificationError, verify_webhook

app = FastAPI()
# During a secret rotation, list both: "whsec_new,whsec_old".
SECRETS = [s for s in os.environ.get("PAGEMILL_WEBHOOK_SECRET", "").split(",") if s]
seen: set[str] = set()  # use your database in production (a unique column on webhook-id)
handled: list[dict[str, object]] = []


def handle(event: dict[str, object]) -> None:
    # e.g. fetch event["data"]["links"]["results"]["markdown"] with your API key
    handled.append(event)


@app.post("/hooks/pagemill", status_code=204)
async def pagemill_hook(request: Request, background: BackgroundTasks) -> Response:
    body = await request.body()  # the raw bytes: re-serialised JSON would not verify
    try:
        event = verify_webhook(body, dict(request.headers), SECRETS)
    except WebhookVerificationError as exc:
        raise HTTPException(status_code=400, detail=f"bad signature: {exc}") from exc
    webhook_id = request.headers["webhook-id"]
    if webhook_id not in seen:  # at-least-once delivery: deduplicate on webhook-id
        seen.add(webhook_id)
        background.add_task(handle, event)
    return Response(status_code=204)  # any 2xx; 410 tells Pagemill to disable the endpoint
