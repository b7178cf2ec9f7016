-- The event console's PostgreSQL role: it reads every table, and of the events it may change only what a
-- replay or a requeue changes (status, enqueued_at). Run as the owner of the runtime's schema, after the
-- runtime migrated it, then give the role a password (ALTER ROLE hookwarden_console PASSWORD '...') and
-- put its jdbc-url, username and password in the Secret the chart's console.databases[].secretName names.
CREATE ROLE hookwarden_console LOGIN;
GRANT USAGE ON SCHEMA public TO hookwarden_console;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO hookwarden_console;
-- Tables later migrations create, as long as the same owner runs them.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO hookwarden_console;
GRANT UPDATE (status, enqueued_at) ON events TO hookwarden_console;
