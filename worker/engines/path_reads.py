"""A page's path objects as pdfium reads them, for drawings.py: each path's and form's
bounds, type and whether it draws in white (:func:`_path_records`), and a path's
segments (:func:`_segments`); from C where layout/_pdfium_paths.c is built, else through
ctypes (the same calls, a twin each)."""

from __future__ import annotations

import ctypes
import struct
from collections.abc import Iterable, Iterator
from types import ModuleType
from typing import Any

import pypdfium2
import pypdfium2.raw as pdfium_c

from worker.engines.textlayer import _address

_MAX_OBJECTS = 4000  # objects past this are not looked at
# Paths past this stop the walk. A page of two dense timetables ruled a stroke per cell
# side (17 columns by 28 rows each) draws about 2,000; past 3,000 rules the drawing is a
# chart to grids.py, which reads none of them as a table.
_MAX_PATHS = 3000
_PATH = pdfium_c.FPDF_PAGEOBJ_PATH
_FORM = pdfium_c.FPDF_PAGEOBJ_FORM
_IMAGE = pdfium_c.FPDF_PAGEOBJ_IMAGE
# Image objects placed at most this large (pt, either side) come with the paths: maybe a
# checkbox drawn as a picture (image_boxes.py). Not counted among the paths; larger
# images are not reported, so pages of pictures cost nothing more. _pdfium_paths.c's
# SMALL_IMAGE.
_SMALL_IMAGE = 24.0
_MAX_IMAGES = 64  # small images reported at most (a form has a few tens of boxes)
_LINETO, _MOVETO = pdfium_c.FPDF_SEGMENT_LINETO, pdfium_c.FPDF_SEGMENT_MOVETO
_BEZIERTO = pdfium_c.FPDF_SEGMENT_BEZIERTO

# Prototypes with plain integer handles (see _address): pdfium's own bindings would want
# its pointer types for every object. Pointers to results are passed with byref.
_P, _I, _F = ctypes.c_void_p, ctypes.c_int, ctypes.c_float
_PF = ctypes.POINTER(ctypes.c_float)
_GetObject = ctypes.CFUNCTYPE(_P, _P, _I)(_address(pdfium_c.FPDFPage_GetObject))
_GetType = ctypes.CFUNCTYPE(_I, _P)(_address(pdfium_c.FPDFPageObj_GetType))
_GetBounds = ctypes.CFUNCTYPE(_I, _P, _PF, _PF, _PF, _PF)(_address(pdfium_c.FPDFPageObj_GetBounds))
_GetDrawMode = ctypes.CFUNCTYPE(_I, _P, ctypes.POINTER(_I), ctypes.POINTER(_I))(
    _address(pdfium_c.FPDFPath_GetDrawMode)
)
_CountSegments = ctypes.CFUNCTYPE(_I, _P)(_address(pdfium_c.FPDFPath_CountSegments))
_GetSegment = ctypes.CFUNCTYPE(_P, _P, _I)(_address(pdfium_c.FPDFPath_GetPathSegment))
_SegmentPoint = ctypes.CFUNCTYPE(_I, _P, _PF, _PF)(_address(pdfium_c.FPDFPathSegment_GetPoint))
_SegmentType = ctypes.CFUNCTYPE(_I, _P)(_address(pdfium_c.FPDFPathSegment_GetType))
_SegmentClose = ctypes.CFUNCTYPE(_I, _P)(_address(pdfium_c.FPDFPathSegment_GetClose))

_PATH_RECORD = struct.Struct("=Qffffii")  # _pdfium_paths.c's Record: object, bounds, type, white
_GET_OBJECT_FN = _address(pdfium_c.FPDFPage_GetObject)
_GET_TYPE_FN = _address(pdfium_c.FPDFPageObj_GetType)
_GET_BOUNDS_FN = _address(pdfium_c.FPDFPageObj_GetBounds)
_DRAW_MODE_FN = _address(pdfium_c.FPDFPath_GetDrawMode)
_STROKE_COLOR_FN = _address(pdfium_c.FPDFPageObj_GetStrokeColor)
_FILL_COLOR_FN = _address(pdfium_c.FPDFPageObj_GetFillColor)
# object, left, bottom, right, top, type, and whether it draws its line in white
# (drawn_boxes.white_line: 1 or 0) where its bounds are thin (-1: not read, ask when needed)
PathRecord = tuple[int, float, float, float, float, int, int]
# The white test is read with the bounds for paths at most this thick in their own space:
# drawings._THIN with slack, so that every path the walk finds thin has it (the rest ask).
_WHITE_READ = 4.0
_PATHS_C: list[ModuleType | None] = []  # the extension once looked up: [module or None]
_SEGMENT = struct.Struct("=iiff")  # _pdfium_paths.c's Segment: type, close, x, y
_SEGMENT_FNS = tuple(
    _address(fn)
    for fn in (
        pdfium_c.FPDFPath_GetPathSegment,
        pdfium_c.FPDFPathSegment_GetPoint,
        pdfium_c.FPDFPathSegment_GetType,
        pdfium_c.FPDFPathSegment_GetClose,
    )
)


def _path_records(page: pypdfium2.PdfPage) -> Iterable[PathRecord]:
    """(object, left, bottom, right, top, type, white) of the page's path and form objects,
    bounded, and of its small image objects (_SMALL_IMAGE).

    Pages that draw every character as a text object of its own have a thousand objects
    and more: the walk runs in C where the extension is built (layout/_pdfium_paths.c),
    else through ctypes here (the same calls, about 1 ms more on such a page).
    """
    address = ctypes.cast(page.raw, ctypes.c_void_p).value or 0
    count = min(int(pdfium_c.FPDFPage_CountObjects(page.raw)), _MAX_OBJECTS)
    paths_c = _paths_extension()
    if paths_c is not None and address:
        raw = paths_c.path_bounds(
            address,
            count,
            _MAX_PATHS,
            _GET_OBJECT_FN,
            _GET_TYPE_FN,
            _GET_BOUNDS_FN,
            _DRAW_MODE_FN,
            _STROKE_COLOR_FN,
            _FILL_COLOR_FN,
            _WHITE_READ,
        )
        return _PATH_RECORD.iter_unpack(raw)
    return _path_records_ctypes(ctypes.c_void_p(address), count, _GetObject)


def _paths_extension() -> ModuleType | None:
    # Imported on first use, not with this module: it lives in the layout package, whose
    # modules import this one.
    if not _PATHS_C:
        try:  # built by setup.py; absent from installs made with PAGEMILL_PURE_PYTHON=1
            from worker.engines.layout import _pdfium_paths
        except ImportError:  # the ctypes twin does the same
            _PATHS_C.append(None)
        else:
            _PATHS_C.append(_pdfium_paths)
    return _PATHS_C[0]


def _path_records_ctypes(
    handle: ctypes.c_void_p | int, count: int, get_object: Any, limit: int = _MAX_PATHS
) -> Iterator[PathRecord]:
    """What _pdfium_paths.path_bounds returns, one tuple per path or form, through ctypes
    (``get_object``: of a page, or of a form XObject's own objects)."""
    from worker.engines.drawn_boxes import white_line  # it imports this module

    box = [ctypes.c_float() for _ in range(4)]
    refs = [ctypes.byref(v) for v in box]
    paths = images = 0
    for i in range(count):
        obj = get_object(handle, i)
        if not obj:
            continue
        kind = _GetType(obj)
        if kind == _IMAGE:
            if images < _MAX_IMAGES and _GetBounds(obj, *refs):
                left, bottom, right, top = box[0].value, box[1].value, box[2].value, box[3].value
                if right - left <= _SMALL_IMAGE and top - bottom <= _SMALL_IMAGE:
                    images += 1
                    yield obj, left, bottom, right, top, kind, -1
            continue
        if kind != _PATH and kind != _FORM:
            continue
        paths += 1
        if paths > limit:
            break
        if _GetBounds(obj, *refs):
            left, bottom, right, top = box[0].value, box[1].value, box[2].value, box[3].value
            white = -1
            if kind == _PATH and (right - left <= _WHITE_READ or top - bottom <= _WHITE_READ):
                white = int(white_line(obj))
            yield obj, left, bottom, right, top, kind, white


def _segments(obj: int, count: int) -> Iterable[tuple[int, int, float, float]]:
    """(type, close, x, y) of a path's segments: -1 for a type where pdfium has no segment,
    for close where it has no point. From C where built, else through ctypes."""
    paths_c = _paths_extension()
    if paths_c is not None:
        return _SEGMENT.iter_unpack(paths_c.path_segments(obj, count, *_SEGMENT_FNS))
    return _segments_ctypes(obj, count)


def _segments_ctypes(obj: int, count: int) -> Iterator[tuple[int, int, float, float]]:
    x, y = ctypes.c_float(0.0), ctypes.c_float(0.0)
    for k in range(count):
        seg = _GetSegment(obj, k)
        if not seg:
            yield -1, 0, 0.0, 0.0
            continue
        kind, close = int(_SegmentType(seg)), int(_SegmentClose(seg))
        if _SegmentPoint(seg, ctypes.byref(x), ctypes.byref(y)):
            yield kind, close, x.value, y.value
        else:
            yield kind, -1, 0.0, 0.0
