-- Database-wide rules, run once by init.sh before the service roles exist.
-- psql variable: dbname.

-- Only roles granted CONNECT (the service roles) may connect; nobody but the superuser creates schemas.
REVOKE ALL ON DATABASE :"dbname" FROM PUBLIC;
-- The public schema stays empty: every table lives in its service's schema.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
