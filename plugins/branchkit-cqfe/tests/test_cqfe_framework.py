"""The seed branch's framework: four areas, each with three practices, as in its report."""

from __future__ import annotations

from branchkit import Host, Label
from branchkit.plugins import PluginSource
from branchkit_cqfe import hooks

CQFE = PluginSource(name="cqfe", distribution="branchkit-cqfe", version="test")


def isolated_host() -> Host:
    return Host.create(autoload=False, plugins=[(CQFE, hooks)], environ={})


def test_framework_identity() -> None:
    framework = isolated_host().framework("cqfe")
    assert framework.label.zh == "重庆财经职业学院金融学院总支第一支部"
    assert framework.organisation == Label(
        zh="重庆财经职业学院", en="Chongqing Finance and Economics Vocational College"
    )
    assert framework.language == "zh"


def test_four_areas_with_their_approaches() -> None:
    framework = isolated_host().framework("cqfe")
    assert [(a.key, a.label.zh, a.approach.zh) for a in framework.areas] == [
        ("students", "服务学生发展", "三机制"),
        ("teachers", "服务教师发展", "三带头"),
        ("programmes", "服务专业发展", "三角色"),
        ("region", "服务区域发展", "三合作"),
    ]


def test_twelve_practices_three_per_area() -> None:
    framework = isolated_host().framework("cqfe")
    assert [len(area.practices) for area in framework.areas] == [3, 3, 3, 3]
    assert [practice.label.zh for practice in framework.practices] == [
        "“三财素养”教育机制",
        "“三联系”服务机制",
        "“3434+积分制”党员发展机制",
        "带头改革",
        "带头指导",
        "带头示范",
        "战略发展上的“参谋”",
        "规范管理上的“后盾”",
        "推动创新上的“先锋”",
        "三送",
        "三进",
        "一基地",
    ]


def test_every_practice_is_described_in_both_languages() -> None:
    framework = isolated_host().framework("cqfe")
    for practice in framework.practices:
        assert practice.summary is not None, practice.key
        assert practice.summary.zh
        assert practice.summary.en


def test_branch_roles_are_terms() -> None:
    host = isolated_host()
    assert host.label("role", "benchmark_member") == Label(zh="标杆党员", en="benchmark member")
    assert {"young_teacher", "mentor"} <= host.vocabulary()["role"]


def test_framework_and_terms_files_are_valid_data_files() -> None:
    host = Host.create(environ={})
    package = hooks.__file__.rsplit("/", 1)[0]
    assert host.validate(f"{package}/framework.toml") == ()
    assert host.validate(f"{package}/terms.toml") == ()
