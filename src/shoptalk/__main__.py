"""`python -m shoptalk` is the `shoptalk` command."""

from shoptalk.cli import main

main()
