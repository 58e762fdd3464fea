"""Push client for the national system (SIPANTAS), with requests.

OAuth2 password grant for a bearer token, then one form-encoded POST per record to one of three
endpoints. Transient failures (no connection, timeouts, 429 and 5xx answers) are retried with a
growing pause; a 401 fetches a new token once; any other answer is final and kept with the
record. The credentials come from the environment only (SIPANTAS_*), are never stored in the
database, never written to a page or a log.
"""

import hashlib
import json
import os
import time
from dataclasses import dataclass

import requests
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from wistara.assessments.models import Registration

from ..models import SipantasRecord
from .records import CAPAIAN_FIELDS, KELEMBAGAAN_FIELDS, ODF_FIELDS, build_records, payload

ENDPOINTS = {
    "capaian": ("sendDataCapaiaanTatananByKabupaten", CAPAIAN_FIELDS),  # sic: the system's spelling
    "odf": ("sendDataODFByKabupaten", ODF_FIELDS),
    "kelembagaan": ("sendDataCapaianKelembagaanByKabupaten", KELEMBAGAAN_FIELDS),
}
ENV = ("SIPANTAS_BASE_URL", "SIPANTAS_USERNAME", "SIPANTAS_PASSWORD")
ANSWER_MAX = 2000


@dataclass
class Outcome:
    ok: bool
    status: int | None
    text: str
    attempts: int


class SipantasClient:
    def __init__(
        self,
        *,
        base_url: str,
        username: str,
        password: str,
        client_id: str = "",
        client_secret: str = "",
        token_url: str = "",
        api_path: str = "/api/",
        retries: int = 3,
        pause: float = 0.5,
        timeout: float = 30,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token_url = token_url or f"{self.base_url}/oauth/token"
        self.api_path = "/" + api_path.strip("/") + "/"
        self._credentials = {
            "username": username,
            "password": password,
            "client_id": client_id,
            "client_secret": client_secret,
        }
        self.retries, self.pause, self.timeout = retries, pause, timeout
        self.session = requests.Session()
        self._token: str | None = None

    def __repr__(self) -> str:  # never the password
        return f"SipantasClient({self.base_url!r})"

    @classmethod
    def from_env(cls) -> "SipantasClient":
        missing = [name for name in ENV if not os.environ.get(name)]
        if missing:
            raise ImproperlyConfigured(", ".join(missing))
        return cls(
            base_url=os.environ["SIPANTAS_BASE_URL"],
            username=os.environ["SIPANTAS_USERNAME"],
            password=os.environ["SIPANTAS_PASSWORD"],
            client_id=os.environ.get("SIPANTAS_CLIENT_ID", ""),
            client_secret=os.environ.get("SIPANTAS_CLIENT_SECRET", ""),
            token_url=os.environ.get("SIPANTAS_TOKEN_URL", ""),
            api_path=os.environ.get("SIPANTAS_API_PATH", "/api/"),
        )

    def token(self, *, renew: bool = False) -> str:
        if self._token and not renew:
            return self._token
        data = {"grant_type": "password", **{k: v for k, v in self._credentials.items() if v}}
        answer = self._post(self.token_url, data, headers={})
        if not answer.ok:
            raise ConnectionError(
                _("The national system refused the login (%(status)s): %(text)s")
                % {"status": answer.status, "text": answer.text[:200]}
            )
        try:
            self._token = json.loads(answer.text)["access_token"]
        except (ValueError, KeyError, TypeError) as exc:
            raise ConnectionError(_("The national system's login answer has no access token.")) from exc
        return self._token

    def send(self, kind: str, fields: dict[str, str]) -> Outcome:
        endpoint, _names = ENDPOINTS[kind]
        url = f"{self.base_url}{self.api_path}{endpoint}"
        outcome = self._post(url, fields, headers={"Authorization": f"Bearer {self.token()}"})
        if outcome.status == 401:  # the token expired meanwhile: once more with a new one
            again = self._post(url, fields, headers={"Authorization": f"Bearer {self.token(renew=True)}"})
            again.attempts += outcome.attempts
            outcome = again
        if outcome.ok and _says_failed(outcome.text):
            outcome.ok = False
        return outcome

    def _post(self, url: str, data: dict, headers: dict) -> Outcome:
        attempts = 0
        while True:
            attempts += 1
            try:
                answer = self.session.post(
                    url, data=data, headers={"Accept": "application/json", **headers}, timeout=self.timeout
                )
            except requests.RequestException as exc:
                status, text, transient = None, f"{type(exc).__name__}: {exc}", True
            else:
                status, text = answer.status_code, answer.text[:ANSWER_MAX]
                transient = status == 429 or status >= 500
                if 200 <= status < 300:
                    return Outcome(True, status, text, attempts)
            if not transient or attempts > self.retries:
                return Outcome(False, status, text, attempts)
            time.sleep(self.pause * (2 ** (attempts - 1)))


def _says_failed(text: str) -> bool:
    """A 200 answer whose JSON says it failed (`"success": false` or `"status": false/"error"`)."""
    try:
        body = json.loads(text)
    except ValueError:
        return False
    if not isinstance(body, dict):
        return False
    return body.get("success") is False or body.get("status") in (False, "error", "gagal")


def _sha(fields: dict, record: dict) -> str:
    """What was sent, with each signed file link (new every time) replaced by the evidence the
    PDF behind it holds: a re-push sends what changed, not what was merely signed again."""
    stable = {**fields, **{name: ids for name, ids in record.get("_files", {}).items()}}
    return hashlib.sha256(json.dumps(stable, sort_keys=True).encode()).hexdigest()


def sipantas_push(*, registration: Registration, client: SipantasClient, force: bool = False) -> dict:
    """Send every record not yet sent with its present content; keep each one's outcome.

    Safe to repeat: a record already sent with the same fields is skipped (force sends it again);
    a failed or changed one is sent again. Refused whole while anything lacks a SIPANTAS id.
    """
    records = build_records(registration)
    if records.unmapped:
        raise ValidationError(
            _("%(n)s objects have no SIPANTAS id yet (see the mapping); nothing was sent.")
            % {"n": len(records.unmapped)}
        )
    try:
        client.token()
    except ConnectionError as exc:
        raise ValidationError(str(exc)) from exc
    counts = {"sent": 0, "failed": 0, "unchanged": 0}
    for key, kind, record in records.keyed():
        fields = payload(record, ENDPOINTS[kind][1])
        digest = _sha(fields, record)
        row, _created = SipantasRecord.objects.get_or_create(registration=registration, key=key)
        if not force and row.status == SipantasRecord.Status.SENT and row.payload_sha256 == digest:
            counts["unchanged"] += 1
            continue
        try:
            outcome = client.send(kind, fields)
        except ConnectionError as exc:
            outcome = Outcome(False, None, str(exc), 1)
        row.attempts += outcome.attempts
        row.answer = f"{outcome.status or '-'} {outcome.text}"[:ANSWER_MAX]
        if outcome.ok:
            row.status, row.payload_sha256, row.sent_at = SipantasRecord.Status.SENT, digest, timezone.now()
            counts["sent"] += 1
        else:
            row.status = SipantasRecord.Status.FAILED
            counts["failed"] += 1
        row.save()
    return counts
