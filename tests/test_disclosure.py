"""One disclosure for every output: sensitive values never leak, in any format, without a role."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branchkit import make_converter
from branchkit.io.pseudonyms import Pseudonymiser
from branchkit.mechanisms.contacts import (
    Assignment,
    AssistanceCase,
    AssistancePlan,
    FollowUp,
    Tier,
    evaluate_network,
    summarise_cases,
)
from branchkit.mechanisms.staging import Duration
from branchkit.records import Label, Membership, Person, RoleSpan, Unit
from branchkit.records.privacy import REDACTED, PrivacyPolicy, Viewer
from branchkit.report import tables
from branchkit.report.contacts import ContactsReport
from branchkit.report.disclosure import Disclosure

DAY = dt.date(2022, 6, 30)
PLANS = (
    AssistancePlan(key="economic", label=Label(zh="经济困难", en="economic hardship")),
    AssistancePlan(
        key="psychological",
        label=Label(zh="心理障碍", en="psychological barriers"),
        follow_up_every=Duration(days=14),
    ),
)
TIERS = (
    Tier(key="dorms", label=Label(zh="支委联系寝室", en="dorms"), holder_role="committee_member",
         unit_kind="dorm", max_per_holder=2),
    Tier(key="students", label=Label(zh="党员联系学生", en="students"), holder_role="full_member",
         person_role="student"),
)  # fmt: skip
UNITS = tuple(Unit(id=f"d{n}", kind="dorm", name=f"1-10{n}") for n in range(4))
POLICY = PrivacyPolicy(sensitive_roles=frozenset({"counsellor"}), k=3)
COUNSELLOR = Viewer(name="李老师", roles=frozenset({"counsellor"}))
CONVERTER = make_converter()


Branch = tuple[
    tuple[Person, ...], tuple[AssistanceCase, ...], tuple[FollowUp, ...], tuple[Assignment, ...]
]


def marker(field: str, index: int) -> str:
    return f"MARK{field}{index}X"


@st.composite
def branches(
    draw: st.DrawFn,
) -> Branch:
    count = draw(st.integers(1, 8))
    people = [
        Person(
            id=f"S{n}",
            name=f"学生{n}",
            roles=(RoleSpan(role="student"),),
            memberships=(Membership(unit=f"d{n % 4}"),),
            id_number=marker("idnumber", n),
        )
        for n in range(count)
    ]
    people.append(
        Person(
            id="T1",
            name="王老师",
            roles=(RoleSpan(role="committee_member"), RoleSpan(role="full_member")),
            id_number=marker("idnumber", 99),
        )
    )
    helped = draw(st.lists(st.integers(0, count - 1), min_size=1, max_size=count))
    cases = tuple(
        AssistanceCase(
            id=f"a{i}",
            category=draw(st.sampled_from(["economic", "psychological"])),
            person=f"S{n}",
            units=(f"d{n % 4}",),
            holder="T1",
            opened=dt.date(2021, 10, 1),
            plan=marker("plan", i),
            outcome=marker("outcome", i),
            services=("career_planning",),
        )
        for i, n in enumerate(helped)
    )
    notes = tuple(
        FollowUp(case=case.id, date=dt.date(2022, 3, 1), by="T1", note=marker("note", i))
        for i, case in enumerate(cases)
        if draw(st.booleans())
    )
    ties = tuple(
        Assignment(tier=tier, holder="T1", target=target)
        for tier, target in draw(
            st.lists(
                st.tuples(st.just("dorms"), st.sampled_from([u.id for u in UNITS]))
                | st.tuples(st.just("students"), st.sampled_from([p.id for p in people])),
                max_size=6,
            )
        )
    )
    return tuple(people), cases, notes, ties


def outputs(report: ContactsReport) -> str:
    """Every format the report is written in, as one text to search."""
    written = [report.to_json(CONVERTER)]
    for language in ("zh", "en"):
        parts = report.tables(language)
        written.extend(tables.text_table(part.rows) for part in parts)
        written.extend(tables.to_csv(part.rows) for part in parts)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "report.xlsx"
            tables.write_xlsx_sheets([(part.key, part.rows) for part in parts], path)
            book = openpyxl.load_workbook(path)
            written.extend(
                str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row
            )
    return "\n".join(written)


def make_report(
    branch: Branch,
    disclosure: Disclosure,
) -> ContactsReport:
    people, cases, notes, ties = branch
    network = evaluate_network(TIERS, ties, people=people, units=UNITS, as_of=DAY)
    summary = summarise_cases(cases, notes, units=UNITS, plans=PLANS, as_of=DAY)
    return ContactsReport(
        framework="demo",
        tiers=TIERS,
        plans=PLANS,
        network=network,
        cases=summary,
        case_list=cases,
        people={p.id: p for p in people},
        units={u.id: u for u in UNITS},
        disclosure=disclosure,
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(branches())
def test_no_sensitive_value_reaches_any_output_without_the_role(
    branch: Branch,
) -> None:
    for disclosure in (
        Disclosure(),
        Disclosure(policy=POLICY),
        Disclosure(policy=POLICY, viewer=Viewer(roles=frozenset({"secretary"}))),
        Disclosure(policy=POLICY, pseudonymiser=Pseudonymiser(key=b"k" * 32)),
    ):
        report = make_report(branch, disclosure)
        assert "MARK" not in outputs(report)
        # Nor is anyone listed as helped: being on the list is itself sensitive.
        assert json.loads(report.to_json(CONVERTER))["case_list"] == []


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(branches())
def test_the_role_that_may_see_them_sees_them(
    branch: Branch,
) -> None:
    _, cases, _, _ = branch
    text = outputs(make_report(branch, Disclosure(policy=POLICY, viewer=COUNSELLOR)))
    for index in range(len(cases)):
        assert marker("plan", index) in text
        assert marker("outcome", index) in text


def test_small_groups_and_pseudonyms() -> None:
    case = AssistanceCase(
        id="a1", category="economic", person="S1", holder="T1", opened=dt.date(2021, 10, 1)
    )
    shown = Disclosure(policy=POLICY, pseudonymiser=Pseudonymiser(key=b"k" * 32))
    assert shown.count(2) == "<3"
    assert shown.count(3) == 3
    assert shown.count(0) == 0
    assert str(shown.value(case, "person")).startswith("p-")
    assert shown.value(case, "category") == REDACTED
    person = Person(id="S1", name="张伟")
    # With pseudonyms, a name would undo them: it is left out even for a counsellor.
    counsellor = Disclosure(
        policy=POLICY, viewer=COUNSELLOR, pseudonymiser=Pseudonymiser(key=b"k" * 32)
    )
    assert counsellor.value(person, "name") == REDACTED
    assert counsellor.data(Person, CONVERTER.unstructure(person))["name"] == REDACTED
    assert counsellor.value(case, "category") == "economic"


def test_identifiers_outside_records_follow_the_policy_for_personal_fields() -> None:
    hidden = Disclosure(policy=PrivacyPolicy(personal_roles=frozenset({"secretary"})))
    assert hidden.identifier("S1") == REDACTED
    secretary = Viewer(roles=frozenset({"secretary"}))
    assert Disclosure(policy=hidden.policy, viewer=secretary).identifier("S1") == "S1"
    assert Disclosure().identifier("S1") == "S1"


# --- people named in text written without the disclosure (a plugin's report section) --------

PEOPLE = (
    Person(id="2021001", name="王芳"),
    Person(id="2021002", name="王芳芳"),
    Person(id="T-07", name="李"),
)
PSEUDONYMS = Disclosure(pseudonymiser=Pseudonymiser(key=b"k" * 32))


def test_people_in_text_shown_as_the_output_shows_them() -> None:
    hidden = PSEUDONYMS.people_in_text(PEOPLE)
    pseudonym = Pseudonymiser(key=b"k" * 32).pseudonym
    assert hidden("王芳芳、王芳 与 李老师：2021001, 2021002; T-07") == (
        f"{REDACTED}、{REDACTED} 与 {REDACTED}老师：{pseudonym('2021001')}, "
        f"{pseudonym('2021002')}; {pseudonym('T-07')}"
    )
    # An identifier inside a longer one is another identifier, not this person's.
    assert hidden("20210010 x2021001 2021001-2 T-070") == "20210010 x2021001 2021001-2 T-070"
    # A viewer the policy does not let see personal fields gets neither ids nor names.
    private = Disclosure(policy=PrivacyPolicy(personal_roles=frozenset()))
    assert private.people_in_text(PEOPLE)("王芳 2021001") == f"{REDACTED} {REDACTED}"
    # Shown as it is where identifiers and names may be shown.
    assert Disclosure().people_in_text(PEOPLE)("王芳 2021001") == "王芳 2021001"
    assert PSEUDONYMS.people_in_text(())("王芳 2021001") == "王芳 2021001"


identifiers = st.text(alphabet="0123456789AB", min_size=3, max_size=8)


@settings(max_examples=50)
@given(
    ids=st.lists(identifiers, min_size=1, max_size=5, unique=True),
    glue=st.lists(st.sampled_from([" ", "、", ",", "：", "学号"]), min_size=1, max_size=6),
)
def test_no_identifier_survives_in_text(ids: list[str], glue: list[str]) -> None:
    people = [Person(id=identifier, name=f"张{index}") for index, identifier in enumerate(ids)]
    text = "".join(part for pair in zip(glue * len(ids), ids, strict=False) for part in pair)
    shown = PSEUDONYMS.people_in_text(people)(text)
    words = shown.replace("、", " ").replace(",", " ").replace("：", " ").replace("学号", " ")
    assert not set(words.split()) & set(ids)
