"""The digest as one self-contained HTML page: right-to-left, Vazirmatn inlined, Plotly charts inlined.

Nothing is fetched when the page opens: the font files (SIL OFL, `fonts/OFL.txt`) are data URIs, plotly.js is
the copy inside the `plotly` package, and the table's sorting and filtering is the small script below.
Plotly because it is kept, draws in the browser from a JSON spec (Persian labels shaped by the browser, which
server-side SVG from matplotlib gets wrong without reshaping), and ships its own offline bundle.
"""

from __future__ import annotations

import base64
import json
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

from newsbot.desk.digest import Digest, StoryView
from newsbot.text.normalize import to_persian_digits

__all__ = ["render_html"]

FONTS = Path(__file__).parent / "fonts"
FONT_STACK = "Vazirmatn, 'Noto Sans Arabic', Tahoma, 'DejaVu Sans', sans-serif"
# The Arabic-script and Latin subsets of Vazirmatn, as fontsource splits them.
_RANGES = {
    "arabic": "U+0600-06FF,U+0750-077F,U+0870-088E,U+0890-0891,U+0897-08E1,U+08E3-08FF,U+200C-200E,"
    "U+2010-2011,U+204F,U+2E41,U+FB50-FDFF,U+FE70-FE74,U+FE76-FEFC",
    "latin": "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,"
    "U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD",
}
FACT_TYPES = {
    "percent": "درصد", "count": "شمار", "money": "مبلغ", "duration": "مدت", "age": "سن", "length": "طول",
    "area": "مساحت", "weight": "وزن", "volume": "حجم", "power": "توان", "speed": "سرعت",
}  # fmt: skip
CURRENCIES = {"IRT": "تومان", "IRR": "ریال", "USD": "دلار", "EUR": "یورو"}
CHART_COLORS = ["#1f6f8b", "#e07a5f", "#3d405b", "#81b29a", "#f2cc8f", "#99582a", "#6d597a", "#457b9d"]


@lru_cache(maxsize=1)
def font_faces() -> str:
    faces = []
    for subset, ranges in _RANGES.items():
        for weight in (400, 700):
            data = base64.b64encode((FONTS / f"vazirmatn-{subset}-{weight}-normal.woff2").read_bytes()).decode()
            faces.append(
                "@font-face{font-family:'Vazirmatn';font-style:normal;font-display:swap;"
                f"font-weight:{weight};src:url(data:font/woff2;base64,{data}) format('woff2');"
                f"unicode-range:{ranges};}}"
            )
    return "\n".join(faces)


@lru_cache(maxsize=1)
def plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def _fa(value: Any) -> str:
    return to_persian_digits(str(value))


def _number(value: float) -> str:
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")
    return _fa(text.replace(",", "٬"))


def _short(label: str, width: int = 38) -> str:
    """A chart label that fits beside its bar."""
    return label if len(label) <= width else label[: width - 1] + "…"


def _script_json(value: Any) -> str:
    """JSON safe inside <script>: no «</» can close the element early."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


CSS = """
*{box-sizing:border-box}
body{font-family:%(stack)s;margin:0;background:#f6f7f9;color:#1d2433;line-height:1.8}
header{background:#1f3a5f;color:#fff;padding:1.2rem 2rem}
header h1{margin:0;font-size:1.6rem} header p{margin:.2rem 0 0;opacity:.85}
main{max-width:1180px;margin:0 auto;padding:1rem 1.5rem 3rem}
section{margin-top:2rem} h2{border-bottom:2px solid #1f3a5f;padding-bottom:.3rem}
.story{background:#fff;border-radius:10px;padding:1rem 1.3rem;margin:1rem 0;box-shadow:0 1px 3px #0002}
.story h3{margin:.2rem 0 .4rem;font-size:1.2rem}
.badge{display:inline-block;background:#1f6f8b;color:#fff;border-radius:999px;padding:0 .7rem;font-size:.85rem}
.outlets{list-style:none;padding:0;margin:.3rem 0} .outlets li{margin:.1rem 0}
.outlets .when{color:#667;font-size:.9rem;margin-inline-start:.5rem}
.lead{color:#333} .figures li,.officials li{margin:.2rem 0} .sentence{color:#556;font-size:.92rem}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:1rem}
.chart{background:#fff;border-radius:10px;height:340px;box-shadow:0 1px 3px #0002}
table{border-collapse:collapse;width:100%%;background:#fff;font-size:.92rem}
th,td{border-bottom:1px solid #e3e6ea;padding:.35rem .5rem;text-align:right;vertical-align:top}
th{background:#eef1f5;cursor:pointer;user-select:none;position:sticky;top:0}
th[aria-sort=ascending]::after{content:" ▲"} th[aria-sort=descending]::after{content:" ▼"}
#figure-filter{font:inherit;padding:.4rem .6rem;width:100%%;max-width:420px;margin:.5rem 0}
.empty{color:#667} .dropped li{margin:.2rem 0} .reason{color:#a33}
"""

TABLE_JS = """
(function(){
  var table=document.getElementById('figures'); if(!table) return;
  var body=table.tBodies[0], rows=Array.prototype.slice.call(body.rows);
  var filter=document.getElementById('figure-filter'), count=document.getElementById('figure-count');
  function show(){var q=(filter.value||'').trim().toLowerCase(), n=0;
    rows.forEach(function(r){var on=!q||r.textContent.toLowerCase().indexOf(q)>=0; r.hidden=!on; if(on) n++;});
    count.textContent=n.toLocaleString('fa-IR');}
  filter.addEventListener('input',show);
  Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,i){
    th.addEventListener('click',function(){
      var asc=th.getAttribute('aria-sort')!=='ascending';
      Array.prototype.forEach.call(table.tHead.rows[0].cells,function(o){o.removeAttribute('aria-sort');});
      th.setAttribute('aria-sort',asc?'ascending':'descending');
      var numeric=th.dataset.type==='number';
      rows.sort(function(a,b){var x=a.cells[i].dataset.sort||a.cells[i].textContent,
                                   y=b.cells[i].dataset.sort||b.cells[i].textContent;
        var c=numeric?(parseFloat(x)-parseFloat(y)):x.localeCompare(y,'fa');
        return asc?c:-c;});
      rows.forEach(function(r){body.appendChild(r);});
    });});
  show();
})();
"""


def _story_html(story: StoryView, rank: int) -> str:
    outlets = "".join(
        f'<li><b>{escape(a.outlet)}</b>: <a href="{escape(a.url)}">{escape(a.title)}</a>'
        f'<bdi class="when">{escape(_fa(a.when))}</bdi></li>'
        for a in story.appearances
    )
    figures = "".join(
        f"<li><b>{escape(f.get('text') or '')}</b>"
        + (f" — {escape(f['subject'])}" if f.get("subject") else "")
        + f'<div class="sentence">{escape(f.get("sentence") or "")}</div></li>'
        for f in story.figures
    )
    officials = "".join(
        f"<li>{escape(p['name'])}" + (f"، {escape(p['role'])}" if p.get("role") else "") + "</li>"
        for p in story.officials
    )
    parts = [
        f'<article class="story" id="story-{escape(story.story_id)}" data-story-id="{escape(story.story_id)}">',
        f'<span class="badge">{_fa(len(story.outlets))} رسانه · {_fa(len(story.appearances))} خبر</span>',
        f'<h3 class="story-headline">{_fa(rank)}. {escape(story.headline)}</h3>',
        f'<ul class="outlets">{outlets}</ul>',
    ]
    if story.lead:
        parts.append(f'<p class="lead">{escape(story.lead)}</p>')
    if figures:
        parts.append(f'<h4>ارقام کلیدی</h4><ul class="figures">{figures}</ul>')
    if officials:
        parts.append(f'<h4>مقام‌ها</h4><ul class="officials">{officials}</ul>')
    parts.append("</article>")
    return "\n".join(parts)


def _figures_table(digest: Digest) -> str:
    head = (
        '<th data-type="text">نوع</th><th data-type="number">مقدار</th><th data-type="text">رقم در متن</th>'
        '<th data-type="text">موضوع</th><th data-type="text">استان</th><th data-type="text">خبر</th>'
        '<th data-type="text">رسانه</th><th data-type="text">زمان</th>'
    )
    rows = []
    article_cells: dict[str, str] = {}  # an article's cells, escaped once for all its figures
    for f in digest.figures:
        unit = CURRENCIES.get(f.get("currency") or "", "") or (f.get("unit") or "")
        cells = article_cells.get(f["article_id"])
        if cells is None:
            cells = article_cells[f["article_id"]] = (
                f'<td><a href="{escape(f.get("url") or "")}">{escape(f.get("article_title") or "")}</a></td>'
                f'<td>{escape(f.get("outlet") or "")}</td><td data-sort="{escape(f.get("when") or "")}">'
                f"{escape(_fa(f.get('when') or ''))}</td></tr>"
            )
        rows.append(
            "<tr>"
            f"<td>{escape(FACT_TYPES.get(f.get('type') or '', f.get('type') or ''))}</td>"
            f'<td data-sort="{f.get("value")}">{_number(f.get("value") or 0)} {escape(unit)}</td>'
            f'<td title="{escape(f.get("sentence") or "")}">{escape(f.get("text") or "")}</td>'
            f"<td>{escape(f.get('subject') or '')}</td><td>{escape(f.get('province') or '')}</td>" + cells
        )
    return (
        '<input id="figure-filter" type="search" placeholder="پالایش: واژه، رسانه، استان…" aria-label="پالایش ارقام">'
        f' <span id="figure-count">{_fa(len(rows))}</span> رقم'
        f'<table id="figures"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _charts(digest: Digest) -> list[tuple[str, str, dict[str, Any]]]:
    """(element id, title, Plotly figure as JSON) for each chart."""
    import plotly.graph_objects as go

    layout = {
        "font": {"family": FONT_STACK, "size": 13},
        "margin": {"l": 40, "r": 20, "t": 50, "b": 60},
        "paper_bgcolor": "#fff",
        "plot_bgcolor": "#fff",
        "colorway": CHART_COLORS,
        "legend": {"orientation": "h", "y": -0.2},
    }
    days = list(digest.per_day)
    outlets = sorted({o for counts in digest.per_day.values() for o in counts})
    per_day = go.Figure(
        [go.Bar(name=o, x=[_fa(d) for d in days], y=[digest.per_day[d].get(o, 0) for d in days]) for o in outlets],
        {**layout, "barmode": "stack", "title": {"text": "خبرها در هر روز به تفکیک رسانه"}},
    )
    names = [p for p, _ in digest.provinces][::-1]
    provinces = go.Figure(
        [go.Bar(x=[n for _, n in digest.provinces][::-1], y=names, orientation="h", marker_color=CHART_COLORS[0])],
        {**layout, "title": {"text": "استان‌های نام‌برده (شمار خبر)"}, "margin": {**layout["margin"], "l": 130}},
    )
    people = [_short(f"{n} ({r})" if r else n) for n, r, _ in digest.officials][::-1]
    officials = go.Figure(
        [go.Bar(x=[c for _, _, c in digest.officials][::-1], y=people, orientation="h", marker_color=CHART_COLORS[1])],
        {**layout, "title": {"text": "مقام‌هایی که بیشتر از همه نقل شدند"}, "margin": {**layout["margin"], "l": 250}},
    )
    for fig, empty in ((provinces, not digest.provinces), (officials, not digest.officials), (per_day, not days)):
        if empty:  # an empty chart says so instead of showing bare axes
            fig.add_annotation(text="در این بازه چیزی نیست", showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    return [
        ("chart-per-day", "خبرها در هر روز", per_day.to_plotly_json()),
        ("chart-provinces", "استان‌ها", provinces.to_plotly_json()),
        ("chart-officials", "مقام‌ها", officials.to_plotly_json()),
    ]


def render_html(digest: Digest) -> str:
    """The whole page as one string."""
    stories = "\n".join(_story_html(s, i) for i, s in enumerate(digest.stories, 1)) or (
        '<p class="empty">در این بازه خبری بایگانی نشده است.</p>'
    )
    charts = _charts(digest)
    chart_divs = "".join(f'<div class="chart" id="{cid}" aria-label="{escape(t)}"></div>' for cid, t, _ in charts)
    plots = "\n".join(
        f"Plotly.newPlot('{cid}', {_script_json(fig['data'])}, {_script_json(fig['layout'])},"
        " {displayModeBar:false, responsive:true});"
        for cid, _, fig in charts
    )
    dropped = "".join(
        f'<li><span class="reason">{escape(d.get("reason") or "")}</span>: {escape(d.get("title") or "")} '
        f'(<a href="{escape(d.get("url") or "")}">{escape(d.get("site") or "")}</a>)</li>'
        for d in digest.dropped
    )
    period = _fa(digest.period.label())
    return f"""<!DOCTYPE html>
<html lang="fa" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>خلاصهٔ خبری تأمین اجتماعی — {escape(period)}</title>
<style>
{font_faces()}
{CSS % {"stack": FONT_STACK}}
</style>
</head>
<body>
<header>
<h1>خلاصهٔ خبری تأمین اجتماعی</h1>
<p>{escape(period)} · {_fa(digest.articles)} خبر · {_fa(len(digest.stories))} ماجرا · {_fa(len(digest.figures))} رقم
 · ساخته‌شده {escape(_fa(digest.generated_at))}</p>
</header>
<main>
<section id="charts-section"><h2>در یک نگاه</h2><div class="charts">{chart_divs}</div></section>
<section id="stories"><h2>ماجراها، به ترتیب شمار رسانه‌ها</h2>
{stories}
</section>
<section id="figures-section"><h2>همهٔ ارقام این بازه</h2>
{_figures_table(digest)}
</section>
{f'<section id="dropped"><h2>خبرهای مرتبطی که کنار گذاشته شدند</h2><ul class="dropped">{dropped}</ul></section>'
 if dropped else ""}
</main>
<script>{plotly_js()}</script>
<script>
{plots}
{TABLE_JS}
</script>
</body>
</html>
"""
