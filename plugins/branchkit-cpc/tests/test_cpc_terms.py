"""The national vocabulary: the stages of membership, branch posts, meetings and documents."""

from __future__ import annotations

from branchkit import Host, Label
from branchkit.plugins import PluginSource
from branchkit_cpc import hooks

CPC = PluginSource(name="cpc", distribution="branchkit-cpc", version="test")


def isolated_host() -> Host:
    return Host.create(autoload=False, plugins=[(CPC, hooks)], environ={})


def test_the_five_stages_of_membership() -> None:
    host = isolated_host()
    stages = ["applicant", "activist", "development_target", "probationary_member", "full_member"]
    assert [host.label("role", key) for key in stages] == [
        Label(zh="入党申请人", en="applicant"),
        Label(zh="入党积极分子", en="activist"),
        Label(zh="发展对象", en="development target"),
        Label(zh="预备党员", en="probationary member"),
        Label(zh="正式党员", en="full member"),
    ]


def test_development_posts_and_meetings() -> None:
    vocabulary = isolated_host().vocabulary()
    assert {"contact_person", "sponsor", "branch_secretary", "committee_member"} <= vocabulary[
        "role"
    ]
    # "三会一课": the general meeting, the committee meeting, the group meeting and the lecture.
    assert {
        "branch_general_meeting",
        "branch_committee_meeting",
        "party_group_meeting",
        "party_lecture",
    } <= vocabulary["event_kind"]
    assert "political_review" in vocabulary["evidence_kind"]


def test_the_plugin_contributes_terms_and_the_national_framework() -> None:
    host = isolated_host()
    cpc = next(plugin for plugin in host.plugins if plugin.source.name == "cpc")
    assert cpc.hooks == ("branchkit_frameworks", "branchkit_standards", "branchkit_terms")
    assert {contribution.kind for contribution in cpc.contributions} == {
        "framework",
        "standard",
        "term",
    }
    assert len([c for c in cpc.contributions if c.kind == "term"]) == 28
    assert [c.key for c in cpc.contributions if c.kind == "framework"] == ["cpc"]


def test_terms_file_is_a_valid_data_file() -> None:
    package = hooks.__file__.rsplit("/", 1)[0]
    assert Host.create(environ={}).validate(f"{package}/terms.toml") == ()
