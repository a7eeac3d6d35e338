"""The intake catalog: every step the tablet shows, every question and option, as codes.

The tablet draws its intake steps from `CATALOG`; Back, Next and each step's check come from
it through `kiosk_core.intake.draft.Draft`. Text here is an English message id (marked with `N_`),
translated only when shown. Adding a question is an edit of this file and of the translations:
see the README's "Adding a question".
"""

from kiosk_core.i18n import N_
from kiosk_core.intake.shapes import Catalog, Goal, Kind, Option, Question, Recency, Step
from kiosk_core.vocabulary import Queue, RedFlag

MEDICAL, THERAPEUTIC = Queue.MEDICAL, Queue.THERAPEUTIC

WHEN_OPTIONS = (
    Option(Recency.NONE, N_("No")),
    Option(Recency.LAST_3_DAYS, N_("In the last 3 days")),
    Option(Recency.LAST_6_WEEKS, N_("In the last 6 weeks")),
    Option(Recency.LAST_3_MONTHS, N_("In the last 3 months")),
    Option(Recency.LAST_YEAR, N_("In the last year")),
    Option(Recency.LONGER, N_("More than a year ago")),
)

_PAIN = N_("Pain and muscles")
_BACK = N_("Back and neck")
_JOINTS = N_("Joints, hands and feet")
_HEAD = N_("Head and nerves")
_INJURY = N_("Injury and surgery")
_MOOD = N_("Stress, sleep and mood")
_HEART = N_("Heart and breathing")

# Both lists from CLINIC.md. "Muscle tightness and tension" is on both: the long-lasting kind
# is medical, the everyday kind therapeutic.
CONDITIONS = (
    Option("pain", N_("Pain in one area"), _PAIN, queue=MEDICAL),
    Option("muscle_spasms", N_("Muscle spasms"), _PAIN, queue=MEDICAL),
    Option("chronic_tension", N_("Long-lasting muscle tightness (3+ months)"), _PAIN, queue=MEDICAL),
    Option("fibromyalgia", N_("Fibromyalgia"), _PAIN, queue=MEDICAL),
    Option("muscle_tension", N_("Tight, tense muscles"), _PAIN, queue=THERAPEUTIC),
    Option("discomfort", N_("General aches and discomfort"), _PAIN, queue=THERAPEUTIC),
    Option("sciatica", N_("Sciatica"), _BACK, queue=MEDICAL),
    Option("herniated_disc", N_("Herniated or bulging disc"), _BACK, queue=MEDICAL),
    Option("scoliosis", N_("Scoliosis"), _BACK, queue=MEDICAL),
    Option("whiplash", N_("Whiplash"), _BACK, queue=MEDICAL),
    Option("carpal_tunnel", N_("Carpal tunnel syndrome"), _JOINTS, queue=MEDICAL),
    Option("tendonitis", N_("Tendonitis"), _JOINTS, queue=MEDICAL),
    Option("plantar_fasciitis", N_("Plantar fasciitis (heel pain)"), _JOINTS, queue=MEDICAL),
    Option("tmj", N_("TMJ (jaw pain)"), _JOINTS, queue=MEDICAL),
    Option("migraines", N_("Migraines"), _HEAD, queue=MEDICAL),
    Option("multiple_sclerosis", N_("Multiple sclerosis"), _HEAD, queue=MEDICAL),
    Option("injury", N_("An injury (sprain, strain, fall, accident)"), _INJURY, queue=MEDICAL),
    Option("post_surgical", N_("Recovering from surgery"), _INJURY, queue=MEDICAL),
    Option("stress", N_("Stress"), _MOOD, queue=THERAPEUTIC),
    Option("insomnia", N_("Trouble sleeping"), _MOOD, queue=THERAPEUTIC),
    Option("depression", N_("Low mood or depression"), _MOOD, queue=THERAPEUTIC),
    Option("fatigue", N_("Fatigue"), _MOOD, queue=THERAPEUTIC),
    Option("high_blood_pressure", N_("High blood pressure"), _HEART, queue=THERAPEUTIC),
    Option("asthma", N_("Asthma"), _HEART, queue=THERAPEUTIC),
)

# The questions a massage therapist asks before touching anyone. Any yes is reviewed: each answer
# raises the red flag of its own code. "none" must be tapped, so a skipped screen never reads as
# "none apply". Short enough for a chip.
SAFETY = (
    Option(RedFlag.FEVER_OR_CONTAGIOUS, N_("Fever, flu, COVID or anything catching")),
    Option(RedFlag.BLOOD_CLOT_SIGNS, N_("A blood clot, or a swollen, warm, painful calf")),
    Option(RedFlag.PREGNANT, N_("Pregnant")),
    Option(RedFlag.BLOOD_THINNERS, N_("Taking blood thinners")),
    Option(RedFlag.SKIN_PROBLEM, N_("Open wounds, burns, rashes or a skin infection")),
    Option(RedFlag.HEART_CONDITION, N_("A heart condition or blood pressure not under control")),
    Option(RedFlag.CANCER_TREATMENT, N_("Being treated for cancer")),
    Option(RedFlag.NERVE_SYMPTOMS, N_("New numbness, weakness, or bladder or bowel trouble")),
    Option("none", N_("None of these apply"), exclusive=True),
)

CATALOG = Catalog(
    (
        Step(
            "about",
            N_("Hi {first_name}! What brings you in today?"),
            (
                Question(
                    "goal",
                    Kind.ONE,
                    N_("What brings you in today?"),
                    (
                        Option(Goal.RELAX, N_("Relax and de-stress")),
                        Option(Goal.WELLNESS, N_("General wellness, a regular reset")),
                        Option(Goal.TREAT_PROBLEM, N_("Treat a specific problem or pain")),
                        Option(Goal.RECOVER, N_("Recover from an injury or surgery")),
                    ),
                    required=True,
                    missing=N_("Please tell us what brings you in today."),
                    hide_prompt=True,
                    staff_label=N_("Goal"),
                ),
                Question(
                    "pain",
                    Kind.SCALE,
                    N_("How much pain are you in right now?"),
                    required=True,
                    fresh=True,
                    low=N_("No pain"),
                    high=N_("Worst pain imaginable"),
                    staff_label=N_("Pain now"),
                ),
                Question(
                    "stress",
                    Kind.SCALE,
                    N_("How stressed do you feel right now?"),
                    required=True,
                    fresh=True,
                    low=N_("Calm"),
                    high=N_("Extremely stressed"),
                    staff_label=N_("Stress now"),
                ),
            ),
        ),
        Step(
            "body",
            N_("Where should we focus?"),
            (
                Question(
                    "areas",
                    Kind.MANY,
                    N_("Where would you like the massage?"),
                    (
                        Option("full_body", N_("Full body"), exclusive=True),
                        Option("head_jaw", N_("Head and jaw")),
                        Option("neck", N_("Neck")),
                        Option("shoulders", N_("Shoulders")),
                        Option("upper_back", N_("Upper back")),
                        Option("lower_back", N_("Lower back")),
                        Option("arms", N_("Arms")),
                        Option("hands_wrists", N_("Hands and wrists")),
                        Option("hips", N_("Hips")),
                        Option("legs", N_("Legs")),
                        Option("knees", N_("Knees")),
                        Option("feet", N_("Feet and ankles")),
                    ),
                    staff_label=N_("Where"),
                ),
                Question(
                    "conditions",
                    Kind.MANY,
                    N_("Anything you're dealing with? Tap all that apply."),
                    CONDITIONS,
                    staff_label=N_("Conditions"),
                ),
                Question(
                    "other_condition",
                    Kind.TEXT,
                    N_("Something else? Tell us in a few words."),
                    max_length=200,
                    default="",
                    staff_label=N_("In their words"),
                ),
            ),
        ),
        Step(
            "care",
            N_("A few questions about your care"),
            (
                Question(
                    "care",
                    Kind.MANY,
                    N_("Tap any that apply to you"),
                    (
                        Option("diagnosis", N_("A doctor has diagnosed my condition")),
                        Option("referral", N_("My doctor referred me for massage")),
                        Option("insurance", N_("I'd like to use insurance")),
                    ),
                    staff_label=N_("Care"),
                ),
                Question(
                    "documents",
                    Kind.MANY,
                    N_("Did you bring any of these?"),
                    (
                        Option("mri", N_("MRI or X-ray report")),
                        Option("pt_notes", N_("Physical therapy notes")),
                        Option("doctor_note", N_("Doctor's note or prescription")),
                        Option("other", N_("Other medical records")),
                    ),
                    staff_label=N_("Records brought"),
                ),
                Question(
                    "injury",
                    Kind.WHEN,
                    N_("Have you had an injury?"),
                    WHEN_OPTIONS,
                    default=Recency.NONE,
                    staff_label=N_("Injury"),
                ),
                Question(
                    "surgery",
                    Kind.WHEN,
                    N_("Have you had surgery?"),
                    WHEN_OPTIONS,
                    default=Recency.NONE,
                    staff_label=N_("Surgery"),
                ),
                Question(
                    "preference",
                    Kind.ONE,
                    N_("Do you already know which massage you'd like?"),
                    (
                        Option(Queue.MEDICAL, N_("Medical massage")),
                        Option(Queue.THERAPEUTIC, N_("Therapeutic massage")),
                        Option("unsure", N_("Not sure")),
                    ),
                    default="unsure",
                    staff_label=N_("Asked for"),
                ),
            ),
        ),
        Step(
            "safety",
            N_("Before your massage: do any of these apply to you today?"),
            (
                Question(
                    "safety",
                    Kind.MANY,
                    N_("Do any of these apply to you today?"),
                    SAFETY,
                    required=True,
                    missing=N_("Please tap each one that applies, or “None of these apply”."),
                    fresh=True,
                    hide_prompt=True,
                    staff_label=N_("Safety answers"),
                ),
            ),
            hint=N_("Tap each one that applies, or “None of these apply”."),
            next_label=N_("Check me in"),
        ),
    )
)
