from datetime import date

from polku.measures.charts import Series, line_chart


def chart(title: str, points: list[tuple[date, int]]) -> str:
    return str(
        line_chart(
            element_id="c",
            title=title,
            description="d",
            series=[Series("yhdessä", points, "#0000bf", False, False)],
            minimum=0,
            maximum=10,
            bands=[(0, 5, "red"), (6, 7, "amber"), (8, 10, "green")],
        )
    )


def test_a_chart_is_an_image_with_a_title_and_a_point_per_answer() -> None:
    svg = chart("Terveys", [(date(2026, 1, 1), 3), (date(2026, 3, 1), 7), (date(2026, 6, 1), 9)])
    assert svg.startswith('<svg id="c"') and 'role="img"' in svg and 'aria-labelledby="c-title c-desc"' in svg
    assert svg.count("<circle") == 3
    assert ">3</text>" in svg and ">9</text>" in svg


def test_a_single_answer_is_one_point_in_the_middle() -> None:
    svg = chart("Terveys", [(date(2026, 1, 1), 10)])
    assert svg.count("<circle") == 1 and 'cx="168.0"' in svg


def test_text_from_a_definition_cannot_inject_markup() -> None:
    svg = chart("<script>alert(1)</script>", [(date(2026, 1, 1), 5)])
    assert "<script>" not in svg and "&lt;script&gt;" in svg
