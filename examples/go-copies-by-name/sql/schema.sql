-- Loaded by the database container (docker-entrypoint-initdb.d), not by the server.
CREATE TABLE visits (id serial PRIMARY KEY);
