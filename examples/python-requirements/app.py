import os

import psycopg2
from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/")
def index():
    return jsonify(message="hello from Flask", libpq=psycopg2.__libpq_version__)


@app.get("/healthz")
def healthz():
    return "ok"


@app.get("/db")
def db():
    with psycopg2.connect(os.environ["DATABASE_URL"]) as conn, conn.cursor() as cur:
        cur.execute("select version()")
        return jsonify(version=cur.fetchone()[0])
