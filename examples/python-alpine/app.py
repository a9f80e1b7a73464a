import psycopg2


def app(environ, start_response):
    body = f"hello from alpine, libpq {psycopg2.__libpq_version__}\n".encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
