"""A small TopoJSON reader: the polygons of a topology's objects as lists of (lon, lat) rings.

TopoJSON stores each shared border once, as an "arc" of quantized, delta-encoded points; a
polygon lists the arcs of its rings, ~i meaning arc i reversed. Decoding is: undo the deltas,
apply the transform, and join a ring's arcs (each next arc starts where the last one ended).
Written here rather than taken from a library: the maintained Python package (``topojson``)
encodes topologies and pulls in shapely, numpy and pandas; the decoding is these few lines
(specification: github.com/topojson/topojson-specification).
"""

import json
from pathlib import Path

Ring = list[tuple[float, float]]
Polygon = list[Ring]  # the outer ring, then any holes


def read(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def decode_arcs(topology: dict) -> list[Ring]:
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy, *_rest in arc:
                x, y = x + dx, y + dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(px, py) for px, py, *_rest in arc]
        arcs.append(points)
    return arcs


def ring(arcs: list[Ring], indexes: list[int]) -> Ring:
    points: Ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def polygons(topology: dict, object_name: str, arcs: list[Ring] | None = None
             ) -> list[tuple[dict, list[Polygon]]]:
    """Each geometry of the object with its properties and its polygons; ``arcs`` are the
    decoded arcs, when the caller has already projected or simplified them."""
    arcs = decode_arcs(topology) if arcs is None else arcs
    found = []
    for geometry in topology["objects"][object_name]["geometries"]:
        if geometry["type"] == "Polygon":
            shapes = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            shapes = geometry["arcs"]
        else:
            continue  # points and lines draw no area
        found.append((geometry.get("properties", {}),
                      [[ring(arcs, indexes) for indexes in shape] for shape in shapes]))
    return found
