-- A new cluster's database `commerce`: one schema per app, owned by that app's role, as
-- deploy/postgres/sql/{database,service-role}.sql make it under docker compose. The roles are created
-- here without a password; the Cluster's `managed.roles` then lets them log in with the password of their
-- Secret (db-iam, db-case-svc, ...), which is never written into a manifest.

-- Only roles granted CONNECT (the app roles) may connect; nobody but the superuser creates schemas.
REVOKE ALL ON DATABASE commerce FROM PUBLIC;
-- The public schema stays empty: every table lives in its app's schema.
REVOKE ALL ON SCHEMA public FROM PUBLIC;

CREATE ROLE iam NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT;
GRANT CONNECT ON DATABASE commerce TO iam;
CREATE SCHEMA iam AUTHORIZATION iam;
ALTER ROLE iam IN DATABASE commerce SET search_path = iam;
ALTER ROLE iam IN DATABASE commerce SET plan_cache_mode = force_custom_plan;
ALTER ROLE iam IN DATABASE commerce SET work_mem = '16MB';
ALTER ROLE iam IN DATABASE commerce SET jit = off;

CREATE ROLE case_svc NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT;
GRANT CONNECT ON DATABASE commerce TO case_svc;
CREATE SCHEMA case_svc AUTHORIZATION case_svc;
ALTER ROLE case_svc IN DATABASE commerce SET search_path = case_svc;
ALTER ROLE case_svc IN DATABASE commerce SET plan_cache_mode = force_custom_plan;
ALTER ROLE case_svc IN DATABASE commerce SET work_mem = '16MB';
ALTER ROLE case_svc IN DATABASE commerce SET jit = off;

CREATE ROLE investment_svc NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT;
GRANT CONNECT ON DATABASE commerce TO investment_svc;
CREATE SCHEMA investment_svc AUTHORIZATION investment_svc;
ALTER ROLE investment_svc IN DATABASE commerce SET search_path = investment_svc;
ALTER ROLE investment_svc IN DATABASE commerce SET plan_cache_mode = force_custom_plan;
ALTER ROLE investment_svc IN DATABASE commerce SET work_mem = '16MB';
ALTER ROLE investment_svc IN DATABASE commerce SET jit = off;

CREATE ROLE trade_svc NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT;
GRANT CONNECT ON DATABASE commerce TO trade_svc;
CREATE SCHEMA trade_svc AUTHORIZATION trade_svc;
ALTER ROLE trade_svc IN DATABASE commerce SET search_path = trade_svc;
ALTER ROLE trade_svc IN DATABASE commerce SET plan_cache_mode = force_custom_plan;
ALTER ROLE trade_svc IN DATABASE commerce SET work_mem = '16MB';
ALTER ROLE trade_svc IN DATABASE commerce SET jit = off;
