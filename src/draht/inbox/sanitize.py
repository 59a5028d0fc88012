"""HTML from outside made safe to show: nh3 (ammonia) with its conservative defaults, no remote images (they
would tell the sender when and where the message was read), inline images only by their cid: reference."""

import html as htmllib
import re

import nh3

_WHITESPACE = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_BLOCK_END = re.compile(r"(?i)<(br|/p|/div|/tr|/li|/h[1-6])\b[^>]*>")


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if value.lower().startswith("cid:") else None
    return value


def clean_html(html: str) -> str:
    return nh3.clean(html, url_schemes={"http", "https", "mailto", "tel", "cid"}, attribute_filter=_keep_attribute,
                     link_rel="noopener noreferrer nofollow", strip_comments=True,
                     clean_content_tags={"script", "style", "title"})


def html_to_text(html: str) -> str:
    """A readable plain text of an HTML body (for the timeline and search), line breaks kept."""
    marked = _BLOCK_END.sub("\n", html)
    text = htmllib.unescape(nh3.clean(marked, tags=set(), clean_content_tags={"script", "style", "head", "title"}))
    lines = (_WHITESPACE.sub(" ", line).strip() for line in text.splitlines())
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
