"""hello: a small HTTP service."""
