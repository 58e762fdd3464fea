"""The two channels out of Wistara: email (Django's mail over SMTP) and WhatsApp (a driver).

A channel is "configured" when its settings come from the environment (EMAIL_HOST; the
WhatsApp token and sender number). Nothing is queued for a channel that is not configured.

WhatsApp goes through a driver: `send(to, template, language, params) -> message id`. The
default driver speaks the WhatsApp Cloud API (approved template messages over HTTPS); a province
that uses another gateway names its own class in WHATSAPP_DRIVER.
"""

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class SendError(Exception):
    """A failed send. `retry` False: trying again cannot help (a refused number, a bad token)."""

    def __init__(self, message: str, *, retry: bool = True, retry_after: int | None = None):
        super().__init__(message)
        self.retry = retry
        self.retry_after = retry_after


def email_configured() -> bool:
    return bool(getattr(settings, "EMAIL_HOST", ""))


def whatsapp_configured() -> bool:
    return bool(settings.WHATSAPP_TOKEN and settings.WHATSAPP_PHONE_NUMBER_ID) or (
        settings.WHATSAPP_DRIVER != DEFAULT_DRIVER
    )


def configured() -> dict[str, bool]:
    return {"email": email_configured(), "whatsapp": whatsapp_configured()}


class WhatsAppDriver(Protocol):
    def send(self, *, to: str, template: str, language: str, params: list[str]) -> str: ...


@dataclass
class CloudApiDriver:
    """WhatsApp Cloud API: POST {base}/{phone number id}/messages with a template message."""

    base_url: str
    token: str
    phone_number_id: str
    timeout: float = 10.0

    def send(self, *, to: str, template: str, language: str, params: list[str]) -> str:
        body = {
            "messaging_product": "whatsapp",
            "to": to.lstrip("+"),
            "type": "template",
            "template": {
                "name": template,
                "language": {"code": language},
                "components": [
                    {"type": "body", "parameters": [{"type": "text", "text": p[:1000]} for p in params]}
                ],
            },
        }
        request = urllib.request.Request(  # noqa: S310 - the URL is the configured https API
            f"{self.base_url.rstrip('/')}/{self.phone_number_id}/messages",
            data=json.dumps(body).encode(),
            method="POST",
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310
                data = json.loads(answer.read() or b"{}")
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:300].decode("utf-8", "replace")
            retry_after = exc.headers.get("Retry-After")
            # 429 and 5xx pass; any other refusal (bad number, template, token) will not.
            raise SendError(
                f"HTTP {exc.code}: {detail}",
                retry=exc.code == 429 or exc.code >= 500,
                retry_after=int(retry_after) if retry_after and retry_after.isdigit() else None,
            ) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SendError(f"{type(exc).__name__}: {exc}") from exc
        messages = data.get("messages") or [{}]
        return str(messages[0].get("id", ""))


DEFAULT_DRIVER = "wistara.notifications.channels.CloudApiDriver"


def whatsapp_driver() -> WhatsAppDriver:
    cls = import_string(settings.WHATSAPP_DRIVER)
    if settings.WHATSAPP_DRIVER == DEFAULT_DRIVER:
        return cls(
            base_url=settings.WHATSAPP_API_URL,
            token=settings.WHATSAPP_TOKEN,
            phone_number_id=settings.WHATSAPP_PHONE_NUMBER_ID,
        )
    return cls()
