"""A loopback stand-in for the national system: the OAuth2 token and the three endpoints.

It checks what a real server would refuse (grant type and credentials, the bearer token, a
form-encoded body with exactly the endpoint's fields) and keeps every record it accepted.
`fail` makes chosen records fail: {indikator_id: [503, 503]} answers 503 twice, then accepts.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from wistara.interchange.sipantas.client import ENDPOINTS

USER, PASSWORD, CLIENT = "kab1401", "rahasia-sekali", "wistara"


class Server:
    def __init__(self):
        self.received: list[tuple[str, dict]] = []
        self.requests: list[str] = []
        self.fail: dict[str, list[int]] = {}
        self.tokens = 0
        self.errors: list[str] = []
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def _handler(self):
        server = self
        paths = {f"/api/{name}": (kind, fields) for kind, (name, fields) in ENDPOINTS.items()}

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length).decode()
                server.requests.append(self.path)
                if not self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
                    server.errors.append(f"not form-encoded: {self.path}")
                    return self._answer(415, {"message": "form only"})
                form = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
                if self.path == "/oauth/token":
                    ok = (
                        form.get("grant_type") == "password"
                        and form.get("username") == USER
                        and form.get("password") == PASSWORD
                        and form.get("client_id") == CLIENT
                    )
                    if not ok:
                        return self._answer(401, {"error": "invalid_grant"})
                    server.tokens += 1
                    return self._answer(
                        200,
                        {"access_token": f"tok{server.tokens}", "token_type": "Bearer", "expires_in": 3600},
                    )
                if self.path not in paths:
                    return self._answer(404, {"message": "no such endpoint"})
                if self.headers.get("Authorization") != f"Bearer tok{server.tokens}":
                    return self._answer(401, {"message": "Unauthenticated."})
                kind, fields = paths[self.path]
                if set(form) != set(fields):
                    server.errors.append(f"{kind}: fields {sorted(set(form) ^ set(fields))}")
                    return self._answer(422, {"message": "fields"})
                planned = server.fail.get(form.get("indikator_id", "odf"))
                if planned:
                    status = planned.pop(0)
                    return self._answer(status, {"success": False, "message": f"gagal {status}"})
                server.received.append((kind, form))
                return self._answer(200, {"success": True, "message": "Data berhasil disimpan"})

        return Handler
