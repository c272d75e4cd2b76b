"""DejaVu Sans, vendored beside this module (licence in fonts/LICENSE), so € and accented
names render and every font in a letter is embedded."""

import zlib
from functools import cache, lru_cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"


class _SubsetCachingFace(TTFontFace):
    """Builds and compresses each distinct subset once per process.

    Cutting a subset out of DejaVu and deflating it (~35 kB per face) was a third of a letter's
    CPU time, and the subsets hardly differ between letters: reportlab always puts all of
    ASCII in them, so only the order of the few other characters (€, –, •, é …) can vary.
    The embedded bytes stay exactly what reportlab would write.
    """

    @lru_cache(maxsize=64)  # noqa: B019 - two faces, registered for the life of the process
    def _subset(self, subset: tuple) -> tuple[bytes, bytes]:
        raw = super().makeSubset(subset)
        return raw, zlib.compress(raw)

    def makeSubset(self, subset):
        return self._subset(tuple(subset))[0]

    def addSubsetObjects(self, doc, fontname, subset):
        descriptor = super().addSubsetObjects(doc, fontname, subset)
        stream = doc.idToObject[f"fontFile:{self.filename}({fontname})"]
        if stream.filters == [pdfdoc.PDFZCompress]:  # the document compresses: hand over our deflate
            stream.content = self._subset(tuple(subset))[1]
            stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName(pdfdoc.PDFZCompress.pdfname)])
        return descriptor


def _font(name: str, filename: str) -> TTFont:
    font = TTFont(name, str(FONT_DIR / filename))
    font.face.__class__ = _SubsetCachingFace  # TTFont builds its face itself; same data, cached subsets
    return font


@cache
def register_fonts() -> None:
    """Parse the TTF files once per process; each PDF embeds only the glyphs it uses."""
    pdfmetrics.registerFont(_font(REGULAR, "DejaVuSans.ttf"))
    pdfmetrics.registerFont(_font(BOLD, "DejaVuSans-Bold.ttf"))
    # <i> in the wording falls back to the upright face: no oblique is vendored.
    for bold, italic in ((0, 0), (0, 1), (1, 0), (1, 1)):
        addMapping(REGULAR, bold, italic, BOLD if bold else REGULAR)
