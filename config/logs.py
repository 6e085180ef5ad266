"""Log lines that cannot be forged: every control character a record carries is written escaped.

A request path is attacker-chosen text: ``/x%0d%0a2026-01-01 ERROR ...`` arrives decoded, with a real CR LF, and
would otherwise start a new, fake line in the log. The formatter escapes C0 and C1 control characters (CR, LF,
NUL, ESC ...), DEL and the Unicode line separators in the whole formatted record, traceback included, so one
record is always exactly one line. It imports nothing from Django: gunicorn's master process uses it too.
"""

import logging
import re

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match) -> str:
    character = match.group()
    if character in _NAMED:
        return _NAMED[character]
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_control_characters(text: str) -> str:
    return _CONTROL.sub(_escape, text)


class SingleLineFormatter(logging.Formatter):
    """A ``logging.Formatter`` whose output holds no control character: one record, one line."""

    def format(self, record: logging.LogRecord) -> str:
        return escape_control_characters(super().format(record))
