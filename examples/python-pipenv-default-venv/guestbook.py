"""A guestbook that keeps its entries in memory."""

from flask import Flask, jsonify, request

app = Flask(__name__)
entries: list[str] = []


@app.get("/")
def index():
    return jsonify(service="guestbook", entries=len(entries))


@app.post("/sign")
def sign():
    entries.append(request.get_data(as_text=True)[:200])
    return jsonify(entries=len(entries)), 201
