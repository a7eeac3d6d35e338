"""The progress report for the referring provider, as a PDF: the plan, visits done of planned,
baseline and latest pain (NPRS) and PSFS with the MCID verdict, a small chart of pain over the
plan's visits (drawn with fpdf2's lines and points), the techniques used, and the therapist's
latest assessment and recommendation. Content from kiosk_core.records.progress_data."""

from datetime import date

from fpdf.enums import XPos, YPos

from kiosk_core.care.measures import MEASURE_LABELS, Measure
from kiosk_core.i18n import N_
from kiosk_core.records.pdf_page import FAMILY, MUTED, RULE, PaperworkPDF
from kiosk_core.records.progress_data import Measured, ProgressData

TITLE = N_("Progress report")
LINE, POINT, BAND = (31, 95, 122), (31, 95, 122), (226, 236, 240)


def _number(value: float) -> str:
    return f"{value:g}"


def _day(day: date | None) -> str:
    return day.isoformat() if day else "—"


def progress_pdf(data: ProgressData, *, made_on: date) -> bytes:
    pdf = PaperworkPDF(letterhead=data.letterhead, title=TITLE, language=data.language)
    say = pdf.say
    pdf.add_page()
    plan = data.plan
    pdf.field(say(N_("Client")), data.client_name)
    if data.birth_date:
        pdf.field(say(N_("Date of birth")), data.birth_date.isoformat())
    pdf.field(say(N_("Referring provider")), plan.referrer or "—")
    pdf.field(say(N_("Treating therapist")), data.therapist)
    pdf.field(say(N_("Report date")), made_on.isoformat())

    pdf.heading(say(N_("Care plan")))
    pdf.field(say(N_("Condition")), plan.condition)
    pdf.field(say(N_("Diagnoses (ICD-10-CM)")), "\n".join(plan.diagnoses) or "—")
    pdf.field(say(N_("Goals")), "\n".join(plan.goals) or "—")
    pdf.field(say(N_("Frequency")), data.frequency)
    pdf.field(say(N_("Visits")), say(N_("{done} of {planned} planned"), done=plan.visits_done,
                                      planned=plan.visits_planned))  # fmt: skip
    pdf.field(say(N_("Dates")), say(N_("Started {start} · last visit {last}"), start=_day(data.starts_on),
                                     last=_day(data.last_visit)))  # fmt: skip
    if plan.next_due:
        pdf.field(say(N_("Next visit due")), _day(plan.next_due))
    if plan.reassess_on:
        pdf.field(say(N_("Re-assessment")), _day(plan.reassess_on))
    if plan.closed:
        pdf.field(say(N_("Plan closed")), plan.closed)
    if plan.documents:
        pdf.field(say(N_("Documents on file")), "\n".join(plan.documents))
    if len(plan.history) > 1:
        pdf.field(say(N_("Versions")), "\n".join(plan.history))

    pdf.heading(say(N_("Outcomes")))
    measured = [m for m in (data.pain, data.psfs) if m is not None]
    if measured:
        pdf.rows(
            (say(N_("Measure")), say(N_("Baseline")), say(N_("Latest")), say(N_("Change")), say(N_("Verdict"))),
            [_outcome_row(pdf, m) for m in measured],
            (50, 32, 32, 18, 48),
        )
        pdf.set_font(FAMILY, "", 8)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(0, 4, say(N_("Verdicts compare the latest visit with the first against the minimal clinically "
                                    "important difference (MCID) shown: pain 2 points or 30% of a baseline of 7 or "
                                    "more (Farrar 2001); PSFS 2 points on the average (Abbott & Schmitt 2014).")),
                       align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
        pdf.set_text_color(0, 0, 0)
    else:
        pdf.paragraph(say(N_("No outcomes recorded yet.")))
    if data.change:
        pdf.field(say(MEASURE_LABELS[Measure.GROC]), data.change)
    if len(data.pain_points) >= 1:
        pain_chart(pdf, data.pain_points, data.pain_band, say(N_("Pain over the plan's visits (0-10)")))

    pdf.heading(say(N_("Techniques used")))
    if data.techniques:
        pdf.rows((say(N_("Technique")), say(N_("Sessions")), say(N_("Minutes"))),
                 [(name, str(sessions), str(minutes)) for name, sessions, minutes in data.techniques],
                 (100, 37, 37))  # fmt: skip
    else:
        pdf.paragraph(say(N_("No signed session notes yet.")))

    pdf.heading(say(N_("Assessment and recommendation")))
    pdf.field(say(N_("Assessment")), data.assessment)
    pdf.field(say(N_("Recommendation")), data.recommendation)
    if data.home_care:
        pdf.field(say(N_("Home care")), data.home_care)
    if data.next_visit:
        pdf.field(say(N_("Next visit")), data.next_visit)
    if data.signed:
        pdf.set_font(FAMILY, "", 8)
        pdf.set_text_color(*MUTED)
        pdf.cell(0, 6, data.signed + " " + say(N_("(the latest signed session note)")),
                 new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
    return pdf.finished()


def _outcome_row(pdf: PaperworkPDF, m: Measured) -> tuple[str, ...]:
    change = m.latest - m.baseline
    verdict = m.verdict
    if m.verdict_code != "baseline":
        verdict += " " + pdf.say(N_("(MCID {mcid})"), mcid=_number(round(m.mcid, 2)))
    return (m.label, f"{_number(m.baseline)} ({m.baseline_day.isoformat()})",
            f"{_number(m.latest)} ({m.latest_day.isoformat()})", f"{change:+g}", verdict)  # fmt: skip


def pain_chart(pdf: PaperworkPDF, points: list[tuple[date, int]], band: tuple[float, float] | None,
               caption: str) -> None:  # fmt: skip
    """Pain at each visit as points joined by a line, 0 to 10 upwards, the no-change band shaded."""
    width, height, left_pad = 110.0, 28.0, 8.0
    if pdf.get_y() + height + 16 > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.set_font(FAMILY, "", 8)
    pdf.set_text_color(*MUTED)
    pdf.cell(0, 5, caption, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    x0, y0 = pdf.l_margin + left_pad, pdf.get_y() + 2
    to_y = lambda value: y0 + height - value / 10 * height  # noqa: E731
    step = width / max(1, len(points) - 1)
    to_x = lambda index: x0 + (index * step if len(points) > 1 else width / 2)  # noqa: E731
    if band is not None:
        pdf.set_fill_color(*BAND)
        pdf.rect(x0, to_y(band[1]), width, to_y(band[0]) - to_y(band[1]), style="F")
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    for value in range(0, 11, 2):
        pdf.line(x0, to_y(value), x0 + width, to_y(value))
        pdf.text(x0 - 5, to_y(value) + 1, str(value))
    pdf.set_draw_color(*LINE)
    pdf.set_line_width(0.6)
    for index in range(1, len(points)):
        pdf.line(to_x(index - 1), to_y(points[index - 1][1]), to_x(index), to_y(points[index][1]))
    pdf.set_fill_color(*POINT)
    every = max(1, len(points) // 8)  # at most about eight dates under the chart
    for index, (day, value) in enumerate(points):
        pdf.ellipse(to_x(index) - 1.2, to_y(value) - 1.2, 2.4, 2.4, style="F")
        if index % every == 0 or index == len(points) - 1:
            pdf.text(to_x(index) - 4, y0 + height + 4, day.strftime("%m-%d"))
    pdf.set_line_width(0.2)
    pdf.set_text_color(0, 0, 0)
    pdf.set_fill_color(255, 255, 255)  # the tables after it fill their cells with the current colour
    pdf.set_y(y0 + height + 7)
