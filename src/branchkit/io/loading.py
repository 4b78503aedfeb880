"""Loading files and folders of records: read, structure by section, check across records.

Problems are reported against the file they are in, even for the checks that need the whole
folder (an event in ``events.toml`` naming a person missing from ``people.toml``).

The rows of child sections (``role_spans``, ``memberships``: see :mod:`branchkit.io.nesting`)
are added to the records they name once every file is read, wherever those records were
given; what is loaded then no longer has the child sections, only the records they filled.
"""

from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Iterable, Mapping
from pathlib import Path as FilePath
from types import MappingProxyType
from typing import Any, get_args, get_type_hints

import attrs
import cattrs

from branchkit.errors import InputError, Path, Problem
from branchkit.framework.indicators import IndicatorSpec
from branchkit.framework.model import Framework
from branchkit.framework.standard import Alignment, Standard
from branchkit.io.converter import make_converter
from branchkit.io.documents import (
    Document,
    Importer,
    Section,
    StructuredDocument,
    structure_document,
)
from branchkit.io.nesting import Parent, join_children, shape_at, type_at
from branchkit.io.readers import CORE_IMPORTERS
from branchkit.io.tables import TABLE_IMPORTERS
from branchkit.mechanisms.checklists.model import Checklist, ItemTransition
from branchkit.mechanisms.contacts.assistance import AssistanceCase, AssistancePlan, FollowUp
from branchkit.mechanisms.contacts.network import Assignment, Tier
from branchkit.mechanisms.obligations.model import Obligation, Outcome
from branchkit.mechanisms.pairing.model import PairingScheme, PairRule, Preference, Profile
from branchkit.mechanisms.rubrics.model import Assessment, Rubric
from branchkit.mechanisms.staging.candidates import Candidate
from branchkit.mechanisms.staging.scheme import Scheme
from branchkit.mechanisms.targets.model import Target
from branchkit.records.dataset import Dataset, dataset_problems
from branchkit.records.labels import Label
from branchkit.records.people import Membership, RoleSpan

__all__ = [
    "CORE_SECTIONS",
    "DATASET_SECTIONS",
    "Loaded",
    "find_importer",
    "load",
    "load_file",
    "shared_converter",
]

#: The sections that make up a :class:`~branchkit.records.Dataset`, one per field.
DATASET_SECTIONS: tuple[str, ...] = tuple(field.name for field in attrs.fields(Dataset))


# Each core section's label, other names and column headings, for files and sheets named in
# Chinese and tables with Chinese headings. A field inside a field has its dotted path
# (label.zh, counts.person_times: see branchkit.io.nesting); a person's roles and memberships,
# lists of records, are the child sections role_spans and memberships, whose rows name the
# person in the column "person".
_CORE_NAMES: dict[str, tuple[Label, tuple[str, ...], dict[str, tuple[str, ...]]]] = {
    "framework": (Label(zh="框架", en="Framework"), (), {}),
    "people": (
        Label(zh="人员", en="People"),
        ("人员名单",),
        {
            "id": ("学号", "工号", "编号", "人员编号"),
            "name": ("姓名",),
            "birth_date": ("出生日期",),
            "id_number": ("身份证号",),
        },
    ),
    "units": (
        Label(zh="单位", en="Units"),
        ("组织",),
        {
            "id": ("编号", "单位编号"),
            "kind": ("类型",),
            "name": ("名称",),
            "parent": ("上级", "上级单位"),
            "start": ("开始日期",),
            "end": ("结束日期",),
        },
    ),
    "periods": (
        Label(zh="时段", en="Periods"),
        ("期间",),
        {"key": ("编号",), "kind": ("类型",), "start": ("开始日期",), "end": ("结束日期",)},
    ),
    "events": (
        Label(zh="活动", en="Events"),
        ("活动记录",),
        {
            "id": ("编号", "活动编号"),
            "kind": ("类型", "活动类型"),
            "date": ("日期",),
            "end_date": ("结束日期",),
            "title": ("标题", "名称"),
            "participants": ("参与人", "参加人员"),
            "units": ("单位", "涉及单位"),
            "partners": ("合作单位",),
            "audience": ("对象", "服务对象"),
            "counts.person_times": ("人次",),
            "counts.questionnaires": ("问卷数",),
        },
    ),
    "evidence": (
        Label(zh="佐证", en="Evidence"),
        ("佐证材料",),
        {
            "id": ("编号", "佐证编号"),
            "kind": ("类型",),
            "date": ("日期",),
            "reference": ("出处", "文号", "存放位置"),
            "count": ("数量",),
            "persons": ("人员", "相关人员"),
            "units": ("单位", "涉及单位"),
            "note": ("备注",),
        },
    ),
    "terms": (
        Label(zh="术语", en="Terms"),
        ("词表",),
        {
            "vocabulary": ("词表",),
            "key": ("代码", "编号"),
            "label.zh": ("中文名称",),
            "label.en": ("英文名称",),
            "description.zh": ("中文说明",),
            "description.en": ("英文说明",),
        },
    ),
    "role_spans": (
        Label(zh="人员角色", en="Person roles"),
        ("人员职务",),
        {
            "person": ("人员编号", "学号", "工号"),
            "role": ("角色", "职务"),
            "start": ("开始日期",),
            "end": ("结束日期",),
        },
    ),
    "memberships": (
        Label(zh="人员所属单位", en="Memberships"),
        ("所属单位",),
        {
            "person": ("人员编号", "学号", "工号"),
            "unit": ("单位", "单位编号"),
            "start": ("开始日期",),
            "end": ("结束日期",),
        },
    ),
    "schemes": (Label(zh="分阶段方案", en="Staged schemes"), ("方案",), {}),
    "candidates": (Label(zh="候选人", en="Candidates"), (), {}),
    "tiers": (Label(zh="联系层级", en="Contact tiers"), (), {}),
    "plans": (Label(zh="帮扶计划", en="Assistance plans"), (), {}),
    "assignments": (
        Label(zh="联系分工", en="Contact assignments"),
        ("联系安排",),
        {
            "tier": ("层级", "联系层级"),
            "holder": ("联系人", "联系人编号"),
            "target": ("联系对象", "联系对象编号"),
            "start": ("开始日期",),
            "end": ("结束日期",),
        },
    ),
    "cases": (
        Label(zh="帮扶对象", en="Assistance cases"),
        ("帮扶记录",),
        {
            "id": ("编号", "帮扶编号"),
            "category": ("帮扶类别", "类别"),
            "person": ("学生", "帮扶对象编号", "学号"),
            "units": ("单位", "所在单位"),
            "holder": ("责任人", "帮扶责任人"),
            "opened": ("开始日期", "建档日期"),
            "closed": ("结束日期", "结案日期"),
            "plan": ("帮扶措施",),
            "outcome": ("帮扶成效",),
            "services": ("服务内容",),
        },
    ),
    "pairings": (Label(zh="结对方案", en="Pairing schemes"), (), {}),
    "obligations": (Label(zh="常规任务", en="Obligations"), (), {}),
    "profiles": (
        Label(zh="教师档案", en="Profiles"),
        ("结对档案",),
        {
            "person": ("工号", "人员编号", "编号"),
            "department": ("部门", "教研室"),
            "subjects": ("任教课程", "学科"),
            "slots": ("空闲时间",),
            "tags": ("标签", "研究方向"),
            "teaching_since": ("从教日期", "参加工作日期"),
            "capacity": ("指导名额",),
        },
    ),
    "pair_rules": (
        Label(zh="结对", en="Pairs"),
        ("结对名单",),
        {
            "scheme": ("方案", "结对方案"),
            "mentor": ("指导教师", "导师"),
            "mentee": ("青年教师", "被指导人"),
            "kind": ("类型",),
            "start": ("开始日期",),
            "end": ("结束日期",),
            "note": ("备注",),
        },
    ),
    "preferences": (
        Label(zh="结对志愿", en="Preferences"),
        (),
        {"scheme": ("方案", "结对方案"), "person": ("工号", "人员"), "ranking": ("志愿",)},
    ),
    "outcomes": (
        Label(zh="成果", en="Outcomes"),
        ("成果记录",),
        {
            "id": ("编号", "成果编号"),
            "kind": ("类型", "成果类型"),
            "title": ("名称", "成果名称"),
            "date": ("日期", "获得日期"),
            "level": ("级别",),
            "rank": ("等次", "等级"),
            "persons": ("人员", "获得者", "完成人"),
            "teams": ("团队",),
            "count": ("人次", "数量"),
            "note": ("备注",),
        },
    ),
    "rubrics": (Label(zh="评价量表", en="Rubrics"), (), {}),
    "checklists": (Label(zh="清单", en="Checklists"), ("责任清单",), {}),
    "targets": (Label(zh="目标", en="Targets"), (), {}),
    "indicators": (Label(zh="指标", en="Indicators"), (), {}),
    "standards": (Label(zh="评价标准", en="Standards"), (), {}),
    "alignments": (Label(zh="指标对应", en="Alignments"), (), {}),
    "item_transitions": (
        Label(zh="清单事项办理", en="Item transitions"),
        ("事项办理",),
        {
            "checklist": ("清单",),
            "version": ("版本",),
            "item": ("事项",),
            "holder": ("责任人", "工号"),
            "action": ("操作",),
            "date": ("日期",),
            "period": ("期间",),
            "by": ("办理人", "审核人"),
            "note": ("备注",),
        },
    ),
    "assessments": (
        Label(zh="素养评价", en="Assessments"),
        ("评价记录",),
        {
            "rubric": ("评价方案", "量表"),
            "person": ("学号", "人员编号"),
            "competency": ("素养",),
            "carrier": ("载体",),
            "score": ("得分", "分数"),
            "level": ("等级",),
            "date": ("日期", "评价日期"),
            "assessor": ("评价人",),
            "evidence": ("佐证",),
            "note": ("备注",),
        },
    ),
    "follow_ups": (
        Label(zh="帮扶跟进", en="Follow-ups"),
        ("跟进记录",),
        {
            "case": ("帮扶编号",),
            "date": ("日期", "跟进日期"),
            "by": ("跟进人",),
            "note": ("跟进情况",),
        },
    ),
}


def _core_sections() -> dict[str, Section]:
    hints = get_type_hints(Dataset)
    types = {
        "framework": Framework,
        "schemes": Scheme,
        "candidates": Candidate,
        "tiers": Tier,
        "plans": AssistancePlan,
        "assignments": Assignment,
        "cases": AssistanceCase,
        "follow_ups": FollowUp,
        "pairings": PairingScheme,
        "obligations": Obligation,
        "profiles": Profile,
        "pair_rules": PairRule,
        "preferences": Preference,
        "outcomes": Outcome,
        "rubrics": Rubric,
        "assessments": Assessment,
        "checklists": Checklist,
        "item_transitions": ItemTransition,
        "targets": Target,
        "indicators": IndicatorSpec,
        "standards": Standard,
        "alignments": Alignment,
        "role_spans": RoleSpan,
        "memberships": Membership,
    } | {
        # Each Dataset field is a tuple of one record type: that type is the section's.
        name: get_args(hints[name])[0]
        for name in DATASET_SECTIONS
    }
    return {
        key: Section(
            key=key,
            record_type=record_type,
            many=key != "framework",
            label=_CORE_NAMES[key][0],
            aliases=_CORE_NAMES[key][1],
            headers=_CORE_NAMES[key][2],
            # Candidates' facts are typed by the scheme that ranks them, known only then.
            deferred=key == "candidates",
            parent=_PARENTS.get(key),
        )
        for key, record_type in types.items()
    }


# The child sections: a person's roles and memberships as rows naming the person.
_PARENTS = {
    "role_spans": Parent(section="people", field="roles", column="person"),
    "memberships": Parent(section="people", field="memberships", column="person"),
}


#: The sections core provides (through its built-in plugin): the framework and the records,
#: with Chinese names and column headings (``人员``/``人员名单``; ``学号`` for ``id``), and the
#: child sections ``role_spans`` (``人员角色``) and ``memberships`` (``人员所属单位``), whose
#: rows give people's roles and memberships in tables (see :mod:`branchkit.io.nesting`).
CORE_SECTIONS: Mapping[str, Section] = MappingProxyType(_core_sections())


@attrs.frozen(kw_only=True, unsafe_hash=False)
class Loaded:
    """What a file or folder holds, structured and checked.

    :param sources: the files read, in order.
    :param framework: the framework a file describes, if one does.
    :param dataset: the records of every file together.
    :param sections: every section's records by key, plugin sections included; a section of
        one record has one entry per file that gives it, and so has a deferred section (such
        as ``candidates``), whose entries are the parts of the documents that give it. Child
        sections (``role_spans``) are not among them: their rows are in the records they name.
    """

    sources: tuple[str, ...]
    framework: Framework | None
    dataset: Dataset
    sections: Mapping[str, tuple[Any, ...]]


def find_importer(path: FilePath, importers: Iterable[Importer]) -> Importer | None:
    """The importer that reads files named like ``path``, if any."""
    name = path.name.lower()
    for importer in importers:
        if any(name.endswith(suffix) for suffix in importer.suffixes):
            return importer
    return None


def _files(path: FilePath, importers: tuple[Importer, ...]) -> list[FilePath]:
    if path.is_dir():
        return sorted(
            child
            for child in path.iterdir()
            if child.is_file()
            # "~$name.xlsx" is the lock file Excel and WPS keep beside a workbook they have open.
            and not child.name.startswith("~$")
            and find_importer(child, importers) is not None
        )
    return [path]


def _read(path: FilePath, importers: tuple[Importer, ...]) -> Document:
    if not path.exists():
        raise InputError([Problem(source=str(path), message="no such file or folder")])
    importer = find_importer(path, importers)
    if importer is None:
        known = ", ".join(sorted(s for i in importers for s in i.suffixes))
        raise InputError(
            [Problem(source=str(path), message=f"no importer reads this file; known: {known}")]
        )
    document = importer.read(path)
    if not isinstance(document.content, Mapping):
        raise InputError(
            [Problem(source=document.source, message="the top level must be a table of sections")]
        )
    return document


def load(
    path: FilePath,
    *,
    importers: Iterable[Importer],
    sections: Mapping[str, Section],
    converter: cattrs.Converter,
    text_converter: cattrs.Converter | None = None,
    vocabulary: Mapping[str, frozenset[str]] | None = None,
) -> Loaded:
    """Read a file, or every readable file of a folder, and structure and check it.

    Problems are told in each file's own words: its section names and headings, and the rows
    and columns of a table.

    :param path: a file, or a folder whose files (not sub-folders) are read in name order.
    :param importers: the readers to choose from by file name.
    :param sections: the sections known, by key.
    :param converter: the converter to structure with.
    :param text_converter: the converter to structure tables of cells (CSV, Excel) with;
        ``make_converter(text_values=True)`` if not given.
    :param vocabulary: known keys per vocabulary for the cross-record checks, if any.
    :raises InputError: with every problem of every file.
    :raises ValueError: when a child section's parent is not among ``sections`` as a section
        of many records with a list of the child's records.
    """
    readers = tuple(importers)
    parents = _parents(sections)
    problems: list[Problem] = []
    # For each section, which file each stretch of records came from, so that a problem found
    # in the merged records is reported against its own file and index.
    origins: dict[str, list[tuple[str, int]]] = {}
    collected: dict[str, list[Any]] = {}
    frameworks: list[tuple[str, Framework]] = []
    sources: list[str] = []
    documents: dict[str, StructuredDocument] = {}
    files = _files(path, readers)
    if not files:
        raise InputError([Problem(source=str(path), message="the folder has no readable file")])
    for file in files:
        try:
            document = _read(file, readers)
            structured = structure_document(
                document, sections, converter, text_converter=text_converter
            )
        except InputError as error:
            problems.extend(error.problems)
            continue
        sources.append(document.source)
        documents[document.source] = structured
        for key, value in structured.sections.items():
            if key == "framework":
                frameworks.append((document.source, value))
                continue
            records = value if sections[key].many and not sections[key].deferred else (value,)
            origins.setdefault(key, []).append((document.source, len(records)))
            collected.setdefault(key, []).extend(records)
    for source, _ in frameworks[1:]:
        problems.append(
            Problem(
                source=source,
                path=("framework",),
                message=f"a second framework; {frameworks[0][0]} already has one",
            )
        )
    structured_cleanly = not problems
    joined = join_children(collected, parents)

    def locate(relative: Path, message: str) -> Problem:
        origin, local = _origin(joined.relocate(relative), origins)
        if origin in documents:
            return documents[origin].problem(local, message)
        return Problem(source=origin, path=local, message=message)

    if structured_cleanly:
        problems.extend(locate(path, message) for path, message in joined.problems)
    records = joined.records
    dataset = Dataset(
        **{key: tuple(records.get(key, ())) for key in DATASET_SECTIONS if key in sections}
    )
    if structured_cleanly:

        def first_at(section: str, first: int, duplicate: int) -> str:
            first_source, first_path = _origin((section, first), origins)
            place = f"index {first_path[1]}"
            if first_source in documents:
                original = documents[first_source].original_path(first_path)
                place = documents[first_source].document.locate(original) or place
            if first_source == _origin((section, duplicate), origins)[0]:
                return f"first at {place}"
            return f"first in {first_source} at {place}"

        problems.extend(
            locate(relative, message)
            for relative, message in dataset_problems(dataset, vocabulary, first_at)
        )
    if problems:
        raise InputError(problems)
    return Loaded(
        sources=tuple(sources),
        framework=frameworks[0][1] if frameworks else None,
        dataset=dataset,
        sections={key: tuple(values) for key, values in sorted(records.items())},
    )


def _parents(sections: Mapping[str, Section]) -> dict[str, Parent]:
    """Each child section's parent, by the child's key, checked against the sections known.

    :raises ValueError: for a child section whose parent is no section of many records read at
        once, or has no list of the child's records by the field named.
    """
    parents: dict[str, Parent] = {}
    for key, section in sections.items():
        parent = section.parent
        if parent is None:
            continue
        owner = sections.get(parent.section)
        if owner is None or not owner.many or owner.deferred or owner.parent is not None:
            raise ValueError(
                f"section {key}: its parent {parent.section} is no section of many records"
            )
        field_type = type_at(owner.record_type, parent.field)
        if shape_at(owner.record_type, parent.field) != "records" or section.record_type not in (
            get_args(field_type) or ()
        ):
            raise ValueError(
                f"section {key}: {owner.record_type.__name__}.{parent.field} is no list of "
                f"{section.record_type.__name__}"
            )
        if type_at(owner.record_type, parent.key) is None:
            raise ValueError(f"section {key}: {owner.record_type.__name__} has no {parent.key}")
        parents[key] = parent
    return parents


def load_file(path: str | os.PathLike[str]) -> Loaded:
    """Read one file (or folder) with core's importers and sections, without plugins.

    Core's importers are :data:`~branchkit.io.readers.CORE_IMPORTERS` and
    :data:`~branchkit.io.tables.TABLE_IMPORTERS`.

    Plugins use it to load the TOML files they ship (a framework, vocabulary terms); the
    cross-record checks run, the vocabulary checks do not.

    :raises InputError: with every problem found.
    """
    return load(
        FilePath(path),
        importers=(*CORE_IMPORTERS, *TABLE_IMPORTERS),
        sections=CORE_SECTIONS,
        converter=shared_converter(text_values=False),
        text_converter=shared_converter(text_values=True),
    )


@functools.cache
def shared_converter(*, text_values: bool) -> cattrs.Converter:
    """The converter files are read with, one of each kind per process.

    :func:`load_file` and :meth:`~branchkit.plugins.host.Host.load` read with it. A converter
    writes the structuring code of each record class the first time it meets it; a fresh one
    per file would write it all again for every file. Register no hook on it: it must stay as
    :func:`make_converter` built it (take a fresh one from :func:`make_converter` to add
    hooks).

    :param text_values: the converter for table cells (CSV, Excel).
    """
    return make_converter(text_values=text_values)


def _origin(path: Path, origins: Mapping[str, list[tuple[str, int]]]) -> tuple[str | None, Path]:
    section, index, *rest = path
    if not isinstance(section, str) or not isinstance(index, int) or section not in origins:
        return None, path
    offsets = itertools.accumulate(count for _, count in origins[section])
    start = 0
    for (source, _), end in zip(origins[section], offsets, strict=True):
        if index < end:
            return source, (section, index - start, *rest)
        start = end
    return None, path
