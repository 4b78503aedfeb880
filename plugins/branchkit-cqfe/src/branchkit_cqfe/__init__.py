"""branchkit-cqfe: the seed branch's framework, practices and vocabulary."""

__version__ = "0.1.0"
