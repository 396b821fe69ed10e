-- One service's login role and the schema it owns; run by init.sh once per service.
-- psql variables: dbname, role, schema, password_file (the Docker secret holding the role's password).

-- psql strips the trailing newline of the file, so `echo secret > file` and `printf secret > file` agree.
\set password `cat :'password_file'`
SELECT length(:'password') >= 16 AS password_strong \gset
\if :password_strong
\else
  \warn 'refusing a password of fewer than 16 characters from' :password_file
  DO $$ BEGIN RAISE EXCEPTION 'service role password too short'; END $$;
\endif

CREATE ROLE :"role" LOGIN PASSWORD :'password'
  NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT;
\unset password

-- CONNECT only: without CREATE on the database a service cannot add schemas beside its own,
-- and with no grant on the other schemas it can neither see nor touch another service's tables.
GRANT CONNECT ON DATABASE :"dbname" TO :"role";
CREATE SCHEMA :"schema" AUTHORIZATION :"role";
ALTER ROLE :"role" IN DATABASE :"dbname" SET search_path = :"schema";
-- Every statement planned for its actual values (see platform_core.db). The apps also ask for it when they
-- connect directly; behind PgBouncer in transaction mode they cannot (it refuses that startup parameter),
-- so the role carries it.
ALTER ROLE :"role" IN DATABASE :"dbname" SET plan_cache_mode = force_custom_plan;
-- Room to group a province's statistics in memory (platform_core.settings.DatabasePoolSettings.work_mem).
ALTER ROLE :"role" IN DATABASE :"dbname" SET work_mem = '16MB';
-- No JIT compiling of statements the planner costs high: it costs more than it saves for these queries.
ALTER ROLE :"role" IN DATABASE :"dbname" SET jit = off;
