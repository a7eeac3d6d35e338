"""The note's and the plan's words as codes: techniques, findings, the response to treatment,
documents on file, why a plan stopped, pressure. The database keeps the codes; the labels are
message ids, translated when shown. Body areas are the intake's own (the `areas` question), so
the client's "where" and the therapist's findings and areas worked share one list.

Adding a technique: see the README's "Adding a technique".
"""

from dataclasses import dataclass

from kiosk_core.i18n import N_
from kiosk_core.intake.questions import CATALOG


@dataclass(frozen=True)
class Entry:
    code: str
    label: str
    # A technique's CPT code when billed (kiosk_core/records/units.py); "" when it is never billed.
    cpt: str = ""


def _labels(entries: tuple[Entry, ...]) -> dict[str, str]:
    return {entry.code: entry.label for entry in entries}


# CPT codes: 97124 massage (effleurage, petrissage, tapotement); 97140 manual therapy (soft-tissue
# mobilisation, myofascial release, trigger point, manual lymphatic drainage, traction); 97112
# neuromuscular re-education (PNF; St. John's "neuromuscular therapy" is soft-tissue work: 97140);
# 97010 hot or cold packs (untimed). Hot stone and aromatherapy are not billed.
TECHNIQUES = (
    Entry("swedish", N_("Swedish"), "97124"),
    Entry("deep_tissue", N_("Deep tissue"), "97124"),
    Entry("myofascial_release", N_("Myofascial release"), "97140"),
    Entry("trigger_point", N_("Trigger point therapy"), "97140"),
    Entry("neuromuscular", N_("Neuromuscular therapy"), "97140"),
    Entry("stretching", N_("Assisted stretching"), "97140"),
    Entry("lymphatic_drainage", N_("Lymphatic drainage"), "97140"),
    Entry("hot_stone", N_("Hot stone")),
    Entry("orthopedic", N_("Orthopedic massage"), "97124"),
    Entry("aromatherapy", N_("Aromatherapy")),
    Entry("neuromuscular_reeducation", N_("Neuromuscular re-education (PNF)"), "97112"),
    Entry("hot_cold_packs", N_("Hot or cold packs"), "97010"),
)

FINDINGS = (
    Entry("tender_points", N_("Tender points")),
    Entry("trigger_points", N_("Active trigger points")),
    Entry("restricted_range", N_("Restricted range of motion")),
    Entry("hypertonic", N_("Hypertonic (tight) muscle")),
    Entry("spasm", N_("Muscle spasm")),
    Entry("adhesions", N_("Adhesions or scar tissue")),
    Entry("swelling", N_("Swelling")),
    Entry("postural_imbalance", N_("Postural imbalance")),
)

RESPONSES = (
    Entry("better", N_("Better")),
    Entry("same", N_("Same")),
    Entry("worse", N_("Worse")),
)

DOCUMENTS = (
    Entry("doctor_note", N_("Doctor's note or prescription")),
    Entry("mri", N_("MRI or X-ray report")),
    Entry("pt_notes", N_("Physical therapy notes")),
    Entry("surgical_report", N_("Surgical report")),
    Entry("other", N_("Other medical records")),
)

STOP_REASONS = (
    Entry("goals_met", N_("Goals met")),
    Entry("client_stopped", N_("Client stopped coming")),
    Entry("referred_out", N_("Referred to another provider")),
    Entry("no_progress", N_("No progress: plan to be rethought")),
    Entry("contraindication", N_("A contraindication arose")),
    Entry("other", N_("Other")),
)

PRESSURES = (
    Entry("light", N_("Light")),
    Entry("medium", N_("Medium")),
    Entry("firm", N_("Firm")),
    Entry("deep", N_("Deep")),
)

# What the therapist attests on a note, as codes: kept in its content, signed with it (who, when).
ATTESTATIONS = (
    # 97124 and 97140 on distinct regions (or at distinct times) of one session: modifier 59 on
    # the NCCI pair's column-two code. Never assumed; only when the therapist says so.
    Entry("distinct_regions", N_("Massage and manual therapy were on separate body regions (modifier 59)")),
)

# The note's parts, as the staff screens head them.
NOTE_LABELS = {
    "subjective": N_("S: what the client told us today"),
    "objective": N_("O: findings"),
    "assessment": N_("A: assessment"),
    "plan": N_("P: treatment and plan"),
    "addenda": N_("Addenda"),
}

TECHNIQUE_LABELS = _labels(TECHNIQUES)
TECHNIQUE_CPT = {entry.code: entry.cpt for entry in TECHNIQUES if entry.cpt}
FINDING_LABELS = _labels(FINDINGS)
RESPONSE_LABELS = _labels(RESPONSES)
DOCUMENT_LABELS = _labels(DOCUMENTS)
STOP_REASON_LABELS = _labels(STOP_REASONS)
PRESSURE_LABELS = _labels(PRESSURES)
ATTESTATION_LABELS = _labels(ATTESTATIONS)
# The intake's body areas, without "Full body" (a finding or an area worked is somewhere).
AREA_LABELS = {option.code: option.label for option in CATALOG.question("areas").options if not option.exclusive}
WORKED_AREA_LABELS = {option.code: option.label for option in CATALOG.question("areas").options}
