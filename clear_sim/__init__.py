"""clear-sim: a terminal training simulator for the CLEAR method of complaint handling."""

__version__ = "0.1.0"
