import MySQLdb
from fastapi import FastAPI

app = FastAPI()


@app.get("/")
def index():
    return {"message": "inventory", "mysqlclient": MySQLdb.version_info[:3]}
