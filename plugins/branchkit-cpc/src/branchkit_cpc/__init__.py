"""branchkit-cpc: the national rules shared by every Chinese college party branch."""

__version__ = "0.1.0"
