"""Web-page furniture: the navigation, media-player, sharing and publisher lines that scraped
articles carry around their text. Used by the text, HTML and feed readers alike.

Works on a list of stripped lines where "" marks a paragraph break. A line is furniture when it
matches one of the patterns below as a whole (long lines never do: those are prose), when it
repeats the line before it (a caption printed twice, a "WATCH: x" label followed by x), when it
sits under a trailing "Related articles" style heading, or when the closing paragraphs speak
about the publisher rather than the news ("our journalists", "all rights reserved").
"""

from __future__ import annotations

import re

_MAX_FURNITURE_LEN = 200
_BULLETS = re.compile(r"^[\s•·▪▸►▶●■◆–—*|>-]+")

_LINE_PATTERNS = [
    # navigation, accessibility, site chrome
    r"accessibility links?|skip (?:to|navigation|links)\b.*|jump to (?:content|navigation)",
    r"(?:main )?menu|navigation|search|home(?:page)?|close|open|back|next|previous|more|top",
    r"dismiss|cancel|got it|ok|okay|accept|agree|i agree|no thanks|not now|continue",
    r"back to top|print(?: this (?:page|article|story))?",
    r"e-?mail(?: this)?(?: (?:page|article|story))?",
    r"sign in|log ?in|log ?out|sign up|register|subscribe(?: now| today| here)?|donate|contact us",
    # paywalls
    r"to (?:read|continue reading|view|see|access) (?:the (?:full|whole|rest of the)|this|our)"
    r"(?: full)? (?:story|article|report|piece)\b.{0,80}",
    r"already (?:a )?(?:subscriber|member|registered|have an account)\b.{0,80}",
    r"(?:subscribe|sign in|log in|register) (?:to|for) (?:read|continue|unlock|access)\b.{0,80}",
    r"(?:this (?:story|article|content) is )?(?:for|available to|exclusive to) "
    r"(?:subscribers|members)(?: only)?\b.{0,60}",
    r"(?:breaking|latest|live|developing)(?: news| now| story| updates?)?|just in|exclusive",
    # sharing, social, comments
    r"share|shares|tweet|pin it|copy link|link copied|comments?|\d+ comments?|view comments",
    r"(?:share|follow|like|find) (?:us|this|the)?\s*(?:article|story|page|post)?\s*"
    r"(?:on|via)\b.{0,60}",
    r"share (?:this|the) (?:article|story|page|post).{0,40}|follow us.{0,60}",
    r"facebook|twitter|x|whatsapp|linkedin|reddit|pinterest|telegram|messenger|instagram|youtube",
    # advertising and promotion
    r"advertisement|advert|ad|ads|sponsored(?: content)?|promoted(?: content)?",
    r"paid (?:content|post)",
    r"partner content|story continues below.{0,30}|continue reading.{0,30}",
    r"scroll to continue.{0,40}",
    r"(?:click|tap) here\b.{0,80}|download (?:our|the) app.{0,60}",
    # lists of other articles
    r"related(?: articles| stories| content| topics| coverage| links| posts| news| reading)?",
    r"(?:our |the )?latest (?:articles|news|stories|posts|headlines)|top stories|editor'?s picks",
    r"more (?:stories|news|articles|videos)\b.{0,40}",
    r"more (?:on|from|about) (?:this|the|our)\b.{0,40}",
    r"read (?:more|next|also|the full (?:story|article))\b.{0,120}|see also\b.{0,80}",
    r"(?:related|more|also read|further reading)\s*:.{0,160}",
    r"you (?:may|might) (?:also )?(?:like|be interested in).{0,20}|recommended(?: for you)?",
    r"most (?:read|popular|viewed|shared|watched|commented)(?: (?:videos?|stories|articles|news|"
    r"posts|photos|galleries|today|this week|now))*|trending(?: now| videos| stories)?",
    r"tags?:.{0,120}|topics?:.{0,120}",
    # newsletters and cookies
    r"(?:sign up|subscribe)\b.{0,60}\bnewsletters?\b.{0,80}|newsletters?(?: sign[- ]?up)?",
    r"get (?:our|the)\b.{0,40}\bnewsletter.{0,60}",
    r".{0,40}\bcookies?\b.{0,120}(?:accept|settings|preferences|policy|consent|agree).{0,60}",
    r"(?:accept|reject|manage)(?: all)? cookies.{0,40}|cookie (?:policy|settings|preferences)",
    # media players and images
    r"(?:please wait|loading)\W*|no media source currently available|media playback is .{0,80}",
    r"(?:your|this) browser does not support.{0,120}|(?:video|audio) (?:player|unavailable).{0,60}",
    r"play(?:ing)?(?: video| audio| now)?|pause|mute|unmute|replay|watch again|full ?screen",
    r"(?:\d+:)?\d+:\d\d(?:\s+(?:\d+:)?\d+:\d\d)*|\d+ (?:min(?:ute)?s?|hours?|days?) (?:read|ago)",
    r"(?:watch|video|listen|audio|photos?|gallery|podcast|in pictures)\s*:.{0,160}",
    r"listen to (?:this )?(?:article|story).{0,40}",
    r"\d+\s*x\s*\d+ (?:image|photo|video)|(?:image|photo|picture|video)(?: \d+ (?:of|/) \d+)?",
    r"(?:image|media|video|photo|picture) (?:caption|copyright|source|credit)s?\b.{0,160}",
    r"(?:photo|image|picture|credit|caption)s?\s*:\s*.{0,100}",
    r"(?:getty images|shutterstock|alamy|afp|ap|reuters|epa|pa)"
    r"(?: (?:photo|images?|via getty images))?",
    # copyright and credit lines (a credit line never ends in a full stop)
    r"©.{0,150}|(?:copyright|\(c\))\s*(?:©\s*)?\d{4}.{0,150}|all rights reserved\.?",
    r"\(?(?:with |additional )?(?:reporting|writing|editing|research|compiled|translated) by\b"
    r"[^.]{0,150}\)?",
]
_LINE = re.compile("|".join(f"(?:{p})" for p in _LINE_PATTERNS), re.IGNORECASE)
# A caption credit at the end of a line: "... in Jarinje, Kosovo [Laura Hasani/Reuters]".
_CAPTION_CREDIT = re.compile(
    r"(?:\[[^\]]{2,60}/\s*[^\]]{2,40}\]|\((?:photo|image|picture|credit)s?\b[^)]{0,80}\)"
    r"|\([^)]{2,60}/\s*(?:getty images|afp|ap|reuters|epa|pa|shutterstock)[^)]{0,30}\))\s*$",
    re.IGNORECASE,
)
# A "label: text" line, so that "WATCH: x" followed by "x" counts as a repeat.
_LABEL = re.compile(r"^[^\W\d_]{2,20}(?: [^\W\d_]{2,20})?\s*:\s*")
_TRAILING_HEADING = re.compile(
    r"related\b.{0,20}|(?:our |the )?latest (?:articles|news|stories|posts)|more (?:from|on|"
    r"stories|news|articles|videos)\b.{0,40}|read (?:more|next)|you (?:may|might) also like|"
    r"recommended\b.{0,20}|most (?:read|popular|viewed)\b.{0,20}|trending\b.{0,20}|top stories",
    re.IGNORECASE,
)
_STRONG_ABOUT = re.compile(
    r"all rights reserved|©|\bcopyright \d{4}|\breports? the news in \d+\s*languages|"
    r"\bterms of (?:use|service)\b|\bprivacy policy\b|\b(?:this|the) (?:article|story) (?:was|is|"
    r"has been) (?:originally |first )?(?:published|republished)\b|\bthe views expressed\b|"
    r"\bregistered trademark\b|\b(?:sign up|subscribe) (?:for|to) our\b|\bfollow us on\b|"
    r"\bsupport (?:our|independent) journalism\b",
    re.IGNORECASE,
)
# Each of these alone is common in news; two different ones in a closing paragraph are not.
_WEAK_CUES = (
    r"\bwe (?:provide|publish|report|cover|bring|deliver|offer)\b",
    r"\bour (?:journalists|reporters|newsroom|readers|mission|coverage|journalism)\b",
    r"\b(?:journalists|correspondents) (?:report|cover)\b",
    r"\bfree press\b|\bpress freedom\b",
    r"\buncensored\b|\bindependent (?:news|journalism|media)\b",
    r"\bnewsletters?\b|\bdonate\b|\bsubscribe\b",
    r"\bin \d+\s*(?:languages|countries)\b",
)
_WEAK_ABOUT = re.compile(
    "|".join(f"(?P<cue{i}>{cue})" for i, cue in enumerate(_WEAK_CUES)), re.IGNORECASE
)
_QUOTED = re.compile(r"[\"“”]|\bsaid\b|\bsays\b")


def _key(line: str) -> str:
    """How a line compares for repeats: bullets, case and outer punctuation ignored."""
    return _BULLETS.sub("", line).strip(" .:;,!?\"'“”‘’").casefold()


def is_furniture_line(line: str) -> bool:
    """True for a single line of page chrome (navigation, media player, share, credit...)."""
    text = _BULLETS.sub("", line).strip()
    if not text:
        return False
    if len(text) > _MAX_FURNITURE_LEN:
        return False
    return bool(_LINE.fullmatch(text) or _CAPTION_CREDIT.search(text))


def _drop_lines(lines: list[str]) -> list[str]:
    """Drop furniture lines and lines that repeat the previous non-blank line (all copies)."""
    drop = [is_furniture_line(line) for line in lines]
    previous = -1
    for i, line in enumerate(lines):
        if not line:
            continue
        if previous >= 0:
            key, before = _key(line), _key(lines[previous])
            if key and (key == before or key == _key(_LABEL.sub("", lines[previous]))):
                drop[i] = True
                # a short repeat is a caption or a player label: neither copy is prose
                drop[previous] = drop[previous] or len(line) <= _MAX_FURNITURE_LEN * 2
        previous = i
    return [line for line, gone in zip(lines, drop, strict=True) if not gone]


def _cut_trailing_section(lines: list[str]) -> list[str]:
    """Cut a closing "Related articles" heading together with the link list under it."""
    start = int(len(lines) * 0.6)
    for i in range(start, len(lines)):
        text = _BULLETS.sub("", lines[i]).strip()
        heading = bool(text) and len(text) < 60 and _TRAILING_HEADING.fullmatch(text)
        if heading and all(len(rest) < 150 for rest in lines[i + 1 :]):
            return lines[:i]
    return lines


def _is_about_publisher(paragraph: str) -> bool:
    """True for a closing paragraph about the publisher ("RFE/RL journalists report...")."""
    if len(paragraph) > 700:
        return False
    if _STRONG_ABOUT.search(paragraph):
        return True
    cues = {match.lastgroup for match in _WEAK_ABOUT.finditer(paragraph)}
    return len(cues) >= 2 and not _QUOTED.search(paragraph)


def _drop_publisher_tail(lines: list[str]) -> list[str]:
    """Drop up to three closing paragraphs that talk about the publisher, not the news."""
    for _ in range(3):
        while lines and not lines[-1]:
            lines.pop()
        try:
            start = len(lines) - lines[::-1].index("")
        except ValueError:
            start = 0
        if start == 0 or not _is_about_publisher(" ".join(lines[start:])):
            break
        del lines[start:]
    return lines


_SIGNOFF = re.compile(
    r"(?:\A|\n)[ \t]*(?:-+[ \t]*)?(?:reuters?|ap|afp|upi|dpa|xinhua|pti|ians|efe|ansa)"
    r"(?:\^M)?[ \t\r]*\Z",
    re.IGNORECASE,
)
"""A closing line that is only a news agency's sign-off ("REUTER", " Reuter", "- AP")."""


def strip_signoff(body: str) -> str:
    """``body`` without a closing agency sign-off line: it is not part of the story, and left
    in, "REUTER" at the end of 4,600 wire stories topped the organisations of a 60k corpus."""
    body = body.rstrip()
    match = _SIGNOFF.search(body)
    return body[: match.start()].rstrip() if match else body


def squeeze(lines: list[str]) -> list[str]:
    """Collapse runs of paragraph breaks and trim them from both ends."""
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


def clean_lines(lines: list[str]) -> list[str]:
    """Remove page furniture from stripped article lines ("" separates paragraphs)."""
    kept = _drop_lines(_cut_trailing_section(squeeze(lines)))
    kept = squeeze(_drop_publisher_tail(squeeze(kept)))
    if len(kept) > 1 and _SIGNOFF.search(kept[-1]):
        kept = squeeze(kept[:-1])
    return kept
