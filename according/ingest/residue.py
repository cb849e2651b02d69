"""Find the page furniture that scraped news text carries, without deleting any of it.

Copy-pasted or scraped articles keep lines that are not reporting: audio-player labels
("Listen to this article"), teasers for other stories ("Read more: ..."), photo captions with
their credits (often twice: once plain, once with "Picture: Alamy"), "Advertisement", share and
subscribe prompts, cookie notices, the headlines listed under "Most read" or "Related". A teaser
or caption such as "X, it's been claimed" would otherwise yield attributions that are not in the
article. Offsets must keep indexing the text exactly as read, so the lines are reported as
``(start, end)`` ranges (``Article.residue``) that extraction skips, never cut out.

The title / timestamp / byline lines at the top are read into metadata and also reported as
residue, so the headline is not mistaken for a claim of the article body.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

Range = tuple[int, int]

_I = re.IGNORECASE

_AUDIO = re.compile(
    r"^(listen to (this|the) (article|story|episode)|loading audio|loading player|play (audio|article|video)"
    r"|your browser does not support the audio element|audio (is )?(not supported|unavailable))\b.{0,40}$",
    _I,
)
_TEASER = re.compile(
    r"^(read more|read also|also read|related( articles?| stories| content| coverage)?|more on this( story)?"
    r"|more from [\w .'-]{1,40}|see also|recommended( for you)?|most read|must read|don'?t miss|trending"
    r"|watch( now)?|listen( now)?|top stories|latest news|live updates)\s*(?::|\||–|—|»|>|-\s)\s*\S.*$",
    _I,
)
_HEADING = re.compile(
    r"^(read more|related( articles?| stories| content| coverage)?|more on this( story)?|see also"
    r"|recommended( for you)?|most (read|popular|viewed)|more stories|top stories|you (may|might) also like"
    r"|trending( now)?|latest (news|stories))\W*$",
    _I,
)
_AD = re.compile(
    r"^((advertisement|advertising|ad)(\W+(scroll|continue|story continues)[\w ]{0,40})?"
    r"|sponsored( content)?|promoted( stories| content)?|paid content"
    r"|(story|article) continues below( this)?( advertisement| ad)?|continue reading (below|the main story)"
    r"|scroll (down )?to continue( with content| reading)?|skip advert(isement)?)\W*$",
    _I,
)
_NETWORK = (
    r"(facebook|twitter|whatsapp|linkedin|reddit|pinterest|email|e-mail|messenger|telegram|flipboard"
    r"|copy link)"
)
_SHARE = re.compile(
    r"^(share( this( article| story| page| post)?)?( on " + _NETWORK + r")?( via " + _NETWORK + r")?"
    r"|share (via|on) \w+|(follow|like) us on\b.*|subscribe\b.*|sign up\b.*"
    r"|(get|join) (our|the)\b.*newsletters?\b.*|newsletter( sign-?up)?\b.*|click here\b.*"
    r"|copy link( to clipboard)?|link copied( to clipboard)?|print( this)?"
    r"|save( article| for later)?|comments?|\d+ comments?|view comments|leave a comment|gift (this )?article"
    r"|" + _NETWORK + r"(\s*[|·•/,]?\s*" + _NETWORK + r")*)\W*$",
    _I,
)
_COOKIE = re.compile(r"\bcookies?\b", _I)
_COOKIE_CONTEXT = re.compile(
    r"\b(we use|this (web)?site uses|accept|consent|privacy (policy|settings|notice)|manage (your )?"
    r"(preferences|settings|choices)|reject all|necessary cookies)\b",
    _I,
)
_AGENCIES = (
    r"(getty images?|reuters|afp|ap( photo)?|associated press|pa( media| wire| images)?|alamy|shutterstock"
    r"|epa(-efe)?|bloomberg|xinhua|anadolu|sipa|rex( features)?|handout)"
)
_CREDIT = re.compile(
    r"((^|[\s.,;(])(picture|pictures|photo|photos|photograph|image|images|credit|photo credit|illustration"
    r")\s*:\s*(?P<credit>[A-Z©][^:.!?]{0,80})\.?\)?$)"
    r"|([/|]\s*" + _AGENCIES + r"[^.!?]{0,40}$)"
    r"|(\(\s*(photo|picture|image)?\s*:?\s*" + _AGENCIES + r"[^)]{0,40}\)\s*$)"
    r"|(^(©|\(c\)|copyright\s+(©|\(c\)|(19|20)\d\d))\s*\S.{0,100}$)",
    _I,
)

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATES = (
    re.compile(r"\b(?P<day>\d{1,2})(st|nd|rd|th)?\s+(of\s+)?" + _MONTH + r",?\s+(?P<year>(19|20)\d\d)\b", _I),
    re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(st|nd|rd|th)?,?\s+(?P<year>(19|20)\d\d)\b", _I),
    re.compile(r"\b(?P<year>(19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b"),
)
# What may surround a date on a timestamp line: labels, weekdays, times, time zones.
_DATE_FILLER = re.compile(
    r"\b(published|updated|last updated|first published|posted|modified|on|at|date|"
    r"(mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?|today|"
    r"\d{1,2}([:.]\d\d){1,2}\s*([ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?|"
    r"gmt|bst|utc|[ecmp][sd]?t|cet|cest|aest|ist|z|t|\d{1,2}\s+(hours?|mins?|minutes?)\s+ago)\b",
    _I,
)
_BYLINE = re.compile(
    r"^(?i:by|words by|written by|reporting by|story by)\s*:?\s+"
    r"(?P<name>[A-Z][\w'’.-]*(\s+([A-Z][\w'’.-]*|de|da|van|von|der|del|bin|al|and|&|,\s*(?=[A-Z][\w'’.-]*\s+and\b)))*)"
    r"\s*([,|–—•·-]\s*.{0,80}[^.!?\"”])?$",
)


@dataclass(frozen=True)
class Scan:
    """What a residue scan finds: ranges to skip plus header metadata."""

    residue: tuple[Range, ...] = ()
    title: str | None = None
    byline: str | None = None
    published: _dt.date | None = None


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield ``(start, end, stripped)`` for each non-blank line, offsets around the stripped text."""
    offset = 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped:
            start = offset + (len(raw) - len(raw.lstrip()))
            yield start, start + len(stripped), stripped
        offset += len(raw)


def parse_date(line: str) -> _dt.date | None:
    """The date on a line that is only a timestamp ("24 March 2022, 10:08", "Updated: 2022-03-24")."""
    if len(line) > 80:
        return None
    for pattern in _DATES:
        match = pattern.search(line)
        if not match:
            continue
        rest = line[: match.start()] + " " + line[match.end() :]
        if re.search(r"[^\W\d_]", _DATE_FILLER.sub(" ", rest)):
            return None
        month = match["month"]
        number = int(month) if month.isdigit() else _MONTHS[month.lower().rstrip(".")]
        try:
            return _dt.date(int(match["year"]), number, int(match["day"]))
        except ValueError:
            return None
    return None


def parse_byline(line: str) -> str | None:
    """The author name(s) of a "By Jane Roe, Political Reporter" line."""
    if len(line) > 120:
        return None
    match = _BYLINE.match(line)
    return match["name"].strip() if match else None


def furniture(line: str) -> str | None:
    """Why a single line is page furniture (a short label), or None for reporting text."""
    if len(line) <= 80 and _HEADING.match(line):
        return "heading"
    if len(line) <= 80 and (_AUDIO.match(line) or _AD.match(line) or _SHARE.match(line)):
        return "label"
    if len(line) <= 250 and _TEASER.match(line):
        return "teaser"
    if len(line) <= 300 and (match := _CREDIT.search(line)) and _looks_like_credit(match["credit"]):
        return "credit"
    if len(line) <= 500 and _COOKIE.search(line) and _COOKIE_CONTEXT.search(line):
        return "cookie"
    return None


def _looks_like_credit(credit: str | None) -> bool:
    """A credit names people or agencies ("Jane Roe for The Times"), unlike "Photo: the flag"."""
    if credit is None:
        return True
    if not (credit[0].isupper() or credit[0] == "©"):
        return False
    lower = [w for w in re.split(r"[\s/]+", credit) if w and w[0].islower()]
    return len(lower) <= 2 and not any(w in ("is", "was", "are", "were", "has", "had", "said") for w in lower)


MAX_LISTED = 10


def _headline_like(line: str) -> bool:
    """A teaser headline: short and not a sentence (reporting paragraphs end in . ! ? or a quote)."""
    return len(line) <= 150 and not re.search(r"[.!?][\"'”’)]?$|[\"”]$", line)


def _norm(line: str) -> str:
    return " ".join(line.split()).rstrip(" .").casefold()


def scan(text: str, known_title: str | None = None, header_lines: int = 8) -> Scan:
    """Find residue ranges and the title / byline / timestamp lines at the top of ``text``.

    ``known_title`` (from HTML metadata) marks a first line repeating the headline as residue.
    """
    lines = list(_lines(text))
    residue: list[Range] = []
    marked: set[int] = set()

    def mark(index: int) -> None:
        if index not in marked:
            marked.add(index)
            residue.append((lines[index][0], lines[index][1]))

    for i, (_start, _end, line) in enumerate(lines):
        reason = furniture(line)
        if reason is None:
            continue
        mark(i)
        if reason == "credit":
            # The same caption often appears just before, without its credit.
            caption = _norm(line)
            for j in range(max(0, i - 2), i):
                previous = _norm(lines[j][2])
                if len(previous) >= 15 and caption.startswith(previous):
                    mark(j)
        elif reason == "heading":
            # "Most read" / "Related" lists: the headlines below it, up to the next sentence.
            for j in range(i + 1, min(len(lines), i + 1 + MAX_LISTED)):
                if not _headline_like(lines[j][2]):
                    break
                mark(j)

    title = byline = None
    published = None
    title_index: int | None = None
    for i, (_start, _end, line) in enumerate(lines[:header_lines]):
        if i in marked:
            continue
        if published is None and (found := parse_date(line)):
            published = found
            mark(i)
        elif byline is None and (name := parse_byline(line)):
            byline = name
            mark(i)
        elif i == 0 and len(line) <= 250:
            title_index = i
        elif len(line) > 200:
            break  # the body has begun
    if title_index is not None:
        first = lines[title_index][2]
        is_known = known_title is not None and _norm(first) == _norm(known_title)
        if is_known or (published or byline):
            title = first
            mark(title_index)
    return Scan(residue=merge(residue), title=title, byline=byline, published=published)


def merge(ranges: list[Range] | tuple[Range, ...]) -> tuple[Range, ...]:
    """Sorted, non-overlapping ranges."""
    out: list[Range] = []
    for start, end in sorted(ranges):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)
