"""Real endpoints on loopback for the channels: an SMTP server (aiosmtpd) that keeps what it
receives, and an HTTP server that plays the WhatsApp Cloud API, checks each request and answers
what the test queues (errors, rate limits)."""

import json
import socket
import threading
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller

TOKEN = "test-token-123"
PHONE_ID = "1098765"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    inbox.port = controller.port
    yield inbox
    controller.stop()


class CloudApi:
    """Records every request; answers the queued (status, body, headers) or 200 with an id."""

    def __init__(self):
        self.requests = []
        self.answers = []
        self.problems = []


@pytest.fixture
def whatsapp(settings):
    api = CloudApi()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            api.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
            if self.path != f"/v21.0/{PHONE_ID}/messages":
                api.problems.append(f"path {self.path}")
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                api.problems.append("token")
            if body.get("messaging_product") != "whatsapp" or body.get("type") != "template":
                api.problems.append("not a template message")
            status, answer, headers = (
                api.answers.pop(0)
                if api.answers
                else (200, {"messages": [{"id": f"wamid.{len(api.requests)}"}]}, {})
            )
            data = json.dumps(answer).encode()
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WHATSAPP_API_URL = f"http://127.0.0.1:{server.server_address[1]}/v21.0"
    settings.WHATSAPP_TOKEN, settings.WHATSAPP_PHONE_NUMBER_ID = TOKEN, PHONE_ID
    yield api
    server.shutdown()
    server.server_close()


def verified_phone(user, number="6281234567890"):
    from django.utils import timezone

    from wistara.notifications.models import Contact

    Contact.objects.update_or_create(
        user=user, defaults={"whatsapp": number, "whatsapp_verified_at": timezone.now()}
    )
