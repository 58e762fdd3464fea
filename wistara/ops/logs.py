"""One JSON object per log line (LOG_FORMAT=json), for a log collector in a national deployment."""

import json
import logging
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        doc = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            doc["status"] = status
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            doc["path"], doc["method"] = request.path, request.method
        if record.exc_info:
            doc["exception"] = self.formatException(record.exc_info)
        return json.dumps(doc, ensure_ascii=False, default=str)
