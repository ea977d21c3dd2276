"""Checks of a query string before Whoosh parses it.

Whoosh's parser reads almost any mistake as words (``a AND`` searches the word "and",
``"a b"~x`` searches "x" too, ``*ab`` searches "ab"), which would be a silently different
search. `check_query` walks the query once and raises `QuerySyntaxError` naming the problem and
its column (1-based, in characters) for every form docs/query-syntax.md does not define.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from arshif.errors import QuerySyntaxError

#: Upper-case operators (lower-case "and"/"or"/"not" are words).
OPERATORS = {"AND": "and", "OR": "or", "NOT": "not", "|": "or"}
_FIELD = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):")
_DATE_PART = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?)?)?")
_BOOST = re.compile(r"\^(\d+(?:\.\d+)?)$")
_STOP = frozenset(' \t\n\r\f\v()"|')


@dataclass(frozen=True)
class Token:
    kind: str  #: word, phrase, open, close, and, or, not, plus, minus
    text: str
    column: int  #: 1-based


#: Longest query accepted, in characters (a long paragraph; parsing time grows quadratically).
MAX_QUERY_LENGTH = 4000


def _error(message: str) -> QuerySyntaxError:
    return QuerySyntaxError(f"query syntax: {message}")


def check_date(value: str, what: str = "date", *, prefix: bool = True) -> None:
    """Raise for anything but a real YYYY, YYYY-MM or YYYY-MM-DD (optionally with a time);
    `prefix`: say "query syntax:" (a value in a query, not an option)."""

    def error(message: str) -> QuerySyntaxError:
        return _error(message) if prefix else QuerySyntaxError(message)

    match = _DATE_PART.fullmatch(value)
    if not match:
        raise error(
            f"{what} {value!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2021-11-19)"
        )
    year, month, day = match.groups()
    if month is not None and not 1 <= int(month) <= 12:
        raise error(f"{what} {value!r}: there is no month {month}")
    if day is not None and not 1 <= int(day) <= calendar.monthrange(int(year), int(month))[1]:
        raise error(f"{what} {value!r}: {year}-{month} has no day {day}")


def check_range(value: str, column: int = 0) -> None:
    """Check a ``published:`` value: a date, or ``a..b`` with either end open."""
    where = f"published:{value}" + (f" at column {column}" if column else "")
    start, sep, end = value.partition("..")
    if not start and not end:
        raise _error(f"{where} gives no date; write e.g. published:2021-11")
    for part in (start, end) if sep else (start,):
        if part:
            check_date(part, where)
    if sep and start and end and start[: len(end)] > end:
        raise _error(f"{where}: the range ends before it starts")


def tokenize(text: str) -> list[Token]:
    """The query's tokens (raising for unclosed quotes and bad phrase suffixes)."""
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        column = i + 1
        if char.isspace():
            i += 1
        elif char == '"':
            i = _phrase(text, i, tokens, "")
        elif char in "()":
            tokens.append(Token("open" if char == "(" else "close", char, column))
            i += 1
        elif char == "|":
            tokens.append(Token("or", char, column))
            i += 1
        elif char in "+-" and (i == 0 or text[i - 1].isspace() or text[i - 1] == "("):
            run = len(text[i:]) - len(text[i:].lstrip("+-"))
            following = text[i + run : i + run + 1]
            if not following or following.isspace() or following in ")|":
                i += run  # dashes or pluses before a space are punctuation (Whoosh drops them)
                continue
            if run > 1:
                raise _error(
                    f"'{char}' at column {column} must be followed directly by a word, "
                    f"phrase or group ({char}word {'requires' if char == '+' else 'excludes'} it)"
                )
            tokens.append(Token("plus" if char == "+" else "minus", char, column))
            i += 1
        else:
            start = i
            while i < n and text[i] not in _STOP:
                i += 1
            word = text[start:i]
            field = _FIELD.match(word)
            if field and field.end() == len(word) and i < n and text[i] == '"':
                i = _phrase(text, i, tokens, word)
                continue
            if field and field.end() == len(word) and i < n and text[i] == "(":
                tokens.append(Token("field", word, column))
                continue
            kind = OPERATORS.get(word, "word")
            tokens.append(Token(kind, word, column))
    return tokens


def _phrase(text: str, i: int, tokens: list[Token], prefix: str) -> int:
    """Read the quoted phrase at `i` (and its ``~N``/``^N``); return the index after it."""
    column = i + 1 - len(prefix)
    close = text.find('"', i + 1)
    if close < 0:
        raise _error(f"the quote at column {i + 1} is not closed")
    end = close + 1
    if text[end : end + 1] == "~":
        digits = re.match(r"\d*", text[end + 1 :])
        number = digits.group() if digits else ""
        if not number or int(number) < 1:
            raise _error(
                f'"…"~ at column {end + 1} needs a whole number of words of slack, e.g. "…"~3'
            )
        end += 1 + len(number)
    if text[end : end + 1] == "^":
        boost = re.match(r"\d+(?:\.\d+)?", text[end + 1 :])
        if not boost:
            raise _error(f"^ at column {end + 1} needs a number (a weight), e.g. ^2")
        end += 1 + len(boost.group())
    if not text[i + 1 : close].strip():
        raise _error(f"the quotes at column {i + 1} hold nothing")
    tokens.append(Token("phrase", prefix + text[i:end], column))
    return end


def _check_word(token: Token, fields: frozenset[str], whole_query: bool) -> None:
    word, column = token.text, token.column
    field = _FIELD.match(word)
    value = word
    if field:
        name = field.group(1)
        if name.lower() not in fields:
            raise _error(
                f"unknown field {name}: at column {column} (fields are "
                f"{', '.join(f'{f}:' for f in sorted(fields))}); "
                f'to search for "{name}:" as text, put it in quotes'
            )
        value = word[field.end() :]
        column += field.end()
        if not value:
            raise _error(f"{name}: at column {token.column} has no value (e.g. {name}:word)")
        if name.lower() == "published":
            check_range(value.removesuffix("*"), token.column)
            return
    boost = _BOOST.search(value)
    if boost:
        value = value[: boost.start()]
    elif "^" in value:
        at = column + value.index("^")
        raise _error(f"^ at column {at} needs a number (a weight), e.g. word^2")
    if "~" in value:
        at = column + value.index("~")
        raise _error(
            f"~ at column {at}: fuzzy search (word~) is not supported; arshif already matches "
            'spelling variants, and "…"~N is proximity'
        )
    if "*" in value:
        at = column + value.index("*")
        if value == "*" and whole_query:
            return
        if value.index("*") != len(value) - 1:
            raise _error(f"* at column {at}: only a trailing * is supported (prefix search: word*)")
        if len(value) < 3:
            raise _error(
                f"{value} at column {column}: a prefix search needs at least two letters "
                "before the *"
            )


def check_query(text: str, fields: frozenset[str]) -> None:
    """Raise `QuerySyntaxError` for the first malformed part of `text` (see the module doc)."""
    if not text.strip():
        raise _error("the query is empty")
    if len(text) > MAX_QUERY_LENGTH:
        # Whoosh's parser is quadratic in the query's length: refuse rather than run for minutes.
        raise _error(
            f"the query is {len(text):,} characters long; the limit is {MAX_QUERY_LENGTH:,}"
        )
    tokens = tokenize(text)
    opened: list[Token] = []
    operand_end = ("word", "phrase", "close")
    operand_start = ("word", "phrase", "open", "not", "plus", "minus", "field")
    for number, token in enumerate(tokens):
        before = tokens[number - 1] if number else None
        after = tokens[number + 1] if number + 1 < len(tokens) else None
        shown = f"'{token.text}' at column {token.column}"
        if token.kind == "word":
            _check_word(token, fields, len(tokens) == 1)
        elif token.kind == "field":
            _check_word(Token("word", token.text + "x", token.column), fields, False)
        elif token.kind == "open":
            opened.append(token)
            if after is not None and after.kind == "close":
                raise _error(f"() at column {token.column} is empty")
        elif token.kind == "close":
            if not opened:
                raise _error(
                    f"')' at column {token.column} closes nothing; "
                    "remove it or put the text in quotes"
                )
            opened.pop()
        elif token.kind in ("and", "or"):
            if before is None or before.kind not in operand_end:
                raise _error(f"{shown} has nothing before it to combine")
            if after is None or after.kind not in operand_start:
                raise _error(f"{shown} has nothing after it to combine")
        elif token.kind == "not":
            if after is None or after.kind not in ("word", "phrase", "open", "field"):
                raise _error(f"{shown} must be followed by a word, phrase or (group) to exclude")
        elif token.kind in ("plus", "minus") and (
            after is None or after.kind not in ("word", "phrase", "open", "field")
        ):
            raise _error(f"{shown} must be followed directly by a word, phrase or group")
    if opened:
        raise _error(f"'(' at column {opened[-1].column} is not closed")
