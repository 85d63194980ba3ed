/*
 * The page-object walk of worker/engines/textlayer.py's extract_drawings, made from C.
 *
 * Finding a page's rules means asking pdfium for each of its objects and its type, to
 * keep the paths. Pages from office suites and invoicing tools often draw every
 * character as a text object of its own (a thousand objects and more), and through
 * ctypes those two calls an object cost more than the rest of the page's rules: a fifth
 * of its text layer. Here the walk runs in one loop, and Python sees only the paths
 * (and the form XObjects, whose own objects it walks).
 *
 * As in _pdfium_words.c, the caller passes the pdfium functions and the page as
 * addresses (pypdfium2 loads pdfium; this module links against nothing). textlayer.py
 * keeps a ctypes twin of this loop for installs without compiled code.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

typedef void *(*GetObjectFn)(void *page, int index);
typedef int (*GetTypeFn)(void *obj);
typedef int (*GetBoundsFn)(void *obj, float *left, float *bottom, float *right, float *top);
typedef int (*GetDrawModeFn)(void *obj, int *fill, int *stroke);
typedef int (*GetColorFn)(void *obj, unsigned *r, unsigned *g, unsigned *b, unsigned *a);
typedef void *(*GetSegmentFn)(void *path, int index);
typedef int (*SegmentPointFn)(void *segment, float *x, float *y);
typedef int (*SegmentIntFn)(void *segment); /* FPDFPathSegment_GetType, _GetClose */

#define PATH_OBJECT 2 /* FPDF_PAGEOBJ_PATH */
#define FORM_OBJECT 5 /* FPDF_PAGEOBJ_FORM: a form XObject, whose paths the caller reads */
#define IMAGE_OBJECT 3 /* FPDF_PAGEOBJ_IMAGE: reported only when small (a checkbox's picture) */
#define SMALL_IMAGE 24.0f /* path_reads._SMALL_IMAGE: an image's side at most this (pt) */
#define MAX_IMAGES 64 /* path_reads._MAX_IMAGES: small images reported at most */

/* One record per path or form object with bounds, as struct format "=Qffffii": the
 * object, its left, bottom, right and top in PDF user space, its type, and whether it
 * draws its line in white (drawn_boxes.white_line: 1 or 0; -1 where not read: a form,
 * or a path no thinner than the caller's thin, which the caller asks itself if needed).
 * Read here because a page of thin rules cost three ctypes calls a rule for it. */
typedef struct {
    uint64_t obj;
    float left, bottom, right, top;
    int32_t type;
    int32_t white;
} Record;

/* Whether a colour that get_color reads is white or transparent (drawn_boxes._white). */
static int white_colour(GetColorFn get_color, void *obj) {
    unsigned r = 0, g = 0, b = 0, a = 0;
    if (!get_color(obj, &r, &g, &b, &a))
        return 0;
    unsigned low = r < g ? r : g;
    low = low < b ? low : b;
    return a == 0 || low >= 245;
}

/* drawn_boxes.white_line: stroked in white if stroked, filled in white if filled. */
static int white_line(GetDrawModeFn draw_mode, GetColorFn stroke_color, GetColorFn fill_color, void *obj) {
    int fill = 0, stroke = 0;
    if (!draw_mode(obj, &fill, &stroke) || !(fill || stroke))
        return 0;
    return (!stroke || white_colour(stroke_color, obj)) && (!fill || white_colour(fill_color, obj));
}

static PyObject *path_bounds(PyObject *self, PyObject *args) {
    unsigned long long page, get_object_fn, get_type_fn, get_bounds_fn, draw_mode_fn, stroke_fn, fill_fn;
    int count, max_paths;
    double thin;
    if (!PyArg_ParseTuple(args, "KiiKKKKKKd", &page, &count, &max_paths, &get_object_fn, &get_type_fn,
                          &get_bounds_fn, &draw_mode_fn, &stroke_fn, &fill_fn, &thin))
        return NULL;
    if (!page || !get_object_fn || !get_type_fn || !get_bounds_fn || !draw_mode_fn || !stroke_fn || !fill_fn) {
        PyErr_SetString(PyExc_ValueError, "null page or pdfium function");
        return NULL;
    }
    if (count < 0 || max_paths < 0) {
        PyErr_SetString(PyExc_ValueError, "negative count");
        return NULL;
    }
    GetObjectFn get_object = (GetObjectFn)(uintptr_t)get_object_fn;
    GetTypeFn get_type = (GetTypeFn)(uintptr_t)get_type_fn;
    GetBoundsFn get_bounds = (GetBoundsFn)(uintptr_t)get_bounds_fn;
    GetDrawModeFn draw_mode = (GetDrawModeFn)(uintptr_t)draw_mode_fn;
    GetColorFn stroke_color = (GetColorFn)(uintptr_t)stroke_fn;
    GetColorFn fill_color = (GetColorFn)(uintptr_t)fill_fn;
    void *pg = (void *)(uintptr_t)page;

    Record *recs = PyMem_Malloc((size_t)(max_paths + MAX_IMAGES) * sizeof(Record));
    if (recs == NULL)
        return PyErr_NoMemory();
    Py_ssize_t n = 0;
    int paths = 0, images = 0;
    Py_BEGIN_ALLOW_THREADS
    for (int i = 0; i < count; i++) {
        void *obj = get_object(pg, i);
        if (obj == NULL)
            continue;
        int type = get_type(obj);
        if (type == IMAGE_OBJECT) {
            /* Not counted among the paths: room of their own after the paths'. */
            if (images >= MAX_IMAGES)
                continue;
            Record *r = &recs[n];
            if (get_bounds(obj, &r->left, &r->bottom, &r->right, &r->top) &&
                r->right - r->left <= SMALL_IMAGE && r->top - r->bottom <= SMALL_IMAGE) {
                r->obj = (uint64_t)(uintptr_t)obj;
                r->type = type;
                r->white = -1;
                n++;
                images++;
            }
            continue;
        }
        if (type != PATH_OBJECT && type != FORM_OBJECT)
            continue;
        /* The walk stops at the path (or form) after the last one kept, as the Python
         * loop does. */
        if (++paths > max_paths)
            break;
        Record *r = &recs[n];
        if (!get_bounds(obj, &r->left, &r->bottom, &r->right, &r->top))
            continue;
        r->obj = (uint64_t)(uintptr_t)obj;
        r->type = type;
        r->white = -1;
        if (type == PATH_OBJECT && (r->right - r->left <= thin || r->top - r->bottom <= thin))
            r->white = white_line(draw_mode, stroke_color, fill_color, obj);
        n++;
    }
    Py_END_ALLOW_THREADS
    PyObject *out = PyBytes_FromStringAndSize((const char *)recs, n * (Py_ssize_t)sizeof(Record));
    PyMem_Free(recs);
    return out;
}

/* One record per segment of a path, as struct format "=iiff": its type (-1 where pdfium
 * has no segment: read as a curve), whether it closes the subpath (-1 where pdfium gives
 * no point), and its point in the path's own coordinates. Four pdfium calls a segment, which
 * through ctypes made reading a rectangle's sides cost more than finding it. */
typedef struct {
    int32_t type, close;
    float x, y;
} Segment;

static PyObject *path_segments(PyObject *self, PyObject *args) {
    unsigned long long path, get_segment_fn, point_fn, type_fn, close_fn;
    int count;
    if (!PyArg_ParseTuple(args, "KiKKKK", &path, &count, &get_segment_fn, &point_fn, &type_fn, &close_fn))
        return NULL;
    if (!path || !get_segment_fn || !point_fn || !type_fn || !close_fn) {
        PyErr_SetString(PyExc_ValueError, "null path or pdfium function");
        return NULL;
    }
    if (count < 0 || count > 4096) {
        PyErr_SetString(PyExc_ValueError, "segment count out of range");
        return NULL;
    }
    GetSegmentFn get_segment = (GetSegmentFn)(uintptr_t)get_segment_fn;
    SegmentPointFn get_point = (SegmentPointFn)(uintptr_t)point_fn;
    SegmentIntFn get_type = (SegmentIntFn)(uintptr_t)type_fn;
    SegmentIntFn get_close = (SegmentIntFn)(uintptr_t)close_fn;
    void *p = (void *)(uintptr_t)path;
    PyObject *out = PyBytes_FromStringAndSize(NULL, count * (Py_ssize_t)sizeof(Segment));
    if (out == NULL)
        return NULL;
    Segment *segs = (Segment *)PyBytes_AS_STRING(out);
    Py_BEGIN_ALLOW_THREADS
    for (int k = 0; k < count; k++) {
        Segment *s = &segs[k];
        void *seg = get_segment(p, k);
        s->type = seg ? get_type(seg) : -1;
        s->close = seg ? get_close(seg) : 0;
        s->x = s->y = 0.0f;
        if (seg && !get_point(seg, &s->x, &s->y)) {
            s->x = s->y = 0.0f;
            s->close = -1;
        }
    }
    Py_END_ALLOW_THREADS
    return out;
}

static PyMethodDef methods[] = {
    {"path_bounds", path_bounds, METH_VARARGS,
     "path_bounds(page, count, max_paths, FPDFPage_GetObject, FPDFPageObj_GetType, FPDFPageObj_GetBounds,"
     " FPDFPath_GetDrawMode, FPDFPageObj_GetStrokeColor, FPDFPageObj_GetFillColor, thin) -> bytes\n\nThe path and form objects among a page's first count objects, with bounds; see the module"
     " source."},
    {"path_segments", path_segments, METH_VARARGS,
     "path_segments(path, count, FPDFPath_GetPathSegment, FPDFPathSegment_GetPoint, FPDFPathSegment_GetType,"
     " FPDFPathSegment_GetClose) -> bytes\n\nA path's segments; see the module source."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_pdfium_paths", "The page-object walk of textlayer.py's rules, from C.", -1, methods,
};

PyMODINIT_FUNC PyInit__pdfium_paths(void) { return PyModule_Create(&module); }
