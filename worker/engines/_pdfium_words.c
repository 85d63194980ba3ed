/*
 * The per-word pdfium calls of worker/engines/textlayer.py, made from C (and its per-glyph
 * and per-text-object ones: glyph_boxes, object_props); and the walk
 * over a page's objects that worker/engines/covered_text.py makes on every page to find
 * text painted over by an opaque box (covering_fills).
 *
 * Reading a page's text layer asks pdfium, for every word, for the loose boxes of its
 * first and last characters and for the text objects that draw them: about four calls a
 * word, 1200 a page (and every glyph's box for a word of several objects). Through ctypes each call costs more than pdfium's own work, and they
 * were a third of the text layer's time. Here the same calls are made in one loop.
 *
 * The caller passes the pdfium functions as addresses (pypdfium2 loads pdfium; this
 * module links against nothing) and the text page as an address. pdfium_chars.py keeps
 * ctypes twins of these loops for installs without compiled code; tests compare the two.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
 * space (LibreOffice's "Summary for"). And the space itself must advance the pen by no
 * more than that share (origin to origin): a glyph whose box overhangs its advance (an
 * "f" in macOS Quartz's Word text, 0.1 em past its pen) nearly touches the next word
 * over a real space that moves the pen 0.2 em ("of 0.57", not "of0.57"). Not after a
 * ligature (the last two characters before the space share one box): there the space's
 * origin falls inside the ligature, whose advance pdfium shares among its letters, and
 * the box test alone stands ("fi ve" is "five"). */
#define GAP_SHARE 0.1f
/* Condensed print (letters drawn overlapping, by kerns in the string) has word gaps of
 * 0.06-0.12 em that pdfium makes no space of, in one text object: a word of three
 * glyphs or more whose last glyph overlaps the one before by over this share of the
 * box's height has all its gaps looked at, and one over this share sends it to the
 * split (1), which measures it against the word's letter spacing. Elsewhere a word's
 * glyphs are not looked at one by one (the last pair costs one box a word). */
#define TIGHT_SHARE 0.03f
/* A word whose first and last glyphs have the very box of the character before it (not
 * one pdfium generated, and a box of some width) is more text of the one glyph that drew
 * that character: a glyph whose ToUnicode maps it to several words. Icon fonts do that
 * (a phone glyph read as "\U0001F4DE +33", an envelope as "\u2709 sav@example.net"), and
 * the page draws the phrase again in letters, or, where the font's map was made for
 * another use of the glyph, shows nothing of it. Such a word is marked (ONE_GLYPH) and
 * left out: the icon's own character, before the space, stays. A ligature's letters
 * share a box too, but never one with a space or any character outside the word. */
#define ONE_GLYPH 4

/* One record per word, as struct format "=iiiffffxxxxQ": start, end (code point
 * indices into the text, end exclusive), flags, the first character's left, top and
 * bottom with the last character's right, and the text object. flags is 0 when the word
 * is one span; 1 when it must be split glyph by glyph (a box is missing, its last
 * character sits on another baseline or left of its first, or it has no text object),
 * and then the other fields are not set; ONE_GLYPH (4, the other fields not set) when it
 * is not shown. */
typedef struct {
    int32_t start, end, flags;
    float left, top, right, bottom;
    int32_t pad;
    uint64_t obj;
} Record;

/* pdfium_chars.py's _WORD_RE, "[^\s\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]+": sre's
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
            if (one_span && start > 0 && first.left < first.right && last.left == first.left &&
                last.top == first.top && last.right == first.right && last.bottom == first.bottom) {
                RectF before;
                if (get_box(tp, (int)(start - 1), &before) && before.left == first.left && before.top == first.top &&
                    before.right == first.right && before.bottom == first.bottom && !is_generated(tp, (int)(start - 1))) {
                    rec->flags = ONE_GLYPH;
                    prev = last;
                    rec++;
                    continue;
                }
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
            if (obj != NULL && i - start > 2) {
                RectF pen; /* the glyph before the last */
                float tight = TIGHT_SHARE * (first.top - first.bottom);
                if (get_box(tp, (int)(i - 2), &pen) && last.left - pen.right < -tight) {
                    float reach = first.right;
                    RectF box;
                    for (Py_ssize_t k = start + 1; k < i; k++) {
                        if (k == i - 1)
                            box = last;
                        else if (k == i - 2)
                            box = pen;
                        else if (!get_box(tp, (int)k, &box))
                            continue;
                        if (box.left - reach > tight) {
                            obj = NULL;
                            break;
                        }
                        if (box.right > reach)
                            reach = box.right;
                    }
                }
            }
            if (obj != NULL) {
                rec->flags = 0;
                double ox, oy;
                if (after_space && prev.top == first.top && prev.bottom == first.bottom &&
                    first.left - prev.right <= hair && get_origin(tp, (int)start, &ox, &oy) &&
                    ox - prev.right <= hair && ox - prev.right >= -hair && !is_generated(tp, (int)(start - 1)) &&
                    get_obj(tp, (int)(start - 1)) == obj && get_obj(tp, (int)(start - 2)) == obj) {
                    double sx, sy;
                    RectF lig;
                    if (!get_origin(tp, (int)(start - 1), &sx, &sy) || ox - sx <= hair ||
                        (start >= 3 && get_box(tp, (int)(start - 3), &lig) && lig.left == prev.left &&
                         lig.right == prev.right && lig.top == prev.top && lig.bottom == prev.bottom))
                        rec->flags = 2;
                }
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

/* One record per glyph of characters [start, end) that has a loose box, as struct format
 * "=iffffxxxxQ": index, left, top, right, bottom, text object (0 for none). What the
 * glyph-by-glyph split (glyph_split.py's _pieces) reads of each glyph: two pdfium calls a
 * glyph through ctypes were most of its time on pages that draw words in several text
 * objects (LibreOffice's kerned text: a third of a page's glyphs). */
typedef struct {
    int32_t index;
    float left, top, right, bottom;
    int32_t pad;
    uint64_t obj;
} GlyphRecord;

static PyObject *glyph_boxes(PyObject *self, PyObject *args) {
    unsigned long long textpage, box_fn, obj_fn;
    int start, end;
    if (!PyArg_ParseTuple(args, "KiiKK", &textpage, &start, &end, &box_fn, &obj_fn))
        return NULL;
    if (!textpage || !box_fn || !obj_fn) {
        PyErr_SetString(PyExc_ValueError, "null text page or pdfium function");
        return NULL;
    }
    if (start < 0 || end < start) {
        PyErr_SetString(PyExc_ValueError, "bad character range");
        return NULL;
    }
    GetLooseCharBoxFn get_box = (GetLooseCharBoxFn)(uintptr_t)box_fn;
    GetTextObjectFn get_obj = (GetTextObjectFn)(uintptr_t)obj_fn;
    void *tp = (void *)(uintptr_t)textpage;
    PyObject *out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(end - start) * (Py_ssize_t)sizeof(GlyphRecord));
    if (out == NULL)
        return NULL;
    GlyphRecord *rec = (GlyphRecord *)PyBytes_AS_STRING(out);
    Py_ssize_t used = 0;
    for (int i = start; i < end; i++) {
        RectF box;
        if (!get_box(tp, i, &box))
            continue;
        rec[used] = (GlyphRecord){i, box.left, box.top, box.right, box.bottom, 0, (uint64_t)(uintptr_t)get_obj(tp, i)};
        used++;
    }
    if (used < end - start && _PyBytes_Resize(&out, used * (Py_ssize_t)sizeof(GlyphRecord)) < 0)
        return NULL;
    return out;
}

typedef double (*GetFontSizeFn)(void *textpage, int index);
typedef int (*GetMatrixFn)(void *textpage, int index, float *matrix); /* FS_MATRIX: a b c d e f */
typedef void *(*TextObjGetFontFn)(void *obj);
typedef int (*TextObjRenderModeFn)(void *obj);

/* What the text layer's font reading (text_fonts.py) asks pdfium of a text object, through
 * its character ``index``: (font size, matrix found, a, b, c, d, font, render mode); the
 * font and mode 0 where ``obj`` is 0. Generated pages draw a text object per line or less
 * (reportlab: one per string), and four ctypes calls each were a fifth of their text
 * layer's time. */
static PyObject *object_props(PyObject *self, PyObject *args) {
    unsigned long long textpage, obj, size_fn, matrix_fn, font_fn, mode_fn;
    int index;
    if (!PyArg_ParseTuple(args, "KiKKKKK", &textpage, &index, &obj, &size_fn, &matrix_fn, &font_fn, &mode_fn))
        return NULL;
    if (!textpage || !size_fn || !matrix_fn || !font_fn || !mode_fn) {
        PyErr_SetString(PyExc_ValueError, "null text page or pdfium function");
        return NULL;
    }
    void *tp = (void *)(uintptr_t)textpage;
    void *object = (void *)(uintptr_t)obj;
    double size = ((GetFontSizeFn)(uintptr_t)size_fn)(tp, index);
    float m[6] = {0, 0, 0, 0, 0, 0};
    int found = ((GetMatrixFn)(uintptr_t)matrix_fn)(tp, index, m) != 0;
    void *font = object ? ((TextObjGetFontFn)(uintptr_t)font_fn)(object) : NULL;
    int mode = object ? ((TextObjRenderModeFn)(uintptr_t)mode_fn)(object) : 0;
    return Py_BuildValue("(dOddddKi)", size, found ? Py_True : Py_False, (double)m[0], (double)m[1], (double)m[2],
                         (double)m[3], (unsigned long long)(uintptr_t)font, mode);
}

typedef int (*CountObjectsFn)(void *page);
typedef void *(*GetObjectFn)(void *page, int index);
typedef int (*GetTypeFn)(void *obj);
typedef int (*GetDrawModeFn)(void *obj, int *fillmode, int *stroke);
typedef int (*GetFillColorFn)(void *obj, unsigned int *r, unsigned int *g, unsigned int *b, unsigned int *a);
typedef int (*GetBoundsFn)(void *obj, float *left, float *bottom, float *right, float *top);
typedef int (*HasTransparencyFn)(void *obj);
typedef int (*CountSegmentsFn)(void *obj);
typedef void *(*GetSegmentFn)(void *obj, int index);
typedef int (*SegmentTypeFn)(void *segment);
typedef int (*FormCountFn)(void *form);
typedef void *(*FormObjectFn)(void *form, unsigned long index);
typedef int (*ObjMatrixFn)(void *obj, float *matrix); /* FS_MATRIX: a b c d e f */

/* pdfium's FPDF_PAGEOBJ_* and FPDF_SEGMENT_BEZIERTO. */
#define OBJ_TEXT 1
#define OBJ_PATH 2
#define OBJ_FORM 5
#define SEGMENT_BEZIERTO 1
/* covered_text.py's _MAX_OBJECTS: a page of more objects is not searched. */
#define MAX_OBJECTS 20000
/* covered_text.py's _MAX_DEPTH: a form XObject nested deeper is read as one object. */
#define MAX_DEPTH 8
/* A fill narrower or lower than this (pt) covers no line of text: a rule. */
#define MIN_COVER 4.0f

/* One record per object, as struct format "=iiffff": kind (1 text, 2 fill, 5 form),
 * place in the page's drawing order, left, bottom, right, top (page space). The drawing
 * order runs through form XObjects: their objects are numbered where the form is drawn
 * (a flattened form field's background box over the page's print, the field's value
 * over the box), and only a form nested past MAX_DEPTH stands as one object (5). The
 * opaque boxes drawn after text come first, then the text (and form) objects that reach
 * into one of them; nothing when there is no such box. */
typedef struct {
    int32_t kind, index;
    float left, bottom, right, top;
} ObjRecord;

/* An object of the page's drawing order, with the matrix from its space to the page's. */
typedef struct {
    void *obj;
    int kind;
    double m[6]; /* in doubles, as covered_text.py composes them: both walks give the same boxes */
} Leaf;

typedef struct {
    CountObjectsFn count_objects;
    GetObjectFn get_object;
    GetTypeFn get_type;
    GetDrawModeFn draw_mode;
    GetFillColorFn fill_color;
    GetBoundsFn get_bounds;
    HasTransparencyFn transparent;
    CountSegmentsFn count_segments;
    GetSegmentFn get_segment;
    SegmentTypeFn segment_type;
    FormCountFn form_count;
    FormObjectFn form_object;
    ObjMatrixFn obj_matrix;
    Leaf *leaves;
    int used, room, too_many;
} Walk;

/* Whether a path object is an opaque filled rectangle: filled, its fill colour opaque,
 * no transparency, four or five straight segments. */
static int opaque_box(Walk *w, void *obj) {
    int fill = 0, stroke = 0;
    unsigned int r, g, b, a = 0;
    if (!w->draw_mode(obj, &fill, &stroke) || !fill || !w->fill_color(obj, &r, &g, &b, &a) || a != 255 ||
        w->transparent(obj))
        return 0;
    int n = w->count_segments(obj);
    if (n < 4 || n > 5)
        return 0;
    for (int k = 0; k < n; k++) {
        void *seg = w->get_segment(obj, k);
        if (seg == NULL || w->segment_type(seg) == SEGMENT_BEZIERTO)
            return 0;
    }
    return 1;
}

/* ``a`` then ``b`` (PDF's row-vector order), into ``out``. */
static void times(const double *a, const double *b, double *out) {
    double r[6] = {a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2],
                  a[2] * b[1] + a[3] * b[3], a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]};
    memcpy(out, r, sizeof r);
}

static void add_leaf(Walk *w, void *obj, int kind, const double *m) {
    if (w->used >= MAX_OBJECTS) {
        w->too_many = 1;
        return;
    }
    if (w->used == w->room) {
        int room = w->room ? 2 * w->room : 256;
        Leaf *grown = realloc(w->leaves, (size_t)room * sizeof(Leaf));
        if (grown == NULL) {
            w->too_many = 1;
            return;
        }
        w->leaves = grown;
        w->room = room;
    }
    Leaf *leaf = &w->leaves[w->used++];
    leaf->obj = obj;
    leaf->kind = kind;
    memcpy(leaf->m, m, sizeof leaf->m);
}

/* The objects of a form XObject, in drawing order, into the walk (covered_text.py's _walk). */
static void walk_form(Walk *w, void *form, const double *m, int depth) {
    int n = w->form_count(form);
    for (int i = 0; i < n && !w->too_many; i++) {
        void *obj = w->form_object(form, (unsigned long)i);
        int kind = obj ? w->get_type(obj) : 0;
        float f[6];
        if (kind == OBJ_FORM && depth < MAX_DEPTH && w->obj_matrix(obj, f)) {
            double fm[6] = {f[0], f[1], f[2], f[3], f[4], f[5]};
            times(fm, m, fm);
            walk_form(w, obj, fm, depth + 1);
        } else {
            add_leaf(w, obj, kind, m);
        }
    }
}

/* An object's bounds in page space: its own bounds' corners through its matrix. */
static int page_bounds(Walk *w, const Leaf *leaf, float *l, float *b, float *r, float *t) {
    float x0, y0, x1, y1;
    if (!w->get_bounds(leaf->obj, &x0, &y0, &x1, &y1))
        return 0;
    const double *m = leaf->m;
    double xs[4], ys[4];
    double px[4] = {x0, x0, x1, x1}, py[4] = {y0, y1, y0, y1};
    for (int k = 0; k < 4; k++) {
        xs[k] = px[k] * m[0] + py[k] * m[2] + m[4];
        ys[k] = px[k] * m[1] + py[k] * m[3] + m[5];
    }
    double lo = xs[0], hi = xs[0], bo = ys[0], to = ys[0];
    for (int k = 1; k < 4; k++) {
        lo = xs[k] < lo ? xs[k] : lo;
        hi = xs[k] > hi ? xs[k] : hi;
        bo = ys[k] < bo ? ys[k] : bo;
        to = ys[k] > to ? ys[k] : to;
    }
    *l = (float)lo;
    *b = (float)bo;
    *r = (float)hi;
    *t = (float)to;
    return 1;
}

static PyObject *covering_fills(PyObject *self, PyObject *args) {
    unsigned long long page, fns[13];
    if (!PyArg_ParseTuple(args, "KKKKKKKKKKKKKK", &page, &fns[0], &fns[1], &fns[2], &fns[3], &fns[4], &fns[5],
                          &fns[6], &fns[7], &fns[8], &fns[9], &fns[10], &fns[11], &fns[12]))
        return NULL;
    int null = !page;
    for (int k = 0; k < 13; k++)
        null = null || !fns[k];
    if (null) {
        PyErr_SetString(PyExc_ValueError, "null page or pdfium function");
        return NULL;
    }
    void *pg = (void *)(uintptr_t)page;
    Walk w = {
        (CountObjectsFn)(uintptr_t)fns[0],  (GetObjectFn)(uintptr_t)fns[1],      (GetTypeFn)(uintptr_t)fns[2],
        (GetDrawModeFn)(uintptr_t)fns[3],   (GetFillColorFn)(uintptr_t)fns[4],   (GetBoundsFn)(uintptr_t)fns[5],
        (HasTransparencyFn)(uintptr_t)fns[6], (CountSegmentsFn)(uintptr_t)fns[7], (GetSegmentFn)(uintptr_t)fns[8],
        (SegmentTypeFn)(uintptr_t)fns[9],   (FormCountFn)(uintptr_t)fns[10],     (FormObjectFn)(uintptr_t)fns[11],
        (ObjMatrixFn)(uintptr_t)fns[12],    NULL,                                0,
        0,                                  0,
    };
    static const double identity[6] = {1, 0, 0, 1, 0, 0};
    Py_ssize_t fills = 0, kept = 0;
    Py_BEGIN_ALLOW_THREADS
    int n = w.count_objects(pg);
    if (n > MAX_OBJECTS)
        w.too_many = 1;
    for (int i = 0; i < n && !w.too_many; i++) { /* the page's drawing order, through its forms */
        void *obj = w.get_object(pg, i);
        int kind = obj ? w.get_type(obj) : 0;
        float f[6];
        if (kind == OBJ_FORM && w.obj_matrix(obj, f)) {
            double fm[6] = {f[0], f[1], f[2], f[3], f[4], f[5]};
            times(fm, identity, fm); /* as covered_text.py composes it */
            walk_form(&w, obj, fm, 1);
        } else {
            add_leaf(&w, obj, kind, identity);
        }
    }
    int text_seen = 0;
    for (int i = 0; i < w.used && !w.too_many; i++) { /* is any opaque box drawn after text? */
        Leaf *leaf = &w.leaves[i];
        float l, b, r, t;
        if (leaf->kind == OBJ_TEXT || leaf->kind == OBJ_FORM) {
            text_seen = 1;
            kept++;
        } else if (leaf->kind == OBJ_PATH && text_seen && opaque_box(&w, leaf->obj) &&
                   page_bounds(&w, leaf, &l, &b, &r, &t) && r - l >= MIN_COVER && t - b >= MIN_COVER) {
            fills++;
        }
    }
    Py_END_ALLOW_THREADS
    if (!fills) { /* most pages: nothing drawn over their text */
        free(w.leaves);
        return PyBytes_FromStringAndSize(NULL, 0);
    }
    PyObject *out = PyBytes_FromStringAndSize(NULL, (fills + kept) * (Py_ssize_t)sizeof(ObjRecord));
    if (out == NULL) {
        free(w.leaves);
        return NULL;
    }
    ObjRecord *rec = (ObjRecord *)PyBytes_AS_STRING(out);
    Py_ssize_t room = fills + kept, used = 0;
    Py_BEGIN_ALLOW_THREADS
    int text_seen = 0;
    for (int i = 0; i < w.used && used < fills; i++) { /* the boxes, first */
        Leaf *leaf = &w.leaves[i];
        float l, b, r, t;
        if (leaf->kind == OBJ_TEXT || leaf->kind == OBJ_FORM) {
            text_seen = 1;
        } else if (leaf->kind == OBJ_PATH && text_seen && opaque_box(&w, leaf->obj) &&
                   page_bounds(&w, leaf, &l, &b, &r, &t) && r - l >= MIN_COVER && t - b >= MIN_COVER) {
            rec[used] = (ObjRecord){2, i, l, b, r, t};
            used++;
        }
    }
    Py_ssize_t boxes = used;
    /* Then the text and form objects that reach into a box: only they can draw a span
     * it covers, and a page drawn glyph by glyph has thousands of others. */
    for (int i = 0; i < w.used && used < room; i++) {
        Leaf *leaf = &w.leaves[i];
        float l, b, r, t;
        if ((leaf->kind != OBJ_TEXT && leaf->kind != OBJ_FORM) || !page_bounds(&w, leaf, &l, &b, &r, &t))
            continue;
        for (Py_ssize_t k = 0; k < boxes; k++) {
            if (l <= rec[k].right && rec[k].left <= r && b <= rec[k].top && rec[k].bottom <= t) {
                rec[used] = (ObjRecord){leaf->kind, i, l, b, r, t};
                used++;
                break;
            }
        }
    }
    Py_END_ALLOW_THREADS
    free(w.leaves);
    if (used < room && _PyBytes_Resize(&out, used * (Py_ssize_t)sizeof(ObjRecord)) < 0)
        return NULL;
    return out;
}

static PyMethodDef methods[] = {
    {"word_boxes", word_boxes, METH_VARARGS,
     "word_boxes(text, textpage, FPDFText_GetLooseCharBox, FPDFText_GetTextObject, FPDFText_IsGenerated,"
     " FPDFText_GetCharOrigin)"
     " -> bytes\n\n"
     "The words of a text page's text, with boxes and text objects; see the module source."},
    {"glyph_boxes", glyph_boxes, METH_VARARGS,
     "glyph_boxes(textpage, start, end, FPDFText_GetLooseCharBox, FPDFText_GetTextObject) -> bytes\n\n"
     "The loose box and text object of each character in [start, end) that has a box; see the module source."},
    {"object_props", object_props, METH_VARARGS,
     "object_props(textpage, index, obj, FPDFText_GetFontSize, FPDFText_GetMatrix, FPDFTextObj_GetFont,"
     " FPDFTextObj_GetTextRenderMode) -> (size, matrix found, a, b, c, d, font, render mode)\n\n"
     "A text object's font size, matrix, font and render mode, through its character index; see the module source."},
    {"covering_fills", covering_fills, METH_VARARGS,
     "covering_fills(page, FPDFPage_CountObjects, FPDFPage_GetObject, FPDFPageObj_GetType, FPDFPath_GetDrawMode,"
     " FPDFPageObj_GetFillColor, FPDFPageObj_GetBounds, FPDFPageObj_HasTransparency, FPDFPath_CountSegments,"
     " FPDFPath_GetPathSegment, FPDFPathSegment_GetType, FPDFFormObj_CountObjects, FPDFFormObj_GetObject,"
     " FPDFPageObj_GetMatrix) -> bytes\n\n"
     "The page's text objects and the opaque boxes filled after text, through its form XObjects, where there"
     " are such boxes;"
     " see covered_text.py."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_pdfium_words", "The per-word pdfium calls of textlayer.py, from C.", -1, methods,
};

PyMODINIT_FUNC PyInit__pdfium_words(void) { return PyModule_Create(&module); }
