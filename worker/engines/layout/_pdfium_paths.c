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

#define PATH_OBJECT 2 /* FPDF_PAGEOBJ_PATH */
#define FORM_OBJECT 5 /* FPDF_PAGEOBJ_FORM: a form XObject, whose paths the caller reads */

/* One record per path or form object with bounds, as struct format "=Qffffi4x": the
 * object, its left, bottom, right and top in PDF user space, and its type. */
typedef struct {
    uint64_t obj;
    float left, bottom, right, top;
    int32_t type;
    int32_t pad;
} Record;

static PyObject *path_bounds(PyObject *self, PyObject *args) {
    unsigned long long page, get_object_fn, get_type_fn, get_bounds_fn;
    int count, max_paths;
    if (!PyArg_ParseTuple(args, "KiiKKK", &page, &count, &max_paths, &get_object_fn, &get_type_fn,
                          &get_bounds_fn))
        return NULL;
    if (!page || !get_object_fn || !get_type_fn || !get_bounds_fn) {
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
    void *pg = (void *)(uintptr_t)page;

    Record *recs = PyMem_Malloc((size_t)(max_paths ? max_paths : 1) * sizeof(Record));
    if (recs == NULL)
        return PyErr_NoMemory();
    Py_ssize_t n = 0;
    int paths = 0;
    Py_BEGIN_ALLOW_THREADS
    for (int i = 0; i < count; i++) {
        void *obj = get_object(pg, i);
        if (obj == NULL)
            continue;
        int type = get_type(obj);
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
        r->pad = 0;
        n++;
    }
    Py_END_ALLOW_THREADS
    PyObject *out = PyBytes_FromStringAndSize((const char *)recs, n * (Py_ssize_t)sizeof(Record));
    PyMem_Free(recs);
    return out;
}

static PyMethodDef methods[] = {
    {"path_bounds", path_bounds, METH_VARARGS,
     "path_bounds(page, count, max_paths, FPDFPage_GetObject, FPDFPageObj_GetType, FPDFPageObj_GetBounds)"
     " -> bytes\n\nThe path and form objects among a page's first count objects, with bounds; see the module"
     " source."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_pdfium_paths", "The page-object walk of textlayer.py's rules, from C.", -1, methods,
};

PyMODINIT_FUNC PyInit__pdfium_paths(void) { return PyModule_Create(&module); }
