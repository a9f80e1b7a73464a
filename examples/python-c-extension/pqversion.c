/* A C extension compiled from source against libpq (its headers come with the full python
 * image): the module needs libpq.so.5 at run time, which python:3.11-slim lacks. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <libpq-fe.h>

static PyObject *version(PyObject *self, PyObject *args) {
    return PyLong_FromLong(PQlibVersion());
}

static PyMethodDef methods[] = {
    {"version", version, METH_NOARGS, "The version of the libpq the module is linked with."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "pqversion", NULL, -1, methods};

PyMODINIT_FUNC PyInit_pqversion(void) { return PyModule_Create(&module); }
