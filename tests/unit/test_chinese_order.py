"""Names sort by pinyin, as Chinese readers expect, and downloads carry a readable name."""

from urllib.parse import unquote

from backend.core.chinese_order import (
    by_pinyin,
    person_pinyin_key,
    person_pinyin_text,
    pinyin_key,
    pinyin_text,
)
from backend.core.download_names import content_disposition, file_name


def test_surnames_sort_by_pinyin_not_by_code_point():
    assert sorted(["张", "安", "李", "王"]) == ["安", "张", "李", "王"]  # code points
    assert by_pinyin(["张", "安", "李", "王"]) == ["安", "李", "王", "张"]


def test_departments_and_places_sort_by_pinyin_and_ties_stay_apart():
    names = ["重症医学科", "麻醉科", "新生儿科", "产科"]
    assert by_pinyin(names) == ["产科", "麻醉科", "新生儿科", "重症医学科"]
    assert by_pinyin(["柳溪县", "禾城区", "ICU", None], lambda n: n) == [
        None,
        "禾城区",
        "ICU",
        "柳溪县",
    ]
    # 张 and 章 read the same (zhang): the name itself still tells them apart
    assert pinyin_key("张三") != pinyin_key("章三")


def test_a_download_name_is_chinese_with_an_ascii_fallback():
    name = file_name("南禾市", 2025, "合规矩阵", None, "", "a/b", suffix=".xlsx")
    assert name == "南禾市-2025-合规矩阵-a_b.xlsx"
    header = content_disposition(name, "compliance 2025.xlsx")
    assert header.startswith('attachment; filename="compliance-2025.xlsx"; ')
    assert unquote(header.split("filename*=UTF-8''")[1]) == name
    assert content_disposition("签到表.pdf", "签到表.pdf", inline=True).startswith(
        'inline; filename="download.pdf"'
    )


def test_a_persons_surname_is_read_as_a_surname():
    # 曾 is céng in 曾经 but Zēng as a surname; 单 Shàn, 解 Xiè, 仇 Qiú
    names = ["曾晨", "陈立", "单军", "邓英", "解放", "谢红", "仇明", "钱芳"]
    ordered = sorted(names, key=person_pinyin_key)
    assert ordered == ["陈立", "邓英", "钱芳", "仇明", "单军", "解放", "谢红", "曾晨"]
    assert person_pinyin_text("曾晨") == "zeng chen "
    assert pinyin_text("曾经") == "ceng jing "  # not a person: the ordinary reading
