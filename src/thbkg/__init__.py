"""thbkg: an open knowledge graph of how a country fights trafficking in human beings."""

__version__ = "0.1.0"
