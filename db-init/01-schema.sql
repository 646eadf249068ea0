-- The tutorial's schema and seed, run once on an empty datadir by the image's entrypoint
-- (/docker-entrypoint-initdb.d). Valid on MySQL 9.7 and MariaDB 11.8.
-- The name simplerr_schema is fixed here; DB_NAME in .env must match it.
CREATE DATABASE IF NOT EXISTS simplerr_schema DEFAULT CHARACTER SET utf8mb4;
USE simplerr_schema;

CREATE TABLE person (
  id INT NOT NULL AUTO_INCREMENT,
  firstname VARCHAR(100) NOT NULL,
  surname VARCHAR(100) NOT NULL,
  PRIMARY KEY (id)
) ENGINE = InnoDB;

-- In this order: GET /person/first is John Bob.
INSERT INTO person (id, firstname, surname) VALUES
  (1, 'John', 'Bob'),
  (2, 'Jane', 'Bob'),
  (3, 'Michael', 'Clark');

-- POST /person with an Idempotency-Key: the person and the key are committed in one transaction,
-- so a repeated key finds the first result (request_hash: SHA-256 of the body) instead of a duplicate.
-- Keys are opaque: compared byte for byte (ascii_bin, the same on MySQL and MariaDB), never by a
-- case-insensitive default collation. A key is kept IDEMPOTENCY_KEY_TTL_S (24 h), then deleted by the app.
CREATE TABLE idempotency_key (
  idem_key VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  request_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  person_id INT NOT NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (idem_key),
  KEY idempotency_key_created_at (created_at)
) ENGINE = InnoDB;
