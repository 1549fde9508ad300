"""The digest as Markdown, for an e-mail: the same stories, figures and counts; the charts as small tables."""

from __future__ import annotations

from newsbot.desk.digest import Digest
from newsbot.desk.render_html import CURRENCIES, FACT_TYPES, _fa, _number

__all__ = ["render_md"]


def _cell(text: object) -> str:
    return str(text or "").replace("|", "\\|").replace("\n", " ")


def render_md(digest: Digest) -> str:
    out = [
        "# خلاصهٔ خبری تأمین اجتماعی",
        "",
        f"{_fa(digest.period.label())} · {_fa(digest.articles)} خبر · {_fa(len(digest.stories))} ماجرا · "
        f"{_fa(len(digest.figures))} رقم",
        "",
        "## ماجراها، به ترتیب شمار رسانه‌ها",
        "",
    ]
    if not digest.stories:
        out += ["در این بازه خبری بایگانی نشده است.", ""]
    for rank, story in enumerate(digest.stories, 1):
        out += [f"### {_fa(rank)}. {story.headline}", ""]
        out.append(f"{_fa(len(story.outlets))} رسانه · {_fa(len(story.appearances))} خبر")
        out.append("")
        out += [f"- **{a.outlet}** ({_fa(a.when)}): [{a.title}]({a.url})" for a in story.appearances]
        out.append("")
        if story.lead:
            out += [f"> {story.lead}", ""]
        if story.figures:
            out += ["**ارقام کلیدی**", ""]
            for f in story.figures:
                subject = f" — {f['subject']}" if f.get("subject") else ""
                out.append(f"- **{f.get('text')}**{subject}: {f.get('sentence') or ''}")
            out.append("")
        if story.officials:
            out += ["**مقام‌ها**", ""]
            out += [f"- {p['name']}" + (f"، {p['role']}" if p.get("role") else "") for p in story.officials]
            out.append("")
    out += ["## خبرها در هر روز به تفکیک رسانه", ""]
    outlets = sorted({o for counts in digest.per_day.values() for o in counts})
    if outlets:
        out += ["| روز | " + " | ".join(map(_cell, outlets)) + " |", "|---" * (len(outlets) + 1) + "|"]
        for day, counts in digest.per_day.items():
            out.append(f"| {_fa(day)} | " + " | ".join(_fa(counts.get(o, 0)) for o in outlets) + " |")
        out.append("")
    out += ["## استان‌های نام‌برده", "", "| استان | خبر |", "|---|---|"]
    out += [f"| {_cell(p)} | {_fa(n)} |" for p, n in digest.provinces]
    out += ["", "## مقام‌هایی که بیشتر از همه نقل شدند", "", "| نام | سمت | خبر |", "|---|---|---|"]
    out += [f"| {_cell(n)} | {_cell(r)} | {_fa(c)} |" for n, r, c in digest.officials]
    out += ["", "## همهٔ ارقام این بازه", "", "| نوع | مقدار | رقم در متن | موضوع | استان | خبر | رسانه | زمان |"]
    out.append("|---|---|---|---|---|---|---|---|")
    for f in digest.figures:
        unit = CURRENCIES.get(f.get("currency") or "", "") or (f.get("unit") or "")
        out.append(
            f"| {_cell(FACT_TYPES.get(f.get('type') or '', f.get('type')))} | {_number(f.get('value') or 0)} "
            f"{_cell(unit)} | {_cell(f.get('text'))} | {_cell(f.get('subject'))} | {_cell(f.get('province'))} | "
            f"[{_cell(f.get('article_title'))}]({f.get('url')}) | {_cell(f.get('outlet'))} | {_fa(f.get('when'))} |"
        )
    if digest.dropped:
        out += ["", "## خبرهای مرتبطی که کنار گذاشته شدند", ""]
        out += [f"- {d.get('reason')}: {d.get('title')} ({d.get('url')})" for d in digest.dropped]
    return "\n".join(out) + "\n"
