"""Keep secrets out of everything es-ingest prints or writes.

Secrets (passwords, API keys, the password part of a URL) are registered with
`register()` as soon as they are known; `redact()` replaces every registered
value, and any JSON field named like a secret (`"password": "..."`,
`"api_key": "..."`, `"encoded": "..."`), with `***`. `install()` puts a filter
on the root logger's handlers so that no log record, from es-ingest or from a
library (elastic_transport logs whole request and response bodies at debug
level), reaches a handler unredacted, and redacts the traceback of an
uncaught exception too.
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
import sys
import threading
import traceback
from types import TracebackType
from urllib.parse import urlsplit

MASK = "***"
_MIN_LEN = 4  # shorter values would mask ordinary words
_lock = threading.Lock()
_secrets: set[str] = set()
_JSON_SECRET = re.compile(
    r'("(?:password|passwd|api_key|encoded|access_token|refresh_token|client_secret|token)"'
    r'\s*:\s*)"(?:[^"\\]|\\.)*"'
)
# The password of scheme://user:password@host runs to the last "@" before a
# space: users type "/", "?", "#" or "@" in it unencoded (which makes urlsplit
# read the rest as the path). Masking a little too much is the safe side.
_URL_USERINFO = re.compile(r"(\b[a-zA-Z][a-zA-Z0-9+.-]*://[^/@\s:]*):\S*@")
_SPILLED_USERINFO = re.compile(r"\s*[a-zA-Z][a-zA-Z0-9+.-]*://[^/@\s:]*:(?P<password>\S*)@[^@]*")


def register(*values: str | None) -> None:
    """Remember secret values so that `redact` masks them.

    An API key is also masked in its decoded `id:key` form and as the bare key.
    """
    with _lock:
        for value in values:
            if not value or len(value) < _MIN_LEN:
                continue
            _secrets.add(value)
            decoded = _b64(value)
            if decoded and ":" in decoded:
                _secrets.add(decoded)
                key = decoded.split(":", 1)[1]
                if len(key) >= _MIN_LEN:
                    _secrets.add(key)


def _b64(value: str) -> str | None:
    try:
        raw = base64.b64decode(value, validate=True)
        return raw.decode("ascii")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None


def redact(text: str) -> str:
    """`text` with registered secrets, secret JSON fields and URL passwords masked."""
    if not text:
        return text
    with _lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    text = _JSON_SECRET.sub(lambda m: f'{m.group(1)}"{MASK}"', text)
    return _URL_USERINFO.sub(lambda m: f"{m.group(1)}:{MASK}@", text)


def safe_url(url: str) -> str:
    """`url` with the password of its user-info part (if any) masked.

    A password with unencoded "/", "?" or "#" (which makes the URL invalid) is
    masked whole too.
    """
    password = url_password(url)
    if not password:
        return url
    # The password starts after "scheme://user:" (a user name has no ":").
    start = url.index(":", url.index("://") + 3) + 1
    return url[:start] + MASK + url[start + len(password) :]


def url_password(url: str) -> str | None:
    """The password in `url`'s user-info part, as typed (None when there is none).

    When `urlsplit` sees no user info but the URL has an "@" after a
    "scheme://user:" start, the password held a "/", "?" or "#": it is all
    that comes before the last "@".
    """
    try:
        netloc = urlsplit(url).netloc
    except ValueError:  # e.g. an unclosed "[" of an IPv6 host
        netloc = ""
    if "@" in netloc:
        userinfo = netloc.rpartition("@")[0]
        return userinfo.partition(":")[2] if ":" in userinfo else None
    spilled = _SPILLED_USERINFO.fullmatch(url)
    return spilled.group("password") if spilled else None


class RedactingFilter(logging.Filter):
    """Formats a record's message, redacts it, and lets it through."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the raw parts only
            message = f"{record.msg} {record.args}"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


_FILTER = RedactingFilter()


def install(logger: logging.Logger | None = None) -> None:
    """Redact every record that reaches the handlers of `logger` (default: root).

    Without `logger`, uncaught exceptions (main thread and other threads) are
    printed redacted as well.
    """
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if _FILTER not in handler.filters:
            handler.addFilter(_FILTER)
    if logger is None:
        sys.excepthook = _excepthook
        threading.excepthook = _thread_excepthook


def _excepthook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    sys.stderr.write(redact(text))


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread is not None else "?"
    sys.stderr.write(f"Exception in thread {name}:\n")
    _excepthook(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)
