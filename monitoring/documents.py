"""The parliamentary table as a PDF (with the map of Flanders as shapes) and as an XLSX sheet,
both from the same ``ParliamentaryTable`` the page shows."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.graphics.shapes import Drawing, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from monitoring.aggregates import Aggregates
from monitoring.agreements import ParliamentaryTable
from monitoring.flanders_map import FlandersMap, flemish_shapes
from workflow.letters.fonts import BOLD, REGULAR, register_fonts

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_title(table: ParliamentaryTable) -> str:
    return _("Samenwerkingsovereenkomsten met VDAB per provincie op %(day)s") % {
        "day": table.reference.strftime("%d/%m/%Y")}


def table_xlsx(table: ParliamentaryTable) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Tabel")
    sheet.append([table_title(table)])
    sheet["A1"].font = Font(bold=True)
    sheet.append([table.call.title])
    sheet.append([])
    sheet.append(table.header())
    for row in table.rows:
        sheet.append(row.cells())
    sheet.append([])
    for note in table.notes:
        sheet.append([note])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def aggregates_xlsx(aggregates: Aggregates) -> bytes:
    """The committee's aggregates, one sheet each: per priority (with the targets per unit and
    year, planned and realised), per target group and per province."""
    workbook = Workbook()
    years = aggregates.call.years
    priorities = workbook.active
    priorities.title = _("Prioriteiten")
    priorities.append([_("Beleidsprioriteit"), _("Aanvragen"), _("Acties"), _("Eenheid"),
                       *[_("Gepland %(year)s") % {"year": y} for y in years],
                       *[_("Gerealiseerd %(year)s") % {"year": y} for y in years]])
    for row in aggregates.priorities:
        for target in row.targets or [None]:
            planned = [target.planned.get(y) for y in years] if target else [None] * len(years)
            realised = [target.realised.get(y) for y in years] if target else [None] * len(years)
            priorities.append([row.name, row.applications, row.actions, target.unit if target else None,
                               *planned, *realised])
    groups = workbook.create_sheet(_("Doelgroepen"))
    groups.append([_("Doelgroep"), _("Aanvragen"), _("Acties")])
    for row in aggregates.target_groups:
        groups.append([row.name, row.applications, row.actions])
    provinces = workbook.create_sheet(_("Provincies"))
    provinces.append([_("Provincie"), _("Aanvragen"), _("Acties"), _("Gevraagde subsidie (€)")])
    for row in aggregates.provinces:
        provinces.append([row.name, row.applications, row.actions, row.requested])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_pdf(table: ParliamentaryTable, flanders_map: FlandersMap) -> bytes:
    register_fonts()
    text = ParagraphStyle("text", fontName=REGULAR, fontSize=9, leading=12)
    title = ParagraphStyle("title", parent=text, fontName=BOLD, fontSize=14, leading=18)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=15 * mm, rightMargin=15 * mm,
                                 topMargin=15 * mm, bottomMargin=15 * mm, title=table_title(table),
                                 lang="nl-BE")
    grid = Table([table.header(), *[row.cells() for row in table.rows]], repeatRows=1)
    grid.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), REGULAR, 8), ("FONT", (0, 0), (-1, 0), BOLD, 8),
        ("FONT", (0, -1), (-1, -1), BOLD, 8), ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story = [Paragraph(table_title(table), title), Paragraph(table.call.title, text), Spacer(1, 4 * mm), grid,
             Spacer(1, 3 * mm), *[Paragraph(note, text) for note in table.notes], Spacer(1, 4 * mm),
             Paragraph(flanders_map.title, ParagraphStyle("h2", parent=text, fontName=BOLD, fontSize=11)),
             map_drawing(flanders_map, width=250 * mm), Paragraph(flanders_map.credit, text)]
    document.build(story)
    return buffer.getvalue()


def map_drawing(flanders_map: FlandersMap, width: float) -> Drawing:
    """The map as vector shapes, each category a grey of its own, with its legend beside it."""
    legend_width = 70 * mm
    scale = (width - legend_width) / flanders_map.width
    height = flanders_map.height * scale
    drawing = Drawing(width, height)
    rings = flemish_shapes()[0]
    for area in flanders_map.areas:
        fill = colors.Color(*[area.category.style.grey] * 3)
        for ring in rings.get(area.nis_code, []):
            points = [c for x, y in ring for c in (x * scale, height - y * scale)]
            drawing.add(Polygon(points, fillColor=fill, strokeColor=colors.black, strokeWidth=0.2))
    for index, category in enumerate(flanders_map.categories):
        y = height - (index + 1) * 7 * mm
        x = width - legend_width + 4 * mm
        drawing.add(Rect(x, y, 5 * mm, 4 * mm, fillColor=colors.Color(*[category.style.grey] * 3),
                         strokeColor=colors.black, strokeWidth=0.5))
        drawing.add(String(x + 7 * mm, y + 1 * mm, f"{category.label} ({category.count})",
                           fontName=REGULAR, fontSize=8))
    return drawing
