"""careers.charts (pure geometry and text) and the {% profile_chart %} tag that draws it."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from careers import charts
from careers.charts import ChartLabels, Series, bar_chart

DIMENSIONS = [("code", "Programmation"), ("maths", "Maths et statistiques")]


def two_series(title="Ton profil", **kwargs):
    return bar_chart(
        DIMENSIONS,
        [
            Series("toi", "series-student", {"code": 0.8, "maths": 0.25}),
            Series("métier", "series-role", {"code": 1.0, "maths": 0.5}),
        ],
        title=title,
        **kwargs,
    )


def render(template: str, **context) -> str:
    return Template("{% load careers_tags %}" + template).render(Context(context))


def test_it_draws_one_row_per_dimension_in_the_given_order():
    chart = two_series()
    assert [row.key for row in chart.rows] == ["code", "maths"]
    assert [row.label for row in chart.rows] == ["Programmation", "Maths et statistiques"]


def test_it_draws_one_bar_per_series_in_the_given_order():
    row = two_series().rows[0]
    assert [(bar.series, bar.css_class) for bar in row.bars] == [
        ("toi", "series-student"),
        ("métier", "series-role"),
    ]


def test_bar_lengths_are_proportional_to_values():
    chart = two_series()
    code, maths = chart.rows
    assert code.bars[1].width == chart.plot_width
    assert code.bars[0].width == pytest.approx(0.8 * chart.plot_width, abs=0.1)
    assert maths.bars[0].width == pytest.approx(maths.bars[1].width / 2, abs=0.1)


def test_bar_numbers_are_rounded():
    chart = bar_chart(DIMENSIONS[:1], [Series("a", "s", {"code": 1 / 3})], title="t")
    bar = chart.rows[0].bars[0]
    assert bar.width == round(bar.width, 1)
    assert bar.display == 33


def test_values_outside_zero_to_one_are_clamped():
    chart = bar_chart(DIMENSIONS, [Series("a", "s", {"code": 1.7, "maths": -0.2})], title="t")
    code, maths = chart.rows
    assert code.bars[0].width == chart.plot_width
    assert maths.bars[0].width == 0


@pytest.mark.parametrize("values", [{}, {"code": None}, {"code": float("nan")}])
def test_a_missing_value_draws_no_bar(values):
    chart = bar_chart(DIMENSIONS[:1], [Series("toi", "s", values)], title="t")
    bar = chart.rows[0].bars[0]
    assert bar.missing
    assert bar.width == 0
    assert bar.display is None


def test_a_missing_value_is_said_in_the_text_alternative():
    chart = bar_chart(DIMENSIONS[:1], [Series("toi", "s", {}), Series("métier", "r", {"code": 1})], title="t")
    assert chart.summary == ["Programmation: toi not measured, métier 100 %"]


def test_the_text_alternative_has_one_line_per_dimension():
    assert two_series().summary == [
        "Programmation: toi 80 %, métier 100 %",
        "Maths et statistiques: toi 25 %, métier 50 %",
    ]


def test_the_text_alternative_follows_the_labels_given():
    labels = ChartLabels(percent="{value} %", row="{label} : {values}", missing="non mesuré")
    chart = bar_chart(DIMENSIONS, [Series("toi", "s", {"code": 0.8})], title="t", labels=labels)
    assert chart.summary == ["Programmation : toi 80 %", "Maths et statistiques : toi non mesuré"]


def test_a_small_scale_reads_as_a_fraction():
    chart = bar_chart(DIMENSIONS[:1], [Series("rôle", "r", {"code": 4 / 5})], title="t", scale=5)
    assert chart.rows[0].bars[0].text == "4/5"
    assert [tick.text for tick in chart.ticks] == ["0", "1", "2", "3", "4", "5/5"]


def test_percent_ticks_are_quarters():
    assert [tick.text for tick in two_series().ticks] == ["0", "25", "50", "75", "100 %"]


def test_rows_do_not_overlap_and_fit_in_the_view_box():
    chart = two_series()
    first, second = chart.rows
    assert first.bottom < second.top
    assert second.bottom < chart.height
    assert chart.view_box == f"0 0 {chart.width} {chart.height:g}"


def test_labels_sit_above_their_bars():
    row = two_series().rows[0]
    assert all(line.y <= row.bars_top for line in row.lines)
    assert all(bar.y >= row.bars_top for bar in row.bars)


def test_a_long_label_wraps_onto_several_lines():
    label = "Une dimension au nom vraiment très long qui ne tient pas sur une ligne de téléphone"
    chart = bar_chart([("long", label)], [Series("a", "s", {"long": 1})], title="t")
    lines = chart.rows[0].lines
    assert len(lines) > 1
    assert " ".join(line.text for line in lines) == label
    assert all(len(line.text) <= charts.LABEL_CHARS for line in lines)


def test_bars_fill_the_width_but_the_value_column():
    chart = two_series()
    assert chart.plot_width == chart.width - charts.VALUE_COLUMN
    assert chart.width == 320  # one unit per CSS pixel on the narrowest phone


def test_the_legend_lists_the_series_in_order():
    assert [(e.label, e.css_class) for e in two_series().legend] == [
        ("toi", "series-student"),
        ("métier", "series-role"),
    ]


def test_each_chart_gets_its_own_ids_and_keeps_them_from_one_render_to_the_next():
    first, second = two_series(), two_series(title="Le profil du métier")
    ids = {first.title_id, first.desc_id, second.title_id, second.desc_id}
    assert len(ids) == 4
    assert two_series().title_id == first.title_id


def test_relabelling_keeps_the_ids_and_the_geometry():
    chart = two_series()
    again = chart.with_labels(ChartLabels(percent="{value}%"))
    assert again.uid == chart.uid
    assert again.rows[0].bars[0].width == chart.rows[0].bars[0].width
    assert again.rows[0].bars[0].text == "80%"


def test_it_refuses_a_scale_of_zero():
    with pytest.raises(ValueError):
        bar_chart(DIMENSIONS, [], title="t", scale=0)


# --- The template tag -------------------------------------------------------------------------


def test_the_svg_is_an_image_named_by_its_title_and_description():
    chart = two_series()
    html = render("{% profile_chart chart %}", chart=chart)
    assert f'role="img" aria-labelledby="{chart.title_id} {chart.desc_id}"' in html
    assert f'<title id="{chart.title_id}">Ton profil</title>' in html
    assert f'<desc id="{chart.desc_id}">' in html
    assert 'width="100%"' in html
    assert f'viewBox="{chart.view_box}"' in html


def test_the_svg_has_no_inline_style():
    html = render("{% profile_chart chart %}", chart=two_series())
    assert "style=" not in html
    assert "<style" not in html
    assert "<script" not in html


def test_bars_carry_their_series_class():
    html = render("{% profile_chart chart %}", chart=two_series())
    assert html.count('class="chart-bar series-student"') == 2
    assert html.count('class="chart-bar series-role"') == 2


def test_a_missing_value_has_no_bar_in_the_svg():
    chart = bar_chart(DIMENSIONS, [Series("toi", "series-student", {"code": 0.5})], title="t")
    html = render("{% profile_chart chart %}", chart=chart)
    assert html.count('class="chart-bar series-student"') == 1


def test_the_text_alternative_is_rendered_next_to_the_chart():
    with translation.override("en"):
        html = render("{% profile_chart chart %}", chart=two_series())
    assert "<details" in html
    assert "<li>Programmation: toi 80%, métier 100%</li>" in html


def test_two_charts_on_one_page_have_distinct_ids():
    html = render(
        "{% profile_chart a %}{% profile_chart b %}", a=two_series(), b=two_series(title="Autre titre")
    )
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == 4
    assert len(set(ids)) == 4


def test_svg_numbers_are_never_localised():
    chart = bar_chart(DIMENSIONS[:1], [Series("a", "s", {"code": 1 / 3})], title="t")
    with translation.override("fr"):
        html = render("{% profile_chart chart %}", chart=chart)
    numbers = re.findall(r'(?:width|y|x|x1|y1|y2)="([^"]+)"', html)
    assert numbers
    assert not [n for n in numbers if "," in n]


def test_the_tag_renders_nothing_without_a_chart():
    assert render("{% profile_chart chart %}", chart=None).strip() == ""
    empty = bar_chart([], [Series("a", "s", {})], title="t")
    assert render("{% profile_chart chart %}", chart=empty).strip() == ""
