"""The TopoJSON decoder and the map of Flanders drawn from it."""

import pytest

from grants.models import Municipality
from monitoring import topojson
from monitoring.flanders_map import build, flemish_shapes

# Two unit squares side by side sharing one border (arc 0, used reversed by the right one),
# quantized with a transform and delta-encoded as the specification says.
SQUARES = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
    "arcs": [
        [[2, 0], [0, 2]],  # the shared border, (11,20) → (11,21)
        [[2, 2], [-2, 0], [0, -2], [2, 0]],  # the left square's other sides
        [[2, 0], [2, 0], [0, 2], [-2, 0]],  # the right square's other sides
    ],
    "objects": {"shapes": {"type": "GeometryCollection", "geometries": [
        {"type": "Polygon", "arcs": [[0, 1]], "properties": {"nis": "L"}},
        {"type": "MultiPolygon", "arcs": [[[2, -1]]], "properties": {"nis": "R"}},
        {"type": "Point", "coordinates": [0, 0]},
    ]}},
}


def test_arcs_are_undone_from_deltas_and_joined_into_rings():
    (left_props, left), (right_props, right) = topojson.polygons(SQUARES, "shapes")
    assert left_props == {"nis": "L"}
    assert left == [[[(11, 20), (11, 21), (10, 21), (10, 20), (11, 20)]]]
    assert right == [[[(11, 20), (12, 20), (12, 21), (11, 21), (11, 20)]]]  # arc 0 reversed


@pytest.mark.django_db
def test_the_map_has_the_300_municipalities_with_our_names(reference_data):
    rings, names, height = flemish_shapes()
    ours = dict(Municipality.objects.values_list("nis_code", "name"))
    assert names == ours  # Mesen (33016) included, though the file gives it Hainaut
    assert all(rings[nis] and len(rings[nis][0]) >= 4 for nis in ours)
    assert 250 < height < 400  # Flanders is wider than high


def test_every_category_is_told_apart_without_colour():
    categories = [("a", "A"), ("b", "B"), ("c", "C"), ("", "geen")]
    flanders_map = build("Kaart", categories, {"34022": "a", "11002": "b"})
    styles = [c.style for c in flanders_map.categories]
    assert len({(s.pattern, s.grey) for s in styles}) == len(styles)
    assert [c.count for c in flanders_map.categories] == [1, 1, 0, 298]
