"""The one facade that the web application, the command line and notebooks use."""

import datetime
import difflib
import functools
import json
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import networkx as nx
import numpy as np

from . import graph
from .catalogue import tabular
from .catalogue.reader import Catalog, load_catalog
from .eligibility.criteria import Case, CompanyFacts
from .eligibility.schemes import LAB_TESTS, company_facts, evaluate, evaluate_all, find_scheme, project_facts
from .errors import InvalidInputError, UnknownNameError
from .events import exports as event_exports
from .events.service import Events, Organisations, read_event
from .matching.embedders import embedder_params
from .matching.ranking import LabRanker, check_need, normalise_region
from .matching.text import fold
from .proposals import partnership_schemes, propose
from .records.accounts import User
from .records.catalogue import COLLABORATION_KINDS, Collaboration, Company, Lab, Match, Need, collaboration_problems
from .records.events import Event
from .records.proposals import Proposal
from .records.results import (
    Bridge,
    CataloguePage,
    Communities,
    Community,
    Edge,
    Facets,
    Introduction,
    Member,
    Network,
    Node,
    Partner,
)
from .records.schedule import Schedule, Stage
from .records.schemes import Scheme, Verdict
from .settings import Settings
from .store import Store
from .store.accounts import Accounts
from .store.catalogue import Upgrade
from .store.events import EventRepository
from .store.followups import Followups

T = TypeVar("T")

# What a schedule exports: for the whole event, and for one participant.
SCHEDULE_EXPORTS = {"meetings_csv": event_exports.meetings_csv, "unscheduled_csv": event_exports.unscheduled_csv,
                    "workbook": event_exports.workbook, "grid_pdf": event_exports.grid_pdf,
                    "agendas_pdf": event_exports.agendas_pdf}
PARTICIPANT_EXPORTS = {"agenda_pdf": event_exports.agenda_pdf, "calendar": event_exports.calendar}


@dataclass
class Engine:
    """Tandem's operations over a store.

    The ranking index is built lazily and rebuilt when the store's revision
    changes (a new import, an edited lab), so answers always reflect the store.
    """

    settings: Settings = field(default_factory=Settings.from_env)

    def __post_init__(self) -> None:
        self._cache = {}  # name -> (store revision, value)
        self._lock = threading.RLock()  # a build may read another cached value

    # The store and the services over it, made on first use: building an Engine touches no database.
    @functools.cached_property
    def store(self) -> Store:
        """The store of ``settings.database_url``; one not at the latest migration is refused
        (:meth:`upgrade_store` migrates it)."""
        return Store.open(self.settings.database_url)

    @functools.cached_property
    def accounts(self) -> Accounts:
        """The accounts of the web application."""
        return Accounts(self.store)

    @functools.cached_property
    def followups(self) -> Followups:
        """Where each proposal stands."""
        return Followups(self.store)

    @functools.cached_property
    def events(self) -> Events:
        """The brokerage events: given the repository, the organisations and the ranker, never the Engine."""
        return Events(EventRepository(self.store), self._organisations, self.ranker)

    def upgrade_store(self) -> Upgrade:
        """Create the store's schema or migrate it to the latest migration (``matcher db upgrade``);
        returns what was done (:class:`~matcher.store.catalogue.Upgrade`)."""
        # Through the opened store when there is one; else the new connection becomes the store
        # (``store`` is a cached property, kept in the instance's __dict__).
        store = self.__dict__.get("store") or Store(self.settings.database_url)
        done = store.upgrade()
        self.__dict__["store"] = store
        return done

    def _organisations(self) -> Organisations:
        """What the event service knows of the store's organisations (read when it asks)."""
        return Organisations(companies={company.id: company for company in self.store.companies()},
                             labs={lab.id: lab for lab in self.catalogue()},
                             collaborations=self.store.collaborations(), open_needs=self.store.needs(status="open"))

    def _by_revision(self, name: str, build: Callable[[], T]) -> T:
        """``build()``, kept until the store's content changes (an import, an edited lab, a new collaboration)."""
        revision = self.store.revision()
        with self._lock:
            kept = self._cache.get(name)
            if kept is None or kept[0] != revision:
                kept = self._cache[name] = (revision, build())
            return kept[1]

    # Catalogue -----------------------------------------------------------
    def check_catalog(self, path: str | Path | None = None) -> Catalog:
        """The catalogue folder ``path`` (default: ``settings.data_dir``), validated; its problems
        are raised together as a :class:`~matcher.errors.DataError`. The store is not touched."""
        return load_catalog(path or self.settings.data_dir)

    def import_catalog(self, path: str | Path | None = None) -> dict[str, dict]:
        """Validate a catalogue folder, then upsert it; nothing is written when it has problems.

        It is the seeding step, so the store's schema is brought up to date first (as
        :meth:`upgrade_store` does)."""
        catalog = self.check_catalog(path)
        self.upgrade_store()
        return self.store.import_catalog(catalog)

    def labs(self, region: str | None = None) -> list[Lab]:
        """The store's labs (of one region: a name or an alias such as ``aura``), detailed ones first."""
        return self.store.labs(normalise_region(region) if region else None)

    def get(self, kind: str, record_id: str) -> Lab | Company | Need | Collaboration:
        """The lab, company or need ``record_id``; an unknown id is a clear error."""
        record = self.store.get(kind, record_id)
        if record is None:
            noun = {"labs": "lab", "companies": "company", "needs": "need", "collaborations": "collaboration"}[kind]
            raise _unknown(noun, record_id, self.store.ids(kind))
        return record

    def catalogue(self) -> list[Lab]:
        """Every lab, detailed profiles first (kept until the store changes)."""
        return self._by_revision("labs", self.store.labs)

    def browse_labs(self, q: str | None = None, region: str | None = None, domain: str | None = None,
                    parent: str | None = None, page: int = 1, per_page: int = 20) -> CataloguePage:
        """One page of the catalogue, filtered.

        ``q`` is looked for (accents and case aside) in the acronym, name, city, themes and
        keywords; ``parent`` in the parent bodies (CNRS, Inserm, an university…).
        """
        if page < 1:
            raise InvalidInputError(f"page {page} does not exist: pages are numbered from 1")
        if not 1 <= per_page <= 100:
            raise InvalidInputError(f"per_page={per_page}: show between 1 and 100 labs a page")
        labs = self.catalogue()
        region = normalise_region(region) if region else None
        if domain:
            domain = _choice("domain", domain, sorted({d for lab in labs for d in lab.domains}))
        words = fold(q or "").split()
        found = [
            lab for lab in labs
            if (region is None or lab.region == region)
            and (not domain or domain in lab.domains)
            and (not parent or any(fold(parent) in fold(body) for body in lab.parents))
            and all(word in _haystack(lab) for word in words)
        ]
        pages = max(1, -(-len(found) // per_page))
        return CataloguePage(tuple(found[(page - 1) * per_page: page * per_page]), len(found), page, pages)

    def facets(self) -> Facets:
        """The values the catalogue filters offer: regions, domains and the most common parent bodies."""
        def build():
            labs = self.catalogue()
            counts = {}
            for lab in labs:
                for body in lab.parents:
                    counts[body] = counts.get(body, 0) + 1
            common = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:30]
            return Facets(regions=tuple(sorted({lab.region for lab in labs})),
                          domains=tuple(sorted({d for lab in labs for d in lab.domains})),
                          parents=tuple(body for body, _ in common))

        return self._by_revision("facets", build)

    def update_lab(self, lab_id: str, changes: dict) -> Lab:
        """Edit a lab's profile (``changes``: fields of :class:`~matcher.records.Lab`); the ranking sees it at once.

        The whole new profile is validated; a problem is named and nothing is written.
        """
        lab = self.get("labs", lab_id)
        if "id" in changes and changes["id"] != lab.id:
            raise InvalidInputError("a lab's id cannot change")
        edited = Lab.from_dict({**lab.to_dict(), **changes}, what="the profile")
        if edited != lab:
            self.store.replace("labs", edited)
        return edited

    def needs_of(self, company_id: str, status: str | None = None) -> list[Need]:
        """A company's needs (an unknown company is a clear error)."""
        return self.store.needs(status=status, company_id=self.get("companies", company_id).id)

    def save_need(self, company_id: str, title: str, text: str, lang: str = "fr",
                  trl: str | tuple[int, int] | None = None, user_id: int | None = None, propose_top: int = 5) -> Need:
        """Save a new need of a company, and record its ``propose_top`` best labs as proposed."""
        self.get("companies", company_id)
        data = {"id": tabular.slugify(title) or "need", "company_id": company_id, "title": title, "text": text,
                "lang": lang}
        if trl is not None:
            data["trl"] = project_facts(trl)[0]
        need = Need.from_dict(data, what="the need")
        matches = self.match([need.text], top=propose_top)[0]  # before saving: a need with no text is refused
        need = self.store.add_need(need, created_by=user_id)
        self.followups.propose(need.id, [(m.lab_id, round(float(m.score), 4)) for m in matches])
        return need

    def check_needs_file(self, filename: str, content: bytes) -> list[tabular.Row]:
        """Rows of a CSV or Excel file of needs, each valid or with its problems (nothing is saved)."""
        rows = tabular.read_table(filename, content)
        return tabular.check_rows(rows, set(self.store.ids("companies")), tabular.slugify, check_need)

    def lab_schemes(self, lab_id: str, today: datetime.date | None = None) -> list[Verdict]:
        """Partnership schemes a lab can take part in (its kind and region allow it), whatever the company."""
        lab = self.get("labs", lab_id)
        case = Case(None, labs=(lab,), **({"today": today} if today else {}))
        return [evaluate(scheme, case, tests=LAB_TESTS) for scheme in partnership_schemes(self.schemes())]

    def network(self, org_id: str, hops: int = 1) -> Network:
        """The organisations within ``hops`` collaborations of ``org_id`` and the collaborations between them
        (for an interactive view)."""
        if hops not in (1, 2):
            raise InvalidInputError(f"hops={hops!r}: show partners (1) or partners of partners (2)")
        self.organisation(org_id)
        found = graph.ego_network(self.graph(), org_id, hops)
        return Network(tuple(Node(**node) for node in found["nodes"]), tuple(Edge(**edge) for edge in found["edges"]))

    # Schemes and proposals -------------------------------------------------
    def schemes(self) -> list[Scheme]:
        """The funding schemes of the store, as read from the catalogue's schemes.yaml."""
        return self.store.schemes()

    def check_schemes(self, company: CompanyFacts, lab_ids: Iterable[str] = (),
                      trl: str | tuple[int, int] | None = None, budget: float | None = None, months: int | None = None,
                      scheme_id: str | None = None) -> list[Verdict]:
        """Verdicts of every scheme (or of ``scheme_id``) for a company (CompanyFacts) with these labs."""
        schemes = self.schemes()
        if scheme_id is not None:
            schemes = [find_scheme(schemes, scheme_id)]
        trl, budget, months = project_facts(trl, budget, months)
        labs = tuple(self.get("labs", lab_id) for lab_id in lab_ids)
        return evaluate_all(schemes, Case(company, labs, trl, budget, months))

    def company_facts(self, company_id: str | None = None, **inline: object) -> CompanyFacts:
        """What the scheme checks know of a catalogue company, or of one described inline."""
        return company_facts(self.get("companies", company_id)) if company_id else company_facts(**inline)

    def propose(self, need_id: str | None = None, text: str | None = None, company: CompanyFacts | None = None,
                top: int = 5, trl: str | tuple[int, int] | None = None, budget: float | None = None,
                months: int | None = None, region: str | None = None, department: str | None = None,
                parent: str | None = None) -> list[Proposal]:
        """Partnership proposals for a catalogue need, or for a free text with inline company facts.

        ``region``, ``department`` and ``parent`` filter the labs as :meth:`match` does. ``trl``
        is checked against the schemes' TRL rules; for a free text (a search) it filters the labs
        too, while a saved need's TRL describes the project and keeps labs of unknown TRL.
        """
        company_id = None
        if need_id is not None:
            need = self.get("needs", need_id)
            company_id, company, text = need.company_id, self.company_facts(need.company_id), need.text
            trl = trl or need.trl
            shown = {"id": need.id, "title": need.title, "company_id": need.company_id}
        elif company is None:
            raise InvalidInputError("describe the company (headcount, founding year, region) to check the schemes")
        else:
            shown = {"id": None, "title": text.strip()[:120] if isinstance(text, str) else "", "company_id": None}
        trl, budget, months = project_facts(trl, budget, months)
        matches = self.match([text], top=top, company_id=company_id, region=region, department=department,
                             parent=parent, trl=trl if need_id is None else None)[0]
        labs = {match.lab_id: self.get("labs", match.lab_id) for match in matches}
        return propose(shown, matches, company, labs, self.schemes(), trl, budget, months)

    def propose_for_lab(self, lab_id: str, top: int = 10) -> list[Proposal]:
        """The open needs that suit a lab best, each as a proposal (the tech-transfer officer's view)."""
        lab = self.get("labs", lab_id)
        needs = self.store.needs(status="open")
        if not needs:
            return []
        found = self.ranker().rank([need.text for need in needs], top=1, lab_ids=[lab.id])
        scored = sorted(((ms[0], need) for ms, need in zip(found, needs) if ms),
                        key=lambda pair: (-pair[0].score, pair[1].id))[:top]
        schemes = self.schemes()
        proposals = []
        for match, need in scored:
            shown = {"id": need.id, "title": need.title, "company_id": need.company_id}
            proposals += propose(shown, [match], self.company_facts(need.company_id), {lab.id: lab}, schemes,
                                 trl=need.trl)
        return proposals

    # Ranking -------------------------------------------------------------
    def ranker(self) -> LabRanker:
        """The ranking index over the store's labs, fitted once per store revision (and cached on disk)."""
        def build():
            settings = self.settings
            options = embedder_params(
                settings.embedder, glossary=self.store.glossary() or None, model=settings.sbert_model,
                weight=settings.hybrid_weight, embedding_cache=settings.cache_dir,
            )
            return LabRanker(self.store.labs(), embedder=settings.embedder, cache_dir=settings.cache_dir, **options)

        return self._by_revision("ranker", build)

    def match(self, needs: Sequence[str], top: int = 10, region: str | None = None, department: str | None = None,
              parent: str | None = None, trl: tuple[int, int] | None = None,
              company_id: str | None = None) -> list[list[Match]]:
        """For each need text, the ``top`` best labs (lists of :class:`~matcher.records.catalogue.Match`).

        With ``company_id`` and a graph weight (``TANDEM_GRAPH_WEIGHT``), the company's known
        collaborations weigh in, with their reasons.
        """
        ranker = self.ranker()
        context = {}
        if company_id is not None and self.settings.graph_weight:
            company = self.get("companies", company_id)
            signals, reasons = graph.graph_signals(self.graph(), company.id, company.sector_group,
                                                   [lab.id for lab in ranker.labs])
            context = {"prior": np.tile(signals, (len(needs), 1)), "prior_reasons": [reasons] * len(needs),
                       "prior_weight": self.settings.graph_weight}
        return ranker.rank(needs, top=top, region=region, department=department, parent=parent, trl=trl, **context)

    # Collaboration graph ---------------------------------------------------
    def graph(self) -> nx.Graph:
        """The collaboration graph of the store (built again when the store changes)."""
        return self._by_revision("graph", lambda: graph.build_graph(self.store.labs(), self.store.companies(),
                                                                     self.store.collaborations()))

    def organisation(self, org_id: str) -> dict:
        """The graph node ``org_id`` (a lab or a company); an unknown id is a clear error."""
        G = self.graph()
        if org_id not in G:
            raise _unknown("organisation", org_id, list(G))
        return G.nodes[org_id]

    def partners(self, org_id: str) -> list[Partner]:
        """Who a lab or a company worked with, most recent first: each partner and their collaborations."""
        self.organisation(org_id)
        G = self.graph()
        return [Partner(id=other, **G.nodes[other], collaborations=tuple(collaborations))
                for other, collaborations in graph.partners(G, org_id)]

    def introductions(self, source: str, target: str, max_paths: int = 3) -> list[Introduction]:
        """Warm introductions from ``source`` to ``target``: the shortest chains of known partners."""
        self.organisation(source)
        self.organisation(target)
        return [Introduction(**found)
                for found in graph.warm_introductions(self.graph(), source, target, max_paths=max_paths)]

    def communities(self) -> Communities:
        """Louvain communities with their themes (the labs' keywords), and the organisations bridging them."""
        G = self.graph()
        groups = graph.communities(G)
        keywords = {lab.id: lab.keywords.en for lab in self.store.labs() if lab.detailed}
        themes = graph.community_themes(groups, keywords)
        member = lambda node: Member(node, G.nodes[node]["name"], G.nodes[node]["kind"])  # noqa: E731
        return Communities(
            communities=tuple(Community(tuple(map(member, group)), tuple(words))
                              for group, words in zip(groups, themes)),
            bridges=tuple(Bridge(node, G.nodes[node]["name"], G.nodes[node]["kind"], value, tuple(touched))
                          for node, value, touched in graph.bridges(G, groups)),
        )

    def _new_collaboration_id(self, data: dict) -> str:
        """``lab-company-kind-year``, numbered when taken."""
        years = data.get("years") or ()
        base = "-".join(str(part) for part in (*data["between"], data.get("kind"), *years[:1])).replace("_", "-")
        taken = set(self.store.ids("collaborations"))
        return next(candidate for candidate in (base, *(f"{base}-{n}" for n in range(2, len(taken) + 3)))
                    if candidate not in taken)

    def add_collaboration(self, data: dict) -> Collaboration:
        """Record a new collaboration; a duplicate or an unknown organisation is refused, nothing written."""
        if not data.get("id") and isinstance(data.get("between"), (list, tuple)):
            data = {**data, "id": self._new_collaboration_id(data)}
        collaboration = Collaboration.from_dict(data, what="the collaboration")
        if self.store.get("collaborations", collaboration.id) is not None:
            raise InvalidInputError(f"a collaboration with id {collaboration.id!r} is already recorded: "
                                    "choose another id")
        kinds = {node: attrs["kind"] for node, attrs in self.graph().nodes(data=True)}
        existing = {c.key for c in self.store.collaborations()}
        problems = collaboration_problems(collaboration, kinds, existing, {s.id for s in self.schemes()})
        if problems:
            raise InvalidInputError("the collaboration is refused: " + "; ".join(problems))
        self.store.add("collaborations", collaboration)
        return collaboration

    # The web's readings of the store (views call the Engine, never the store) -------------------
    def companies(self) -> list[Company]:
        """Every company of the store."""
        return self.store.companies()

    def needs(self, status: str | None = None) -> list[Need]:
        """Every need of the store, or those with ``status`` (open or closed)."""
        return self.store.needs(status=status)

    # What the web shows in words (kept here so that views only parse, call and render) --------
    def collaboration_hints(self, lab_ids: Iterable[str], company_id: str | None = None,
                            top: int = 3) -> dict[str, list[dict[str, str]]]:
        """What the collaboration graph knows of each lab, as sentences ``{"fr", "en"}``: ``{lab id: [hint]}``.

        For the company ``company_id``: how it could be introduced to the lab, and the lab's
        partners of its sector; without one, the companies each lab already worked with. At
        most ``top`` a lab: a glance (the lab's page has its whole network).
        """
        G = self.graph()
        company = self.get("companies", company_id) if company_id is not None else None
        sector_group = company.sector_group if company else None
        return {lab_id: graph.collaboration_hints(G, lab_id, company_id, sector_group, top=top) for lab_id in lab_ids}

    def describe_collaboration(self, collaboration: dict, lang: str = "en") -> str:
        """A collaboration (as :meth:`network` and :meth:`partners` give it) in words: ``"joint lab, 2019–2023"``."""
        return graph.describe(self.graph(), collaboration, lang)

    def collaboration_kinds(self, lang: str = "en") -> list[tuple[str, str]]:
        """``[(kind, words)]``: every kind a collaboration may have, with its name in ``lang``."""
        return [(kind, graph.KIND_WORDS[kind][lang == "en"]) for kind in COLLABORATION_KINDS]

    def event_stages(self, user: User) -> list[tuple[Event, Stage | None, str]]:
        """The events ``user`` may read, most recent first, each as ``(event, stage, state)``.

        Those who run events read them all, others the events where they act for a participant.
        ``stage`` tells where the newest schedule stands (None before the first); ``state`` is
        "published" once participants have agendas (a newer draft may await publication),
        "draft" when scheduled but nothing published yet, "none" before that.
        """
        stages = self.events.stages()
        found = []
        for event in filter(lambda event: self.may_read_event(user, event), self.events.all()):
            stage = stages.get(event.id)
            state = "none" if stage is None else "published" if stage.any_published else "draft"
            found.append((event, stage, state))
        return found

    @staticmethod
    def may_read_event(user: User, event: Event) -> bool:
        """Those who run events read every event; others only the events where they act for a participant."""
        return user.runs_events() or any(user.acts_for(p.id) for p in event.participants)

    def create_event(self, data: dict, user_id: int | None = None) -> Event:
        """Create an event from plain data (as in an event file): every problem of the document is
        named at once, then what only the store can see (unknown participants); 409 for a taken id."""
        return self.events.create(read_event(data), user_id)

    def export_schedule(self, kind: str, event: Event, schedule: Schedule, lang: str = "fr",
                        participant_id: str | None = None) -> str | bytes:
        """An event's schedule as a file's content (text for CSV and calendars, bytes otherwise).

        ``kind``: one of :data:`SCHEDULE_EXPORTS` for the whole event, or one of
        :data:`PARTICIPANT_EXPORTS` (``agenda_pdf``, ``calendar``) for ``participant_id``.
        """
        if kind in SCHEDULE_EXPORTS:
            return SCHEDULE_EXPORTS[kind](event, schedule, lang=lang)
        if kind in PARTICIPANT_EXPORTS:
            return PARTICIPANT_EXPORTS[kind](event, schedule, participant_id, lang=lang)
        raise _unknown("export", kind, [*SCHEDULE_EXPORTS, *PARTICIPANT_EXPORTS])

    def export_graph(self, fmt: str) -> tuple[str, int, int]:
        """The collaboration graph, its organisations with at least one link, as text for Gephi,
        Cytoscape or a script: ``(text, organisations, links)``; ``fmt`` is graphml or json."""
        linked = graph.linked(self.graph())
        if fmt == "json":
            text = json.dumps(graph.to_json(linked), ensure_ascii=False, indent=2)
        elif fmt == "graphml":
            text = "\n".join(graph.graphml_lines(linked))
        else:
            raise InvalidInputError(f"unknown graph format {fmt!r}: use graphml or json")
        return text, linked.number_of_nodes(), linked.number_of_edges()


def _unknown(noun: str, name: str, known: Iterable[str]) -> UnknownNameError:
    """The error for an id that is not there, with the closest known ones."""
    close = difflib.get_close_matches(str(name), known, n=3)
    hint = f"did you mean {', '.join(close)}?" if close else f"no {noun} has this id in the store"
    return UnknownNameError(f"unknown {noun} {name!r}: {hint}")


def _haystack(lab: Lab) -> str:
    return fold(" ".join((lab.acronym, lab.name, lab.city, *lab.themes.fr, *lab.themes.en, *lab.keywords.fr,
                          *lab.keywords.en)))


def _choice(noun: str, value: str, accepted: Sequence[str]) -> str:
    """``value`` if it is one of ``accepted`` (accents and case aside), else a clear error."""
    for option in accepted:
        if fold(option) == fold(value):
            return option
    raise InvalidInputError(f"unknown {noun} {value!r}: use one of {', '.join(accepted)}")
