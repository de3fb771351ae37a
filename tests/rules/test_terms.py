import pytest

from extractor.rules.terms import medical_cloud_label


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("推进医院信息系统上云", True),
        ("建设医疗云平台", True),  # 医疗云 holds both
        ("卫健委牵头建设健康云", True),
        ("医保信息平台迁移至云端", True),
        ("推进云网融合和医疗服务", False),  # 云网 does not count
        ("推进政务云建设", False),  # cloud only
        ("加强医院管理", False),  # medical only
        ("云化改造和云资源调度，卫生院建设", False),
        ("", False),
    ],
)
def test_medical_cloud_rule(text, expected):
    label, med, cloud = medical_cloud_label(text)
    assert label is expected
    for hit in [*med, *cloud]:
        assert text[hit.start : hit.end] == hit.term
