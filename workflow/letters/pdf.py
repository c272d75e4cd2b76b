"""Lays out a letter written in the small XML vocabulary of templates/letters/brief.xml as an
A4 PDF with reportlab Platypus. No wording here: every word comes from the template."""

import io
import xml.etree.ElementTree as ET
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from workflow.letters.fonts import BOLD, REGULAR, register_fonts

rl_config.useA85 = 0  # binary streams: base-85 text only made each letter bigger and slower

FLANDERS_YELLOW = colors.HexColor("#FFED00")
INK = colors.HexColor("#1A1A1A")
GREY = colors.HexColor("#5C5C5C")
RULE = colors.HexColor("#B3B3B3")
WIDTH, HEIGHT = A4
LEFT, RIGHT, BOTTOM = 25 * mm, 20 * mm, 25 * mm
FIRST_TOP, LATER_TOP = 52 * mm, 20 * mm
TEXT_WIDTH = WIDTH - LEFT - RIGHT

BODY = ParagraphStyle("body", fontName=REGULAR, fontSize=9.5, leading=13.5, textColor=INK, spaceAfter=6)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=10.5, spaceAfter=0)
HEADING = ParagraphStyle("heading", parent=BODY, fontName=BOLD, fontSize=10, spaceBefore=8, spaceAfter=4,
                         keepWithNext=1)
SUBJECT = ParagraphStyle("subject", parent=BODY, fontName=BOLD, fontSize=11, leading=15, spaceBefore=4,
                         spaceAfter=10)
BULLET = ParagraphStyle("bullet", parent=BODY, leftIndent=12, bulletIndent=1, bulletFontName=REGULAR,
                        spaceAfter=4)
CELL = ParagraphStyle("cell", parent=BODY, spaceAfter=0, leading=13)


@lru_cache(maxsize=1024)
def _parsed(markup: str, style: ParagraphStyle) -> tuple:
    """reportlab's parse of a paragraph's markup: its style (<para> may change it) and fragments."""
    paragraph = Paragraph(markup, style)
    return paragraph.style, paragraph.frags


class _Paragraph(Paragraph):
    """A Paragraph that parses its markup once per process and breaks its lines once per width.

    Most paragraphs of a letter (the conditions, the headings, the appeal, the signature, the
    reporting codes of the call) are word for word those of the letter before, and reportlab's
    markup parser is slow. Each paragraph gets its own copies of the fragments, which reportlab
    annotates while laying them out. A heading kept with the next paragraph, the signature kept
    together and the addressee's table cells are wrapped two or three times at the same width,
    and breaking lines is the dearest step of the layout."""

    _wrapped: tuple | None = None  # (width, size) of the last wrap

    def __init__(self, text, style, bulletText=None, frags=None, **kwargs):
        if frags is None:  # split() passes the fragments of each part
            style, parsed = _parsed(text, style)
            frags = [frag.clone() for frag in parsed]
        super().__init__(text, style, bulletText, frags, **kwargs)

    def wrap(self, availWidth, availHeight):
        # split() drops the broken lines when the paragraph moves on whole: then break again.
        if self._wrapped is None or self._wrapped[0] != availWidth or not hasattr(self, "blPara"):
            self._wrapped = (availWidth, super().wrap(availWidth, availHeight))
        return self._wrapped[1]


def render_pdf(xml: str) -> bytes:
    register_fonts()
    root = ET.fromstring(xml)
    buffer = io.BytesIO()
    document = _document(buffer, root)
    footer = _text(root.find("voettekst"))
    document.build(_story(root), canvasmaker=lambda *a, **k: _NumberedCanvas(*a, footer=footer, **k))
    return buffer.getvalue()


def _document(buffer, root) -> BaseDocTemplate:
    letterhead = root.find("briefhoofd")
    first = Frame(LEFT, BOTTOM, TEXT_WIDTH, HEIGHT - FIRST_TOP - BOTTOM, id="first", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
    later = Frame(LEFT, BOTTOM, TEXT_WIDTH, HEIGHT - LATER_TOP - BOTTOM, id="later", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
    return BaseDocTemplate(
        buffer, pagesize=A4, invariant=1, initialFontName=REGULAR, lang="nl-BE",
        title=root.get("titel", ""), author=_text(letterhead.find("naam")), creator="", producer="",
        pageTemplates=[
            PageTemplate("first", [first], onPage=lambda c, d: _draw_letterhead(c, letterhead),
                         autoNextPageTemplate="later"),
            PageTemplate("later", [later]),
        ],
    )


def _draw_letterhead(canvas: Canvas, letterhead) -> None:
    """The Flemish government's yellow mark and wordmark, and the department's address."""
    top = HEIGHT - 16 * mm
    canvas.setFillColor(FLANDERS_YELLOW)
    canvas.rect(LEFT, top - 13 * mm, 13 * mm, 13 * mm, stroke=0, fill=1)
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, 19)
    canvas.drawString(LEFT + 16 * mm, top - 7 * mm, letterhead.get("logo", ""))
    canvas.setFont(REGULAR, 8.5)
    canvas.drawString(LEFT + 16 * mm, top - 12.3 * mm, letterhead.get("slogan", ""))
    y = top - 21 * mm
    canvas.setFont(BOLD, 8.5)
    canvas.drawString(LEFT, y, _text(letterhead.find("naam")))
    canvas.setFont(REGULAR, 8)
    canvas.setFillColor(GREY)
    for line in letterhead.findall("regel"):
        y -= 10.5
        canvas.drawString(LEFT, y, _text(line))


class _NumberedCanvas(Canvas):
    """Keeps each page until the end, so the footer can say "pagina 1 van 2"."""

    def __init__(self, *args, footer: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._pages: list[dict] = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        count = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._draw_footer(number, count)
            super().showPage()
        super().save()

    def _draw_footer(self, number: int, count: int) -> None:
        text = self._footer.replace("{paginas}", str(count)).replace("{pagina}", str(number))
        self.setStrokeColor(FLANDERS_YELLOW)
        self.setLineWidth(2)
        self.line(LEFT, 16 * mm, WIDTH - RIGHT, 16 * mm)
        self.setFont(REGULAR, 7.5)
        self.setFillColor(GREY)
        self.drawRightString(WIDTH - RIGHT, 11 * mm, text)


def _inner(element) -> str:
    """The element's content as reportlab paragraph markup (<b>, <i>, entities kept)."""
    if not len(element):  # most are plain text: escaping it is what serialising would do, faster
        return escape(element.text or "")
    text = ET.tostring(element, encoding="unicode", short_empty_elements=True)
    return text[text.index(">") + 1: text.rindex("</")]


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _lines(element, style=CELL) -> list[_Paragraph]:
    return [_Paragraph(_inner(line), style) for line in element.findall("regel")]


def _addressee(element):
    table = Table([["", _lines(element)]], colWidths=[80 * mm, TEXT_WIDTH - 80 * mm])
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REGULAR), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 14)]))
    return table


def _references(element):
    items = element.findall("kenmerk")
    table = Table([[item.get("label", "") for item in items], [_text(item) for item in items]],
                  colWidths=[TEXT_WIDTH / len(items)] * len(items))
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, 0), REGULAR, 7), ("TEXTCOLOR", (0, 0), (-1, 0), GREY),
        ("FONT", (0, 1), (-1, 1), REGULAR, 8), ("TEXTCOLOR", (0, 1), (-1, 1), INK),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("LINEABOVE", (0, 0), (-1, 0), 0.5, RULE),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 12),
    ]))
    return table


def _amounts(element):
    """Plain-text cells (not Paragraphs): the table is drawn often and never wraps, so its
    columns are as wide as ``breedtes`` says (in mm; a letter's amounts table by default)."""
    rows = element.findall("rij")
    style = [("FONT", (0, 0), (-1, -1), REGULAR, 9.5), ("TEXTCOLOR", (0, 0), (-1, -1), INK),
             ("ALIGN", (1, 0), (-1, -1), "RIGHT"), ("LEFTPADDING", (0, 0), (-1, -1), 4),
             ("RIGHTPADDING", (0, 0), (-1, -1), 4), ("TOPPADDING", (0, 0), (-1, -1), 4),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 4), ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE)]
    for index, row in enumerate(rows):
        if row.get("kop"):
            style.append(("BACKGROUND", (0, index), (-1, index), colors.HexColor("#F2F2F2")))
        if row.get("kop") or row.get("totaal"):
            style.append(("FONT", (0, index), (-1, index), BOLD, 9.5))
        if row.get("totaal"):
            style.append(("LINEABOVE", (0, index), (-1, index), 1, INK))
    widths = [float(width) * mm for width in element.get("breedtes", "55,45,45").split(",")]
    table = Table([[_text(cell) for cell in row] for row in rows], colWidths=widths, hAlign="LEFT",
                  spaceAfter=10)
    table.setStyle(TableStyle(style))
    return table


def _bullets(element) -> list[_Paragraph]:
    """Paragraphs with a bullet: far cheaper to lay out than a ListFlowable."""
    return [_Paragraph(_inner(item), BULLET, bulletText="•") for item in element.findall("item")]


def _signature(element):
    parts = [Spacer(1, 14 * mm) if child.tag == "ruimte" else _Paragraph(_inner(child), CELL)
             for child in element]
    return KeepTogether([Spacer(1, 6 * mm), *parts, Spacer(1, 8 * mm)])


def _copy(element):
    return _Paragraph(f"<b>{element.get('label', '')}:</b> {_inner(element)}", SMALL)


BUILDERS = {
    "geadresseerde": _addressee,
    "kenmerken": _references,
    "plaats": lambda e: _Paragraph(_inner(e), BODY),
    "onderwerp": lambda e: _Paragraph(_inner(e), SUBJECT),
    "p": lambda e: _Paragraph(_inner(e), BODY),
    "titel": lambda e: _Paragraph(_inner(e), HEADING),
    "lijst": _bullets,
    "tabel": _amounts,
    "handtekening": _signature,
    "kopie": _copy,
    "nieuwe-pagina": lambda e: PageBreak(),
}


def _story(root) -> list:
    """Drawn on the canvas instead: briefhoofd (letterhead), voettekst (footer)."""
    story = []
    for child in root:
        if child.tag in BUILDERS:
            built = BUILDERS[child.tag](child)
            story.extend(built if isinstance(built, list) else [built])
    return story
