"""A fact sheet's chart and headline figures in the preview: the chart as an SVG drawn
from the same :class:`~shim.document.Chart` the Word chart is written from, each bar
linked to its fact, with the chart's own alternative text for screen readers.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from shim.document import Block, Chart, Headline, Run

WIDTH, HEIGHT = 560, 280
TOP, BOTTOM, LEFT, RIGHT = 36, 40, 16, 16


def chart_svg(chart: Chart) -> Markup:
    """A column chart: bars scaled to the largest value, value above, category below."""
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(chart.bars))
    top = max((float(b.value) for b in chart.bars), default=0.0) or 1.0
    parts = [
        Markup(
            '<svg class="chart" role="group" viewBox="0 0 {w} {h}" width="100%" '
            'aria-label="{alt}" xmlns="http://www.w3.org/2000/svg">'
        ).format(w=WIDTH, h=HEIGHT, alt=chart.alt_text),
        Markup('<text x="{}" y="20" class="chart-title">{}</text>').format(LEFT, chart.title),
        Markup('<line x1="{0}" x2="{1}" y1="{2}" y2="{2}" class="axis"/>').format(
            LEFT, WIDTH - RIGHT, TOP + plot_h
        ),
    ]
    for i, bar in enumerate(chart.bars):
        h = max(1.0, plot_h * float(bar.value) / top)
        x = LEFT + i * slot + slot * 0.2
        y = TOP + plot_h - h
        shape = Markup(
            '<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" class="bar">'
            "<title>{}: {}</title></rect>"
            '<text x="{:.1f}" y="{:.1f}" class="bar-value">{}</text>'
            '<text x="{:.1f}" y="{:.1f}" class="bar-label">{}</text>'
        ).format(
            x, y, slot * 0.6, h, bar.label, bar.shown,
            x + slot * 0.3, y - 6, bar.shown,
            x + slot * 0.3, TOP + plot_h + 18, bar.label,
        )  # fmt: skip
        if bar.fact:
            shape = Markup('<a href="/facts/{}">{}</a>').format(bar.fact, shape)
        parts.append(shape)
    parts.append(Markup("</svg>"))
    return Markup('<figure class="chart">{}</figure>').format(Markup("").join(parts))


def headlines_html(
    headlines: tuple[Headline, ...], runs: Callable[[tuple[Run, ...]], Markup]
) -> Markup:
    items = Markup("").join(
        Markup('<li><span class="big">{}</span> {}</li>').format(runs(h.number), runs(h.label))
        for h in headlines
    )
    return Markup('<ul class="headlines">{}</ul>').format(items)


def special(block: Block, runs: Callable[[tuple[Run, ...]], Markup]) -> Markup | None:
    """The HTML of a chart or headline block; None for any other block."""
    if block.chart is not None:
        return chart_svg(block.chart)
    if block.headlines:
        return headlines_html(block.headlines, runs)
    return None
