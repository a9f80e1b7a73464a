import os

import ldap
from celery import Celery

app = Celery("tasks", broker=os.environ.get("BROKER_URL", "redis://redis:6379/0"))


@app.task
def lookup(uid):
    conn = ldap.initialize(os.environ.get("LDAP_URL", "ldap://ldap"))
    return conn.search_s("ou=people,dc=example,dc=org", ldap.SCOPE_SUBTREE, f"(uid={uid})")
