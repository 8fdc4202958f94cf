# Alembic's env.py for the W5 benchmark: the "generic" template's online
# mode, plus PRAGMA foreign_keys=ON on every SQLite connection (the setting
# every variant of the benchmark runs with; W5_FOREIGN_KEYS=OFF only for
# the one reference run that shows what the cascade costs).
import os

from alembic import context
from sqlalchemy import create_engine, event

url = context.config.get_main_option("sqlalchemy.url")
engine = create_engine(url)

if engine.dialect.name == "sqlite":
    @event.listens_for(engine, "connect")
    def _foreign_keys_on(dbapi_connection, connection_record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=%s" % os.environ.get("W5_FOREIGN_KEYS", "ON"))
        cursor.close()

with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
