"""The mail the emulator's SES "sent", read from moto itself (`GET /moto-api/localcloud/ses/sent`,
emulator.ext.ses_mailbox: every SendEmail and SendRawEmail it accepted, in the order it accepted
them).

`make local-mail` prints it, newest last: from, to, subject and the text body of each message.
"""

from __future__ import annotations

import argparse
import datetime as dt
import email
import email.policy
import json
import sys
import urllib.request
from dataclasses import dataclass
from typing import Any

from localcloud.config import Config
from localcloud.emulator.ext.ses_mailbox import PATH as SENT_PATH


@dataclass(frozen=True)
class Mail:
    message_id: str
    sender: str
    to: tuple[str, ...]
    subject: str
    body: str
    # The Date header the sender wrote (whole seconds); simple sends carry none.
    sent_at: dt.datetime | None = None


def _from_raw(item: dict[str, Any]) -> Mail:
    message = email.message_from_string(item["raw_data"], policy=email.policy.default)
    part = message.get_body(preferencelist=("plain", "html"))
    to = [a.strip() for a in str(message.get("To", "")).split(",") if a.strip()]
    return Mail(
        message_id=item["id"],
        sender=str(message.get("From") or item.get("source") or ""),
        to=tuple(to or item.get("destinations") or ()),
        subject=str(message.get("Subject", "")),
        body=part.get_content() if part is not None else "",
        sent_at=message["Date"].datetime if message.get("Date") else None,
    )


def _from_simple(item: dict[str, Any]) -> Mail:
    return Mail(
        message_id=item["id"],
        sender=item.get("source", ""),
        to=tuple(item.get("destinations") or ()),
        subject=item.get("subject", ""),
        body=item.get("body", ""),
    )


def sent_mail(endpoint: str, *, timeout: float = 30.0) -> list[Mail]:
    url = endpoint + SENT_PATH.format("")
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - the local emulator
        items = json.loads(response.read())
    return [_from_raw(m) if "raw_data" in m else _from_simple(m) for m in items]


def render(mail: Mail) -> str:
    lines = [
        f"From:    {mail.sender}",
        f"To:      {', '.join(mail.to)}",
        f"Subject: {mail.subject}",
    ]
    if mail.sent_at:
        lines.append(f"Date:    {mail.sent_at.isoformat()}")
    return "\n".join(lines) + f"\n\n{mail.body.rstrip()}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--to", help="only the mail sent to this address")
    parser.add_argument("--last", type=int, default=10, help="how many messages (default 10)")
    args = parser.parse_args(argv)
    config = Config.from_environ()
    try:
        mail = sent_mail(config.moto_endpoint)
    except OSError as exc:
        print(
            f"error: the emulator at {config.moto_endpoint} does not answer ({exc}): make up",
            file=sys.stderr,
        )
        return 1
    if args.to:
        mail = [m for m in mail if args.to.lower() in (a.lower() for a in m.to)]
    if not mail:
        print("no mail sent yet" + (f" to {args.to}" if args.to else ""), file=sys.stderr)
        return 0
    shown = mail[-args.last :] if args.last > 0 else mail
    print(f"{len(mail)} message(s) sent; the last {len(shown)}, newest last:\n")
    print("\n".join(f"--- {m.message_id}\n{render(m)}" for m in shown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
