"""untracked stock and images

A variant without a stock count has untracked inventory (docs/design.md §5), so `variants.stock`
becomes nullable; products and variants may carry an image URL.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 10:12:41.532118
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("image_url", sa.Text(), nullable=True))

    with op.batch_alter_table("variants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("image_url", sa.Text(), nullable=True))
        batch_op.alter_column("stock", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    """Untracked stock has no count to go back to: it becomes 0 (not orderable) on downgrade."""
    op.execute(sa.text("UPDATE variants SET stock = 0 WHERE stock IS NULL"))
    with op.batch_alter_table("variants", schema=None) as batch_op:
        batch_op.alter_column("stock", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("image_url")

    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("image_url")
