"""Server-rendered SVG charts: no script, no external host."""

from django.utils.html import escape
from django.utils.safestring import mark_safe


def line_chart(points: list[tuple[str, float]], *, width=640, height=180, label="", max_value=1.0) -> str:
    """A line chart of (x label, value 0..max_value) points, as inline SVG."""
    pad_l, pad_r, pad_t, pad_b = 36, 10, 10, 24
    w, h = width - pad_l - pad_r, height - pad_t - pad_b
    parts = [f'<svg class="chart" role="img" aria-label="{escape(label)}" viewBox="0 0 {width} {height}" '
             f'width="100%" xmlns="http://www.w3.org/2000/svg">']
    for frac in (0, 0.25, 0.5, 0.75, 1):
        y = pad_t + h - frac * h
        parts.append(f'<line x1="{pad_l}" x2="{width - pad_r}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e7ee"/>')
        parts.append(f'<text x="{pad_l - 4}" y="{y + 4:.1f}" text-anchor="end">{round(frac * max_value * 100)}%</text>')
    if points:
        step = w / max(1, len(points) - 1)
        coords = [(pad_l + i * step, pad_t + h - min(v, max_value) / max_value * h) for i, (_, v) in enumerate(points)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline fill="none" stroke="#0b5cad" stroke-width="2" points="{path}"/>')
        for (x, y), (name, value) in zip(coords, points, strict=True):
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="#0b5cad"><title>{escape(name)}: '
                         f'{round(value * 100)}%</title></circle>')
        for i, x, anchor in axis_labels([name for name, _ in points], [x for x, _ in coords], pad_l, width - pad_r):
            parts.append(f'<text x="{x:.1f}" y="{height - 6}" text-anchor="{anchor}">{escape(points[i][0])}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


CHAR_WIDTH = 6.5  # px of an 11 px label character, generously


def axis_labels(names: list[str], xs: list[float], left: float, right: float) -> list[tuple[int, float, str]]:
    """(index, x, text-anchor) of the x-axis labels that fit without overlapping or leaving the chart: the last
    one always (anchored at its end), then from the first on, every label that keeps a gap to its neighbours."""
    if not names:
        return []
    gap = 8
    widths = [len(n) * CHAR_WIDTH for n in names]
    last = len(names) - 1
    if xs[last] - widths[last] >= left:
        chosen = [(last, xs[last], "end")]
        last_start = xs[last] - widths[last]
    else:  # a single point, or one near the left edge: the label starts there instead
        chosen = [(last, left, "start")]
        last_start = left
    previous_end = left - gap
    for i in range(last):
        start = max(left, xs[i] - widths[i] / 2)
        end = start + widths[i]
        if start >= previous_end + gap and end + gap <= last_start:
            anchor = "start" if start == left else "middle"
            chosen.append((i, start if anchor == "start" else xs[i], anchor))
            previous_end = end
    return sorted(chosen)
