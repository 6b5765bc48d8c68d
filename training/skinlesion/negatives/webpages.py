"""The generated web pages that the screenshot group photographs: twelve templates, five colour themes."""

from .common import PASTEL, SATURATED, pick, rgb_text, ri
from .partition import PAGE_DRAWS, PAGE_FONTS, TEMPLATE_SPLIT, THEME_SPLIT
from .words import Vocabulary

THEMES = [
    {"name": "light", "bg": "#ffffff", "fg": "#1b1f24", "accent": "#0b5cad", "panel": "#f3f5f8", "muted": "#5a6472"},
    {"name": "dark", "bg": "#15181d", "fg": "#e6e8eb", "accent": "#5aa9ff", "panel": "#22262d", "muted": "#9aa4b1"},
    {"name": "teal", "bg": "#f6fbfa", "fg": "#12302c", "accent": "#00796b", "panel": "#e0f2ef", "muted": "#4f6f6a"},
    {"name": "warm", "bg": "#fffaf3", "fg": "#2b2118", "accent": "#b5541b", "panel": "#f6eadb", "muted": "#7a6756"},
    {"name": "purple", "bg": "#faf8ff", "fg": "#221a33", "accent": "#6a3fc1", "panel": "#ece6fa", "muted": "#6c6282"},
]


def page(title, theme, body, extra_css="", fonts=PAGE_FONTS["all"]):
    t = theme
    body_font, pre_font, pre_weight = fonts
    # fit/report: buttons take the page's family too (chromium's default for them is the system sans font)
    extra_css = (f"button {{font-family: inherit}}\n{extra_css}" if pre_weight else extra_css)
    pre_weight = f"; font-weight: {pre_weight}" if pre_weight else ""
    css = f"""
* {{box-sizing: border-box}}
body {{margin: 0; font-family: {body_font}; background: {t['bg']}; color: {t['fg']};
       font-size: 15px; line-height: 1.45}}
header {{background: {t['accent']}; color: #fff; padding: 12px 24px; display: flex; gap: 24px;
         align-items: center; flex-wrap: wrap}}
header b {{font-size: 20px}}
header a {{color: #fff; opacity: .9; text-decoration: none}}
main {{max-width: 1100px; margin: 0 auto; padding: 24px}}
.panel {{background: {t['panel']}; border-radius: 8px; padding: 16px; margin: 12px 0}}
.muted {{color: {t['muted']}}}
a {{color: {t['accent']}}}
button, .btn {{background: {t['accent']}; color: #fff; border: 0; border-radius: 6px; padding: 9px 18px;
               font-size: 15px; text-decoration: none}}
input, select, textarea {{font: inherit; padding: 8px; border: 1px solid {t['muted']}; border-radius: 5px;
                          width: 100%; background: {t['bg']}; color: {t['fg']}}}
input[type=checkbox], input[type=radio] {{width: auto}}
table {{border-collapse: collapse; width: 100%}}
th, td {{padding: 6px 10px; border-bottom: 1px solid {t['muted']}55; text-align: left}}
tr:nth-child(even) td {{background: {t['panel']}}}
h1 {{margin: .3em 0}}
pre {{font-family: {pre_font}; overflow: auto{pre_weight}}}
{extra_css}"""
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{css}</style></head>'
            f"<body>{body}</body></html>")


def nav(rng, v, brand):
    links = "".join(f"<a href='#'>{pick(rng, v.words).capitalize()}</a>" for _ in range(ri(rng, 3, 6)))
    return f"<header><b>{brand}</b>{links}</header>"


def brand(rng, v):
    return f"{pick(rng, v.words).capitalize()} {pick(rng, ['Portal', 'Health', 'Cloud', 'Hub', 'Online'])}"


def html_login(rng, t, v):
    return f"""{nav(rng, v, brand(rng, v))}<main>
<div class="panel" style="max-width: 380px; margin: 60px auto">
  <div style="width: 64px; height: 64px; border-radius: 50%; background: {t['accent']}; margin: 0 auto 12px"></div>
  <h1 style="text-align: center; font-size: 24px">Sign in</h1>
  <label>Username<input value="{pick(rng, v.first).lower()}"></label><br><br>
  <label>Password<input type="password" value="xxxxxxxx"></label><br><br>
  <label><input type="checkbox" checked> Remember me</label><br><br>
  <button style="width: 100%">Sign in</button>
  <p style="text-align: center"><a href="#">Forgot password?</a></p>
</div>
<p class="muted" style="text-align: center">&copy; 20{ri(rng, 10, 25)} {brand(rng, v)} &middot; Privacy &middot; Terms</p>
</main>"""


def html_form(rng, t, v):
    fields = "".join(f"<label>{pick(rng, v.words).capitalize()}<input value='{pick(rng, v.words)}'></label>" for _ in range(8))
    return f"""{nav(rng, v, brand(rng, v))}<main><h1>New patient registration</h1><p class="muted">{v.sentence(rng)}</p>
<form class="panel" style="display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 14px">
  <label>First name<input value="{pick(rng, v.first)}"></label><label>Last name<input value="{pick(rng, v.last)}"></label>
  {fields}
  <label>Country<select><option>{pick(rng, v.words).capitalize()}</option></select></label>
  <fieldset><legend>Preferred contact</legend>
    <label><input type="radio" checked> Email</label> <label><input type="radio"> Phone</label></fieldset>
  <label style="grid-column: 1/-1">Notes<textarea rows="4">{v.paragraph(rng, 1, 3)}</textarea></label>
  <div><button>Save</button> <button style="background: {t['muted']}">Cancel</button></div>
</form></main>"""


def table_row(cells, attributes=""):
    return f"<tr{attributes}>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def html_table(rng, t, v):
    rows = []
    for _ in range(28):
        flag = pick(rng, ["normal", "high", "low", "normal", "normal"])
        rows.append(table_row([pick(rng, v.tests), f"{rng.uniform(0, 200):.1f}", pick(rng, v.units), flag,
                               f"{ri(rng, 1, 29)}/{ri(rng, 1, 13)}/2024"]))
    return f"""{nav(rng, v, brand(rng, v))}<main><h1>Laboratory results</h1>
<p class="muted">Patient {v.person(rng)}, MRN {ri(rng, 10**7, 10**8)}</p>
<table><thead><tr><th>Test</th><th>Value</th><th>Units</th><th>Flag</th><th>Date</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table></main>"""


def html_article(rng, t, v):
    c1, c2 = pick(rng, SATURATED), pick(rng, PASTEL)
    paras = [f"<p>{v.paragraph(rng, 3, 7)}</p>" for _ in range(6)]
    return f"""{nav(rng, v, brand(rng, v))}<main style="max-width: 760px"><h1>{v.sentence(rng, 4, 9)[:-1]}</h1>
<p class="muted">By {v.person(rng)} &middot; {ri(rng, 2, 15)} min read</p>
<figure style="margin: 0">
  <div style="height: 260px; border-radius: 8px; background: linear-gradient(135deg, {rgb_text(c1)}, {rgb_text(c2)})"></div>
  <figcaption class="muted">{v.sentence(rng, 5, 10)}</figcaption></figure>
{''.join(paras[:3])}
<blockquote style="border-left: 4px solid {t['accent']}; margin: 0; padding-left: 16px; font-style: italic">
{v.sentence(rng)}</blockquote>
{''.join(paras[3:])}</main>"""


def html_dashboard(rng, t, v):
    cards = []
    for _ in range(4):
        colour = pick(rng, ["#1a8f3c", "#c0392b"])
        cards.append(f"<div class='panel'><div class='muted'>{pick(rng, v.words).capitalize()}</div>"
                     f"<div style='font-size: 30px; font-weight: bold'>{ri(rng, 10, 99999):,}</div>"
                     f"<div style='color: {colour}'>{rng.uniform(-20, 20):+.1f}%</div></div>")
    bars = "".join(f"<div style='flex: 1; background: {t['accent']}; height: {ri(rng, 10, 100)}%'></div>" for _ in range(18))
    goals = []
    for _ in range(4):
        goals.append(f"<p>{pick(rng, v.words).capitalize()}<span style='display: block; height: 10px; background: {t['bg']}'>"
                     f"<span style='display: block; height: 10px; width: {ri(rng, 5, 100)}%; background: {t['accent']}'>"
                     "</span></span></p>")
    side = "".join(f"<p>{pick(rng, v.words).capitalize()}</p>" for _ in range(7))
    return f"""<div style="display: flex; min-height: 100vh">
<aside style="width: 200px; background: {t['panel']}; padding: 20px; flex: none"><b style="font-size: 18px">{brand(rng, v)}</b>{side}</aside>
<main style="flex: 1; max-width: none"><h1>Overview</h1>
<div style="display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px">{''.join(cards)}</div>
<div style="display: grid; grid-template-columns: 2fr 1fr; gap: 12px">
  <div class="panel"><b>Weekly activity</b>
    <div style="display: flex; align-items: flex-end; gap: 6px; height: 200px">{bars}</div></div>
  <div class="panel"><b>Goals</b>{''.join(goals)}</div></div></main></div>"""


def html_search(rng, t, v):
    results = []
    for _ in range(8):
        url = f"https://www.{pick(rng, v.words)}{pick(rng, v.words)}.example/{pick(rng, v.words)}"
        results.append(f"<div style='margin: 18px 0'><div class='muted' style='font-size: 13px'>{url}</div>"
                       f"<a href='#' style='font-size: 19px'>{v.sentence(rng, 3, 8)[:-1]}</a><div>{v.sentence(rng, 12, 24)}</div></div>")
    return f"""<main><div style="display: flex; gap: 12px; align-items: center">
<b style="font-size: 26px; color: {t['accent']}">Find</b>
<input value="{pick(rng, v.words)} {pick(rng, v.words)}" style="max-width: 560px; border-radius: 22px"><button>Search</button></div>
<p class="muted">About {ri(rng, 1000, 9999999):,} results ({rng.uniform(0.1, 0.9):.2f} seconds)</p>{''.join(results)}</main>"""


def html_404(rng, t, v):
    return f"""{nav(rng, v, brand(rng, v))}<main style="text-align: center; padding-top: 80px">
<div style="font-size: 120px; font-weight: bold; color: {t['accent']}">404</div><h1>Page not found</h1>
<p class="muted">{v.sentence(rng)}</p><a class="btn" href="#">Back to home</a></main>"""


SWITCH_CSS = """
.sw {{display: inline-block; width: 44px; height: 24px; border-radius: 12px; background: {muted}; position: relative}}
.sw.on {{background: {accent}}}
.sw::after {{content: ''; position: absolute; top: 3px; left: 3px; width: 18px; height: 18px; border-radius: 50%;
            background: #fff}}
.sw.on::after {{left: 23px}}"""


def setting_row(rng, v):
    on = " on" if rng.random() < 0.5 else ""
    return (f"<div class='panel' style='display: flex; justify-content: space-between; align-items: center'>"
            f"<div><b>{pick(rng, v.words).capitalize()} {pick(rng, v.words)}</b>"
            f"<div class='muted'>{v.sentence(rng, 5, 10)}</div></div><span class='sw{on}'></span></div>")


def html_settings(rng, t, v):
    rows = "".join(setting_row(rng, v) for _ in range(7))
    return f"{nav(rng, v, brand(rng, v))}<main style='max-width: 720px'><h1>Settings</h1>{rows}</main>"


def mail_row(rng, v):
    weight = "bold" if rng.random() < 0.35 else "normal"
    cells = ["<input type='checkbox'>", v.person(rng),
             f"{v.sentence(rng, 3, 7)[:-1]} <span class='muted'>&ndash; {v.sentence(rng, 4, 9)}</span>",
             f"{ri(rng, 1, 13)}:{ri(rng, 0, 60):02d}"]
    return table_row(cells, f" style='font-weight: {weight}'")


def html_inbox(rng, t, v):
    mails = "".join(mail_row(rng, v) for _ in range(22))
    return f"""{nav(rng, v, brand(rng, v))}<main style="max-width: none">
<div style="display: flex; gap: 10px"><button>Compose</button><input placeholder="Search mail" style="max-width: 400px"></div>
<table style="margin-top: 12px; table-layout: fixed">
<colgroup><col style="width: 40px"><col style="width: 180px"><col><col style="width: 70px"></colgroup>
{mails}</table></main>"""


def html_shop(rng, t, v):
    items = []
    for _ in range(8):
        gradient = f"linear-gradient({ri(rng, 0, 360)}deg, {rgb_text(pick(rng, SATURATED))}, {rgb_text(pick(rng, PASTEL))})"
        items.append(f"<div class='panel'><div style='height: 140px; border-radius: 6px; background: {gradient}'></div>"
                     f"<b>{pick(rng, v.words).capitalize()} {pick(rng, v.words)}</b><div class='muted'>{v.sentence(rng, 3, 7)}</div>"
                     f"<div style='font-size: 20px'>&euro;{rng.uniform(3, 300):.2f}</div><button>Add to basket</button></div>")
    return f"""{nav(rng, v, brand(rng, v))}<main><h1>{pick(rng, v.words).capitalize()} collection</h1>
<div style="display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px">{''.join(items)}</div></main>"""


def html_calendar(rng, t, v):
    cells = ["<td></td>"] * ri(rng, 0, 7)
    for day in range(1, 31):
        event = ""
        if rng.random() < 0.3:
            event = (f"<div style='background: {t['accent']}; color: #fff; border-radius: 4px; font-size: 12px; "
                     f"padding: 2px 4px'>{pick(rng, v.words)}</div>")
        cells.append(f"<td style='height: 80px; vertical-align: top'>{day}{event}</td>")
    weeks = "".join("<tr>" + "".join(cells[i:i + 7]) + "</tr>" for i in range(0, len(cells), 7))
    days = "".join(f"<th>{d}</th>" for d in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
    month = pick(rng, ["April", "June", "September", "November"])
    return f"""{nav(rng, v, brand(rng, v))}<main><h1>{month} 2025</h1>
<table style="table-layout: fixed"><tr>{days}</tr>{weeks}</table></main>"""


def html_docs(rng, t, v):
    code = "\n".join(f"{pick(rng, v.words)} = {pick(rng, v.words)}({ri(rng, 0, 99)}, \"{pick(rng, v.words)}\")" for _ in range(8))
    links = "".join(f"<p><a href='#'>{pick(rng, v.words).capitalize()} {pick(rng, v.words)}</a></p>" for _ in range(10))
    return f"""<div style="display: flex">
<aside style="width: 230px; flex: none; padding: 20px; background: {t['panel']}; min-height: 100vh">
<b>{brand(rng, v)} docs</b>{links}</aside>
<main><h1>{pick(rng, v.words).capitalize()} API</h1><p>{v.paragraph(rng)}</p><pre class="panel">{code}</pre>
<h2>Parameters</h2><p>{v.paragraph(rng)}</p><pre class="panel">{code[::-1][:200]}</pre></main></div>"""


HTML_PAGES = [("login", html_login), ("form", html_form), ("table", html_table), ("article", html_article),
              ("dashboard", html_dashboard), ("search", html_search), ("404", html_404), ("settings", html_settings),
              ("inbox", html_inbox), ("shop", html_shop), ("calendar", html_calendar), ("docs", html_docs)]


def html_pages(rng, partition="all"):
    """[(name, theme, html)] of every page template, each with a theme and content drawn from rng.

    --partition fit/report: only that partition's templates, themes, words and CSS fonts (partition.py), each
    template drawn PAGE_DRAWS times (names login-1, login-2, ...), so both halves have as many pages as `all`."""
    if partition == "all":
        templates, themes, draws = HTML_PAGES, THEMES, 1
    else:
        templates = [(n, m) for n, m in HTML_PAGES if n in TEMPLATE_SPLIT[partition]]
        themes = [t for t in THEMES if t["name"] in THEME_SPLIT[partition]]
        draws = PAGE_DRAWS[partition]
    v, fonts = Vocabulary(partition), PAGE_FONTS[partition]
    pages = []
    for name, make in templates:
        for k in range(draws):
            theme = pick(rng, themes)
            extra = SWITCH_CSS.format(**theme) if name == "settings" else ""
            if name == "inbox":
                extra = "td {white-space: nowrap; overflow: hidden; text-overflow: ellipsis}"
            label = name if draws == 1 else f"{name}-{k + 1}"
            pages.append((label, theme, page(name.capitalize(), theme, make(rng, theme, v), extra, fonts)))
    return pages
