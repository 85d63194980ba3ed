/*
 * The per-word pdfium calls of worker/engines/textlayer.py, made from C.
 *
 * Reading a page's text layer asks pdfium, for every word, for the loose boxes of its
 * first and last characters and for the text objects that draw them: about four calls a
 * word, 1200 a page (and every glyph's box for a word of several objects). Through ctypes each call costs more than pdfium's own work, and they
 * were a third of the text layer's time. Here the same calls are made in one loop.
 *
 * The caller passes the pdfium functions as addresses (pypdfium2 loads pdfium; this
 * module links against nothing) and the text page as an address. textlayer.py keeps a
 * ctypes twin of this loop for installs without compiled code; tests compare the two.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

typedef struct {
    float left, top, right, bottom;
} RectF; /* pdfium's FS_RECTF */

typedef int (*GetLooseCharBoxFn)(void *textpage, int index, RectF *rect);
typedef void *(*GetTextObjectFn)(void *textpage, int index);
typedef int (*IsGeneratedFn)(void *textpage, int index);
typedef int (*GetCharOriginFn)(void *textpage, int index, double *x, double *y);

/* A glyph gap wider than this share of the loose box's height inside one pdfium word
 * sends the word to the glyph-by-glyph split (1): pdfium makes no space of a gap drawn
 * with character spacing (Ghostscript writes "J. Park" as "(J)...2.5 Tc (.P)"). The
 * split then measures the gap against the word's own letter spacing and the font size.
 * A word after a real space of the same text object that starts within this share of
 * the previous glyph's end is marked (2): Ghostscript draws groff's kerns as a space
 * with a negative word spacing ("(Tr e)" with -1.2 Tw), a space nobody sees. That gap
 * is measured to the word's origin, not its box: an italic "f" reaches back over a real
 * space (LibreOffice's "Summary for"). */
#define GAP_SHARE 0.1f

/* One record per word, as struct format "=iiiffffxxxxQ": start, end (code point
 * indices into the text, end exclusive), flags, the first character's left, top and
 * bottom with the last character's right, and the text object. flags is 0 when the word
 * is one span; 1 when it must be split glyph by glyph (a box is missing, its last
 * character sits on another baseline or left of its first, or it has no text object),
 * and then the other fields are not set. */
typedef struct {
    int32_t start, end, flags;
    float left, top, right, bottom;
    int32_t pad;
    uint64_t obj;
} Record;

/* textlayer.py's _WORD_RE, "[^\s\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]+": sre's
 * \s for str patterns is Py_UNICODE_ISSPACE. */
static inline int in_word(Py_UCS4 ch) {
    if (ch <= 0x1f || (ch >= 0x7f && ch <= 0x9f) || (ch >= 0xd800 && ch <= 0xdfff) || ch == 0xfffe ||
        ch == 0xffff)
        return 0;
    return !Py_UNICODE_ISSPACE(ch);
}

static PyObject *word_boxes(PyObject *self, PyObject *args) {
    PyObject *text;
    unsigned long long textpage, box_fn, obj_fn, gen_fn, origin_fn;
    if (!PyArg_ParseTuple(args, "UKKKKK", &text, &textpage, &box_fn, &obj_fn, &gen_fn, &origin_fn))
        return NULL;
    if (!textpage || !box_fn || !obj_fn || !gen_fn || !origin_fn) {
        PyErr_SetString(PyExc_ValueError, "null text page or pdfium function");
        return NULL;
    }
    GetLooseCharBoxFn get_box = (GetLooseCharBoxFn)(uintptr_t)box_fn;
    GetTextObjectFn get_obj = (GetTextObjectFn)(uintptr_t)obj_fn;
    IsGeneratedFn is_generated = (IsGeneratedFn)(uintptr_t)gen_fn;
    GetCharOriginFn get_origin = (GetCharOriginFn)(uintptr_t)origin_fn;
    void *tp = (void *)(uintptr_t)textpage;

    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (n > INT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "text too long");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);

    Py_ssize_t words = 0;
    for (Py_ssize_t i = 0; i < n;) { /* count first: one allocation */
        if (!in_word(PyUnicode_READ(kind, data, i))) {
            i++;
            continue;
        }
        words++;
        while (i < n && in_word(PyUnicode_READ(kind, data, i)))
            i++;
    }
    PyObject *out = PyBytes_FromStringAndSize(NULL, words * (Py_ssize_t)sizeof(Record));
    if (out == NULL)
        return NULL;
    Record *rec = (Record *)PyBytes_AS_STRING(out);
    memset(rec, 0, words * sizeof(Record));

    Py_ssize_t i = 0;
    /* The previous word's end and last glyph's box, for the kern-space test. */
    Py_ssize_t prev_end = -2;
    RectF prev = {0, 0, 0, 0};
    Py_BEGIN_ALLOW_THREADS
    while (i < n) {
        if (!in_word(PyUnicode_READ(kind, data, i))) {
            i++;
            continue;
        }
        Py_ssize_t start = i;
        while (i < n && in_word(PyUnicode_READ(kind, data, i)))
            i++;
        rec->start = (int32_t)start;
        rec->end = (int32_t)i;
        rec->flags = 1;
        RectF first, last;
        int after_space = start == prev_end + 1 && PyUnicode_READ(kind, data, start - 1) == ' ';
        prev_end = -2;
        if (get_box(tp, (int)start, &first)) {
            int one_span = 1;
            last = first;
            prev_end = i;
            if (i - start > 1) {
                /* As the Python loop tests it, NaN included. */
                int last_ok = get_box(tp, (int)(i - 1), &last);
                if (!last_ok)
                    prev_end = -2;
                one_span = last_ok && last.top == first.top && last.bottom == first.bottom &&
                           !(last.left < first.left);
            }
            float hair = GAP_SHARE * (first.top - first.bottom);
            void *obj = one_span ? get_obj(tp, (int)start) : NULL;
            /* A gap of character spacing comes with a change of Tc, so of text object:
             * only a word of several objects can hide one (the split measures gaps
             * inside one object against the word's letter spacing). */
            if (obj != NULL && i - start > 1 && (i - start > 2 || last.left - first.right > hair) &&
                get_obj(tp, (int)(i - 1)) != obj) {
                /* Gaps from the furthest right any earlier glyph reaches: both halves of
                 * a ligature get the ligature's box. Any glyph: loose boxes of one font
                 * differ in height ("i", "f"). */
                float reach = first.right;
                RectF box;
                for (Py_ssize_t k = start + 1; k < i && obj != NULL; k++) {
                    if (k == i - 1)
                        box = last;
                    else if (!get_box(tp, (int)k, &box))
                        continue;
                    if (box.left - reach > hair)
                        obj = NULL;
                    if (box.right > reach)
                        reach = box.right;
                }
            }
            if (obj != NULL) {
                rec->flags = 0;
                double ox, oy;
                if (after_space && prev.top == first.top && prev.bottom == first.bottom &&
                    first.left - prev.right <= hair && get_origin(tp, (int)start, &ox, &oy) &&
                    ox - prev.right <= hair && ox - prev.right >= -hair && !is_generated(tp, (int)(start - 1)) &&
                    get_obj(tp, (int)(start - 1)) == obj && get_obj(tp, (int)(start - 2)) == obj)
                    rec->flags = 2;
                rec->left = first.left;
                rec->top = first.top;
                rec->right = last.right;
                rec->bottom = first.bottom;
                rec->obj = (uint64_t)(uintptr_t)obj;
            }
            prev = last;
        }
        rec++;
    }
    Py_END_ALLOW_THREADS
    return out;
}

static PyMethodDef methods[] = {
    {"word_boxes", word_boxes, METH_VARARGS,
     "word_boxes(text, textpage, FPDFText_GetLooseCharBox, FPDFText_GetTextObject, FPDFText_IsGenerated,"
     " FPDFText_GetCharOrigin)"
     " -> bytes\n\n"
     "The words of a text page's text, with boxes and text objects; see the module source."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_pdfium_words", "The per-word pdfium calls of textlayer.py, from C.", -1, methods,
};

PyMODINIT_FUNC PyInit__pdfium_words(void) { return PyModule_Create(&module); }
