"""What the emulator's SES "sent", as moto keeps it: `GET /moto-api/localcloud/ses/sent`.

moto records every accepted SendEmail/SendRawEmail in its SES backend (`sent_messages`), but its
only generic view of that, `/moto-api/data.json`, fails as soon as a Lambda function exists (it
reads every attribute of every model, and one of Lambda's asks Docker). This answers moto's own
list, per account and region, in the order SES accepted the messages (localcloud.ses.mailbox).
"""

from __future__ import annotations

import json
from typing import Any

from moto.moto_api._internal import urls as moto_api_urls
from moto.ses.models import Message, RawMessage, ses_backends

PATH = "{0}/moto-api/localcloud/ses/sent"
_INSTALLED = False


def _item(message: Any, account: str, region: str) -> dict[str, Any] | None:
    where = {"id": message.id, "account": account, "region": region, "source": message.source}
    if isinstance(message, RawMessage):
        return {**where, "destinations": list(message.destinations), "raw_data": message.raw_data}
    if isinstance(message, Message):
        to = (message.destinations or {}).get("ToAddresses", [])
        return {**where, "destinations": list(to), "subject": message.subject, "body": message.body}
    return None  # templated sends: the shop sends none


def _sent(request: Any, full_url: str, headers: Any) -> tuple[int, dict[str, str], str]:
    items = []
    for account, regions in list(ses_backends.items()):
        for region, backend in list(regions.items()):
            items += [_item(m, account, region) for m in list(backend.sent_messages)]
    body = json.dumps([item for item in items if item is not None])
    return 200, {"Content-Type": "application/json"}, body


def install() -> None:
    global _INSTALLED
    if _INSTALLED:
        return
    moto_api_urls.url_paths[PATH] = _sent
    _INSTALLED = True
