import gettext
import json
import os
import pathlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCALE_DIR = pathlib.Path(__file__).parent / "locale"
DATA_DIR = pathlib.Path(os.environ.get("NOTES_DATA", pathlib.Path.home() / "data"))


def translate(lang):
    return gettext.translation("notes", LOCALE_DIR, languages=[lang], fallback=True).gettext


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        _ = translate(os.environ.get("NOTES_LANG", "de"))
        notes = sorted(p.name for p in DATA_DIR.glob("*.txt"))
        body = json.dumps(
            {
                "greeting": _("Welcome to the notes service"),
                "notes": notes,
                "data_dir_writable": os.access(DATA_DIR, os.W_OK),
                "user": os.environ.get("USER") or os.getuid(),
            },
            sort_keys=True,
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main():
    port = int(os.environ.get("PORT", "8080"))
    ThreadingHTTPServer(("0.0.0.0", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
