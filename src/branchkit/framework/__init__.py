"""Frameworks: a branch's areas and practices, described as data."""

from branchkit.framework.model import Area, Framework, Practice

__all__ = ["Area", "Framework", "Practice"]
