"""Write the synthetic candidates of the seed branch's example: candidates.csv.

Thirty activists in three classes of the School of Finance, with the facts the
"3434+积分制" scheme reads. Every name and number is made up from a fixed seed, so running
this again writes the same file: ``python make_candidates.py``. The example workbook
(``make_workbook.py``) holds them too, as :func:`typed_rows` gives them.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

HERE = Path(__file__).parent
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏"
CLASSES = ("金融2001班", "金融2002班", "财富管理2001班")
MEMBERS = ("T1001", "T1002", "T1003", "T1004", "T1005", "T1006")
HEADINGS = (
    "学号", "姓名", "阶段", "班级", "出生日期", "申请日期", "谈话日期", "推荐推优",
    "确定积极分子日期", "培养联系人", "思想汇报次数", "不及格课程门数", "主题党日参加次数",
    "三财素养评价分", "课业平均分", "评议赞成数", "评议人数",
)  # fmt: skip


def rows(seed: int = 2022) -> list[list[object]]:
    """The candidates, one row each, in the order of HEADINGS."""
    rng = random.Random(seed)
    table: list[list[object]] = []
    names: set[str] = set()
    for index in range(30):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        while name in names:
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        names.add(name)
        birth = dt.date(2001, 1, 1) + dt.timedelta(days=rng.randrange(900))
        applied = dt.date(2020, 9, 10) + dt.timedelta(days=rng.randrange(120))
        talk = applied + dt.timedelta(days=rng.randrange(7, 28))
        activist = applied + dt.timedelta(days=rng.randrange(100, 330))
        contacts = rng.sample(MEMBERS, 1 if index % 7 else 2)
        table.append(
            [
                f"2020{index + 1:04d}",
                name,
                "入党积极分子",
                CLASSES[index % 3],
                birth.isoformat(),
                applied.isoformat(),
                talk.isoformat(),
                "是" if index % 11 else "否",
                activist.isoformat(),
                "；".join(contacts),
                rng.choice((3, 4, 4, 5, 6)),
                0 if index % 9 else 1,
                rng.randrange(2, 9),
                f"{rng.randrange(700, 990) / 10:.1f}",
                f"{rng.randrange(650, 960) / 10:.1f}",
                rng.randrange(24, 31),
                30,
            ]
        )
    return table


def typed_rows(seed: int = 2022) -> list[list[object]]:
    """The candidates as a spreadsheet user types them: dates as dates, scores as numbers."""
    table = []
    for row in rows(seed):
        cells = list(row)
        for column in (4, 5, 6, 8):
            cells[column] = dt.date.fromisoformat(str(cells[column]))
        cells[13], cells[14] = float(str(cells[13])), float(str(cells[14]))
        table.append(cells)
    return table


def main() -> None:
    """Write candidates.csv."""
    with (HERE / "candidates.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADINGS)
        writer.writerows(rows())


if __name__ == "__main__":
    main()
