"""`python -m bitgoeul` is the `bitgoeul` command."""

from bitgoeul.cli import main

main()
