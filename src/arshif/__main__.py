"""`python -m arshif` runs the same command line as `arshif`."""

from arshif.cli import main

main()
