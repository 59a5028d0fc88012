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
        every = max(1, len(points) // 6)
        for i, (name, _) in enumerate(points):
            if i % every == 0 or i == len(points) - 1:
                x = coords[i][0]
                parts.append(f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle">{escape(name)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
