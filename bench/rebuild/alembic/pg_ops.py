"""W5 on PostgreSQL: add status, qty to BIGINT, rename name, created NOT NULL

Revision ID: w5
"""
import sqlalchemy as sa
from alembic import op

revision = "w5"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("item", sa.Column("status", sa.Text(), nullable=False,
                                    server_default="new"))
    op.alter_column("item", "qty", type_=sa.BigInteger(),
                    existing_type=sa.Integer(), existing_nullable=False)
    op.alter_column("item", "name", new_column_name="label")
    op.alter_column("item", "created", nullable=False,
                    existing_type=sa.TIMESTAMP(timezone=True))
