"""catalog revisions

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 20:51:13.429759
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), server_default="0", nullable=False))

    with op.batch_alter_table("store", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("catalog_id", sa.String(length=32), server_default="", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("store", schema=None) as batch_op:
        batch_op.drop_column("catalog_id")

    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("revision")
