"""W5: qty to BIGINT, drop note, add status, rename name (batch mode)

Revision ID: w5
"""
import sqlalchemy as sa
from alembic import op

revision = "w5"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("item") as batch_op:
        batch_op.alter_column("name", new_column_name="label",
                              existing_type=sa.Text(), existing_nullable=False)
        batch_op.alter_column("qty", type_=sa.BigInteger(),
                              existing_type=sa.Integer(), existing_nullable=False)
        batch_op.drop_column("note")
        batch_op.add_column(sa.Column("status", sa.Text(), nullable=False,
                                      server_default="new"))
