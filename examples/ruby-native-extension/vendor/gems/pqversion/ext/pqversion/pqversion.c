#include <ruby.h>
#include <libpq-fe.h>

/* PQversion.libpq: the libpq version the extension runs with, e.g. 150013. */
static VALUE libpq_version(VALUE self) { return INT2NUM(PQlibVersion()); }

void Init_pqversion(void) {
  VALUE mod = rb_define_module("PQversion");
  rb_define_module_function(mod, "libpq", libpq_version, 0);
}
