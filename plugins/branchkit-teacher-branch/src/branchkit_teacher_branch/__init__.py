"""branchkit-teacher-branch: a teachers' party branch, 云溪学院信息工程学院教师第一党支部.

The branch is invented; it shows a framework built from branchkit's mechanisms and from a few
functions of its own. It registers as the plugin ``teacher-branch`` and contributes the
framework of the same key: the pioneer posts (党员先锋岗) with their duties and yearly review,
the monthly theme days (主题党日) with make-up sessions (补学), and the double-leader secretary
(双带头人), aligned to the "七个有力" standard of branchkit-cpc.

>>> from branchkit_teacher_branch import MAKEUP_WINDOW
>>> MAKEUP_WINDOW.days
30
"""

from __future__ import annotations

from branchkit_teacher_branch.attendance import MAKEUP_WINDOW

__version__ = "0.1.0"
__all__ = ["MAKEUP_WINDOW"]
