"""Realistic synthetic journals: the 12-week demo and the 10-year benchmark store.

One deterministic generator serves both, so the benchmark measures the same
shapes of data a user sees in the demo. Pure domain objects come out; the
facade writes them through the store like any import.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta

from netjournal.domain.contact_record import Contact
from netjournal.domain.conversation_record import Conversation
from netjournal.domain.models import Activity, CpdDetails, Initiator, Mode, Purpose, Style
from netjournal.domain.target_record import Target

FIRST = [
    "Aisha",
    "Ben",
    "Chloe",
    "Dev",
    "Eilidh",
    "Femi",
    "Grace",
    "Harry",
    "Imran",
    "Jess",
    "Kwame",
    "Laura",
    "Mo",
    "Niamh",
    "Owen",
    "Priya",
    "Rhys",
    "Sian",
    "Tom",
    "Uma",
    "Vik",
    "Wendy",
    "Yusuf",
    "Zara",
]
LAST = [
    "Ahmed",
    "Brown",
    "Campbell",
    "Davies",
    "Evans",
    "Fraser",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Nowak",
    "O'Neill",
    "Patel",
    "Roberts",
    "Singh",
    "Taylor",
    "Walsh",
    "Wright",
    "Young",
]
ORGS = [
    "Leeds Teaching Hospitals NHS Trust",
    "RCN",
    "NHS England",
    "University of Salford",
    "Barts Health",
    "Queen's Nursing Institute",
    "Mind",
    "Local authority adult social care",
    "Health Education England",
    "Royal Free London",
]
ROLES = [
    "Ward sister",
    "Nurse consultant",
    "Practice educator",
    "Matron",
    "Lecturer",
    "Chief nurse",
    "Social worker",
    "Physiotherapist",
    "Paramedic",
    "Student nurse",
]

ONLINE_NOTES = [
    (
        "x",
        Purpose.MAINTAIN_CONNECTIONS,
        Style.CONVERSATION,
        "Joined the #WeNurses chat on safe staffing",
    ),
    ("x", Purpose.SHARE_WORK, Style.BROADCAST, "Posted our falls-prevention poster"),
    ("linkedin", Purpose.SOURCE_INFORMATION, Style.LISTENING, "Read the thread on preceptorship"),
    (
        "linkedin",
        Purpose.MAKE_CONNECTIONS,
        Style.CONVERSATION,
        "Messaged a practice educator about OSCE prep",
    ),
    ("bluesky", Purpose.FIND_SIMILAR, Style.CONVERSATION, "Found others running nurse-led clinics"),
    (
        "blog",
        Purpose.SHARE_WORK,
        Style.BROADCAST,
        "Wrote up reflections on the night-shift project",
    ),
    (
        "video-call",
        Purpose.CHALLENGE_ASSUMPTIONS,
        Style.CONVERSATION,
        "Journal club on deprescribing",
    ),
    ("email", Purpose.MAINTAIN_CONNECTIONS, Style.CONVERSATION, "Caught up with my old mentor"),
    (
        "mastodon",
        Purpose.VALIDATE_VIEWS,
        Style.CONVERSATION,
        "Discussed restraint-free care with peers",
    ),
]
OFFLINE_NOTES = [
    (
        "conference",
        Purpose.SOURCE_INFORMATION,
        Style.LISTENING,
        "Regional nursing conference: workforce session",
    ),
    ("meeting", Purpose.MAINTAIN_CONNECTIONS, Style.CONVERSATION, "Peer supervision group"),
    (
        "in-person",
        Purpose.MAKE_CONNECTIONS,
        Style.CONVERSATION,
        "Coffee with the new tissue viability lead",
    ),
    ("event", Purpose.FIND_SIMILAR, Style.CONVERSATION, "Quality improvement showcase"),
    (
        "phone",
        Purpose.CHALLENGE_ASSUMPTIONS,
        Style.CONVERSATION,
        "Call with a social worker about discharge planning",
    ),
    ("meeting", Purpose.VALIDATE_VIEWS, Style.CONVERSATION, "Practice development forum"),
]
TAGS = ["wenurses", "qi", "leadership", "education", "safe-staffing", "research", "wellbeing"]
TOPICS = [
    "Safe staffing",
    "Deprescribing in older people",
    "Preceptorship",
    "Falls prevention",
    "Leadership in practice",
    "Tissue viability",
    "Mental health first aid",
]
NMC_THEMES = [
    "Prioritise people",
    "Practise effectively",
    "Preserve safety",
    "Promote professionalism and trust",
]


@dataclass(slots=True)
class SampleJournal:
    """Everything a generated journal holds, ready to be written in bulk."""

    contacts: list[Contact] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    conversations: list[Conversation] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)


def generate(
    *,
    end: date,
    days: int,
    activities_per_week: float,
    contacts: int,
    conversations_per_week: float,
    seed: int = 1,
) -> SampleJournal:
    """A deterministic journal of ``days`` days ending on ``end``."""
    rng = random.Random(seed)
    start = end - timedelta(days=days - 1)
    made = _Generator(rng, stamp=datetime.combine(end, time(12, 0), tzinfo=UTC))
    out = made.journal
    out.contacts = [made.contact(i, start, days) for i in range(contacts)]
    per_day = activities_per_week / 7
    conv_per_day = conversations_per_week / 7
    day = start
    while day <= end:
        for _ in range(_poisson(rng, per_day)):
            out.activities.append(made.activity(day))
        for _ in range(_poisson(rng, conv_per_day)):
            out.conversations.append(made.conversation(day))
        day += timedelta(days=1)
    out.contacts = made.contacts_with_clocks()
    out.targets.append(
        Target(
            effective_from=start,
            online_min_share=0.3,
            online_max_share=0.5,
            weekly_min_minutes=180,
            weekly_min_conversations=3,
            monthly_min_new_connections=2,
        )
    )
    return out


class _Generator:
    """One journal being generated: the seeded random source, what it has made so far,
    and when each contact was first and last in touch.

    Every draw from ``rng`` happens in a fixed order (argument order included), so
    the same seed gives the same journal byte for byte: the demo's screenshots
    and snapshot tests depend on it.
    """

    def __init__(self, rng: random.Random, stamp: datetime) -> None:
        self.rng = rng
        self.stamp = stamp
        self.journal = SampleJournal()
        self.first_contact: dict[str, date] = {}
        self.last_contact: dict[str, date] = {}

    def ident(self) -> dict[str, object]:
        """Ids and timestamps from the seed, so screenshots and snapshots are stable."""
        return {
            "id": f"{self.rng.getrandbits(128):032x}",
            "created": self.stamp,
            "updated": self.stamp,
        }

    def contact(self, number: int, start: date, days: int) -> Contact:
        rng = self.rng
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if number >= len(FIRST) * 2:
            name = f"{name} {number}"
        handle = name.lower().replace(" ", "").replace("'", "")
        met_on = start + timedelta(days=rng.randrange(max(days, 1)))
        return Contact(
            name=name,
            organisation=rng.choice(ORGS),
            role=rng.choice(ROLES),
            handles={"x": handle, "linkedin": f"https://www.linkedin.com/in/{handle}"},
            tags=(rng.choice(TAGS),),
            met=rng.choice(["conference", "#WeNurses chat", "placement", "LinkedIn", "course"]),
            cadence_days=rng.choice([None, 30, 60, 90]),
            connected_on=met_on,
            **self.ident(),  # type: ignore[arg-type]
        )

    def activity(self, day: date) -> Activity:
        rng = self.rng
        online = rng.random() < 0.6
        channel, purpose, style, note = rng.choice(ONLINE_NOTES if online else OFFLINE_NOTES)
        minutes = (
            rng.choice([10, 15, 20, 30, 45, 60])
            if online
            else rng.choice([30, 45, 60, 90, 120, 360])
        )
        involved: tuple[str, ...] = ()
        if style is Style.CONVERSATION and self.journal.contacts:
            involved = self._people_met(day)
        cpd = self._cpd(online, style)
        hour = rng.choice([7, 8, 12, 13, 18, 19, 20, 21])
        return Activity(
            date=day,
            time=time(hour, rng.choice([0, 15, 30, 45])),
            mode=Mode.ONLINE if online else Mode.OFFLINE,
            minutes=minutes,
            channel=channel,
            purpose=purpose,
            style=style,
            contact_ids=involved,
            note=note,
            tags=tuple(sorted(set(rng.sample(TAGS, k=rng.choice([0, 1, 2]))))),
            cpd=cpd,
            **self.ident(),  # type: ignore[arg-type]
        )

    def _people_met(self, day: date) -> tuple[str, ...]:
        """One or two contacts for a conversation on ``day``, their clocks moved to it."""
        people = self.journal.contacts
        picks = self.rng.sample(people, k=min(len(people), self.rng.choice([1, 1, 2])))
        involved = tuple(c.id for c in picks)
        for cid in involved:
            self.last_contact[cid] = day
            self.first_contact.setdefault(cid, day)
        return involved

    def _cpd(self, online: bool, style: Style) -> CpdDetails | None:
        """CPD details for about a quarter of the activities."""
        if self.rng.random() >= 0.25:
            return None
        return CpdDetails(
            topic=self.rng.choice(TOPICS),
            method="online discussion" if online else "peer learning",
            learning="Compared approaches with peers from other trusts.",
            practice_change="Shared the learning at our ward huddle.",
            standards=(self.rng.choice(NMC_THEMES),),
            participatory=style is Style.CONVERSATION,
        )

    def conversation(self, day: date) -> Conversation:
        rng = self.rng
        contact = rng.choice(self.journal.contacts)
        mine = rng.random() < 0.55
        replied = rng.random() < 0.7
        conversation = Conversation(
            contact_ids=(contact.id,),
            channel=rng.choice(["x", "linkedin", "email", "bluesky"]),
            started=day,
            initiated_by=Initiator.ME if mine else Initiator.THEM,
            replied=replied,
            replied_on=day + timedelta(days=rng.choice([0, 1, 2])) if replied else None,
            last_date=day,
            summary=rng.choice(["Asked about", "Shared a paper on", "Followed up on"])
            + " "
            + rng.choice(TOPICS).lower(),
            messages_out=rng.randint(1, 4) if mine or replied else 0,
            messages_in=rng.randint(1, 4) if (not mine) or replied else 0,
            **self.ident(),  # type: ignore[arg-type]
        )
        self.last_contact[contact.id] = max(day, self.last_contact.get(contact.id, day))
        self.first_contact.setdefault(contact.id, day)
        return conversation

    def contacts_with_clocks(self) -> list[Contact]:
        """The contacts, each with the first and last day they were in touch."""
        return [
            c
            if c.id not in self.last_contact
            else replace(
                c, first_contact=self.first_contact[c.id], last_contact=self.last_contact[c.id]
            )
            for c in self.journal.contacts
        ]


def _poisson(rng: random.Random, lam: float) -> int:
    """Small-λ Poisson draws (Knuth), enough for daily activity counts."""
    import math

    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def demo_journal(today: date, seed: int = 7) -> SampleJournal:
    """Twelve weeks of a busy nurse educator's networking, ending today.

    On top of the generated weeks, a few touches make every feature of the
    app show something (the benchmark journal does without them):
    contacts due a catch-up, and an answered conversation that went on after
    the answer. Open threads awaiting a reply come from the generator.
    """
    journal = generate(
        end=today, days=84, activities_per_week=7, contacts=24, conversations_per_week=4, seed=seed
    )
    return _showcase(journal, today)


#: How many demo contacts are made due a catch-up.
DEMO_DUE = 3


def _showcase(journal: SampleJournal, today: date) -> SampleJournal:
    # Keep in touch: the longest-unseen contacts without a cadence get one
    # that has lapsed (a month, or a fortnight for someone seen this month).
    quiet = sorted(
        (c for c in journal.contacts if c.cadence_days is None and c.last_contact is not None),
        key=lambda c: (c.last_contact, c.name),
    )[:DEMO_DUE]
    cadences = {}
    for contact in quiet:
        assert contact.last_contact is not None
        since = (today - contact.last_contact).days
        cadences[contact.id] = 30 if since > 30 else 14
    journal.contacts = [
        replace(c, cadence_days=cadences[c.id]) if c.id in cadences else c for c in journal.contacts
    ]
    # Reciprocity: the newest answered thread carried on after the answer.
    answered = [
        i
        for i, c in enumerate(journal.conversations)
        if c.replied and c.replied_on is not None and c.replied_on + timedelta(days=3) <= today
    ]
    if answered:
        i = answered[-1]
        conv = journal.conversations[i]
        assert conv.replied_on is not None
        journal.conversations[i] = replace(
            conv,
            last_date=conv.replied_on + timedelta(days=3),
            messages_in=conv.messages_in + 1,
            messages_out=conv.messages_out + 1,
        )
    return journal


def benchmark_journal(today: date, years: int = 10, seed: int = 1) -> SampleJournal:
    """≈40k activities, 2k contacts, 8k conversations over ``years`` years."""
    days = 365 * years + years // 4
    return generate(
        end=today,
        days=days,
        activities_per_week=40_000 / (days / 7),
        contacts=2_000,
        conversations_per_week=8_000 / (days / 7),
        seed=seed,
    )
