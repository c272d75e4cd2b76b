"""DejaVu Sans, vendored beside this module (licence in fonts/LICENSE), so € and accented
names render and every font in a letter is embedded.

Each letter embeds a subset of each face: the glyphs it uses. Building those subsets (cutting
~35 kB out of DejaVu, deflating it, its character map and its widths) was more than a third of
a letter's CPU time, while the subsets hardly differ between letters: reportlab always puts all
of ASCII in them, so only the order of the few other characters (€, –, •, é …) can vary. So
each distinct subset is built once per process; the bytes written stay exactly reportlab's.
"""

from functools import cache, lru_cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"


class _RememberingDeflate:
    """reportlab's FlateDecode filter, remembering what it deflated: font streams repeat."""

    pdfname = pdfdoc.PDFZCompress.pdfname

    @staticmethod
    @lru_cache(maxsize=128)
    def encode(content: str | bytes) -> bytes:
        return pdfdoc.PDFZCompress.encode(content)


DEFLATE = _RememberingDeflate()


class _SubsetCachingFace(TTFontFace):
    @lru_cache(maxsize=64)  # noqa: B019 - two faces, registered for the life of the process
    def _subset(self, subset: tuple) -> bytes:
        return super().makeSubset(subset)

    def makeSubset(self, subset):
        return self._subset(tuple(subset))


@lru_cache(maxsize=64)
def _widths(widths: tuple) -> bytes:
    """A /Widths array as reportlab formats it (numbers need no document)."""
    return pdfdoc.PDFArray(widths).format(None)


class _SubsetCachingFont(TTFont):
    def __init__(self, name: str, filename: str):
        super().__init__(name, filename)
        self.face.__class__ = _SubsetCachingFace  # TTFont builds its face itself; same data

    def addObjects(self, doc):
        """reportlab's font objects, with the dear parts taken from the caches."""
        state = self.state[doc]
        prefix, count = state.internalName, len(state.subsets)
        super().addObjects(doc)
        if not doc.compression:
            return
        fonts = doc.idToObject["BasicFonts"].dict
        for number in range(count):
            font = fonts[f"{prefix}+{number}"]
            font.Widths = _widths(tuple(font.Widths.sequence))
            descriptor = doc.idToObject[font.FontDescriptor.name]
            for stream in (font.ToUnicode, descriptor["FontFile2"]):
                doc.idToObject[stream.name].filters = [DEFLATE]


@cache
def register_fonts() -> None:
    """Parse the TTF files once per process; each PDF embeds only the glyphs it uses."""
    pdfmetrics.registerFont(_SubsetCachingFont(REGULAR, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(_SubsetCachingFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    # <i> in the wording falls back to the upright face: no oblique is vendored.
    for bold, italic in ((0, 0), (0, 1), (1, 0), (1, 1)):
        addMapping(REGULAR, bold, italic, BOLD if bold else REGULAR)
