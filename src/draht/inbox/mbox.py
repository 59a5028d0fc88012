"""mbox files as they are found in the wild: a blank line before the first message, CRLF line ends, "From " lines
inside bodies that nobody escaped (mboxo), escaped ones (">From ", mboxrd). A message starts at a "From " line at
the start of the file or after a blank line, that carries a date, and that is followed by a header line; anything
else that starts with "From " belongs to the message before."""

import re

FROM_LINE = re.compile(rb"^From \S*.*(\d{4}|\d{1,2}:\d{2}(:\d{2})?)\s*$")
HEADER_LINE = re.compile(rb"^[!-9;-~]+:[ \t]?")
ESCAPED_FROM = re.compile(rb"^>(>*From )")


def looks_like_mbox(head: bytes) -> bool:
    return head.lstrip(b" \t\r\n").startswith(b"From ")


def split(data: bytes) -> list[bytes]:
    """The messages of an mbox file, with ">From " unescaped once and the separating blank line removed."""
    lines = data.splitlines(keepends=True)
    starts = []
    for index, line in enumerate(lines):
        if not line.startswith(b"From "):
            continue
        previous_blank = index == 0 or not lines[index - 1].strip() or all(not lines[i].strip() for i in range(index))
        following = lines[index + 1] if index + 1 < len(lines) else b""
        if previous_blank and FROM_LINE.match(line.rstrip(b"\r\n")) and HEADER_LINE.match(following):
            starts.append(index)
    messages = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(lines)
        body = lines[start + 1:end]
        while body and not body[-1].strip():  # the blank line mbox puts before the next "From "
            body.pop()
        messages.append(b"".join(ESCAPED_FROM.sub(rb"\1", line) for line in body))
    return [m for m in messages if m.strip()]
