"""The map of Flanders' 300 municipalities, drawn on the server: as SVG paths for a page and
as polygons for a PDF, each municipality filled by a category (coverage, agreement status,
regiegebied) and every category told apart by its pattern and lightness, never by hue alone.

The boundaries are ``data/belgium_municipalities_2019.topojson`` (CC0; provenance in
``data/SOURCES.md``), projected equirectangularly with cos(51°) — right at this size.
"""

import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from grants.fragments import kept
from monitoring import topojson

MAP_FILE = Path(__file__).resolve().parent / "data" / "belgium_municipalities_2019.topojson"
WIDTH = 800.0
# The Flemish Region's NIS codes: the provinces Antwerpen (1), West- (3) and Oost-Vlaanderen (4),
# Limburg (7), and Vlaams-Brabant (23, 24); 21 is Brussels, 25 Waals-Brabant. (The file gives
# Mesen the province of Hainaut: the code is what counts.)
FLEMISH_PREFIXES = ("1", "3", "4", "7", "23", "24")
SOURCE_CREDIT = _("Kaart: gemeentegrenzen 2019, bmesuere/belgium-topojson (CC0), naar Statbel.")


@dataclass(frozen=True)
class Style:
    """How a category is drawn: a fill and a pattern on the page, a grey in the PDF."""

    fill: str
    pattern: str  # "", "stripes" or "dots"
    grey: float  # 0 black … 1 white, for the PDF


# From dark to light, each with its own pattern: readable in grey and by a colour-blind reader.
STYLES = [Style("#1d4e89", "", 0.2), Style("#6fa8dc", "stripes", 0.5), Style("#d9e7f5", "dots", 0.8),
          Style("#ffffff", "", 1.0)]


@dataclass
class Category:
    key: str
    label: str
    style: Style
    style_index: int  # 1-based: the SVG pattern it is drawn with
    count: int = 0


@dataclass
class Area:
    nis_code: str
    name: str
    path: str
    category: Category
    detail: str = ""  # e.g. the regiegebied's name, in the tooltip


@dataclass
class FlandersMap:
    title: str
    categories: list[Category]
    areas: list[Area] = field(default_factory=list)
    width: float = WIDTH
    height: float = 0.0
    credit: str = str(SOURCE_CREDIT)

    def drawn(self) -> tuple:
        """Everything the page draws of this map but the (fixed) shapes: equal for two maps
        that look the same."""
        return (self.title, self.credit, tuple((c.key, c.label, c.count) for c in self.categories),
                tuple((a.nis_code, a.category.key, a.detail) for a in self.areas))


def as_html(flanders_map: FlandersMap, element_id: str) -> SafeString:
    """The map as a page shows it (templates/includes/flanders_map.html). Its 300 paths cost
    more to render than the rest of a page: kept per process, keyed by what it draws."""
    return kept("includes/flanders_map.html", {"map": flanders_map, "id": element_id},
                (flanders_map.drawn(), element_id))


@lru_cache(maxsize=1)
def flemish_shapes() -> tuple[dict[str, list], dict[str, str], float]:
    """NIS code → rings in map coordinates (y down), NIS code → name, and the map's height.
    The shared borders (arcs) are projected and thinned once, so neighbours still touch."""
    topology = topojson.read(MAP_FILE)
    flemish = [(props, shapes) for props, shapes in topojson.polygons(topology, "municipalities")
               if str(props.get("nis", "")).startswith(FLEMISH_PREFIXES)]
    points = [p for _props, shapes in flemish for shape in shapes for ring in shape for p in ring]
    k = math.cos(math.radians(51))
    west, north = min(x for x, _y in points), max(y for _x, y in points)
    east, south = max(x for x, _y in points), min(y for _x, y in points)
    scale = WIDTH / ((east - west) * k)
    arcs = [_thin([((x - west) * k * scale, (north - y) * scale) for x, y in arc])
            for arc in topojson.decode_arcs(topology)]
    rings, names = {}, {}
    for props, shapes in topojson.polygons(topology, "municipalities", arcs):
        nis = str(props.get("nis", ""))
        if nis.startswith(FLEMISH_PREFIXES):
            names[nis] = props.get("name_nl", nis)
            rings[nis] = [ring for shape in shapes for ring in shape]
    return rings, names, round((north - south) * scale, 1)


def _thin(arc, tolerance: float = 2.0) -> list[tuple[float, float]]:
    """The arc's points at least ``tolerance`` pixels apart, in whole pixels; its ends kept."""
    kept = [(round(arc[0][0]), round(arc[0][1]))]
    for x, y in arc[1:-1]:
        if math.hypot(x - kept[-1][0], y - kept[-1][1]) >= tolerance:
            kept.append((round(x), round(y)))
    if len(arc) > 1:
        kept.append((round(arc[-1][0]), round(arc[-1][1])))
    return kept


@lru_cache(maxsize=400)
def svg_path(nis_code: str) -> str:
    rings = flemish_shapes()[0].get(nis_code, [])
    return " ".join("M" + " L".join(f"{x:g} {y:g}" for x, y in ring) + " Z" for ring in rings if ring)


def build(title: str, categories: list[tuple[str, str]], category_of: dict[str, str],
          details: dict[str, str] | None = None) -> FlandersMap:
    """A map whose municipalities (by NIS code) fall into ``categories`` ((key, label), darkest
    first); a municipality not in ``category_of`` falls into the last one."""
    made = [Category(key, str(label), STYLES[index], index + 1)
            for index, (key, label) in enumerate(categories)]
    by_key = {c.key: c for c in made}
    _rings, names, height = flemish_shapes()
    areas = []
    for nis, name in sorted(names.items(), key=lambda item: item[1]):
        category = by_key.get(category_of.get(nis), made[-1])
        category.count += 1
        areas.append(Area(nis, name, svg_path(nis), category, (details or {}).get(nis, "")))
    return FlandersMap(str(title), made, areas, WIDTH, height)
