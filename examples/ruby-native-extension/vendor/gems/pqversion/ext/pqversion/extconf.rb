require "mkmf"

dir_config("pq", `pg_config --includedir`.strip, `pg_config --libdir`.strip) if find_executable("pg_config")
abort "libpq-fe.h is missing" unless have_header("libpq-fe.h") || find_header("libpq-fe.h", "/usr/include/postgresql")
abort "libpq is missing" unless have_library("pq", "PQlibVersion")
create_makefile("pqversion/pqversion")
