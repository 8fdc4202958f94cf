"""W5 in batch mode, with the view dropped and recreated by hand

Revision ID: w5
"""
import sqlalchemy as sa
from alembic import op

revision = "w5"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.execute("DROP VIEW item_priced")
    with op.batch_alter_table("item") as batch_op:
        batch_op.alter_column("name", new_column_name="label",
                              existing_type=sa.Text(), existing_nullable=False)
        batch_op.alter_column("qty", type_=sa.BigInteger(),
                              existing_type=sa.Integer(), existing_nullable=False)
        batch_op.drop_column("note")
        batch_op.add_column(sa.Column("status", sa.Text(), nullable=False,
                                      server_default="new"))
    op.execute("CREATE VIEW item_priced AS "
               "SELECT id, label, price FROM item WHERE price IS NOT NULL")
