//! Returns cases for the people the scenario lands at Dover: asylum claims
//! pending and refused, suspensive appeals, protection granted, minors
//! whose age is disputed, trafficking victims in their reflection period,
//! families removed together, placements in the return hubs of the UK's
//! preliminary list (Kosovo, Serbia, North Macedonia, Bosnia and
//! Herzegovina, as the seeds report), "one in, one out" referrals to
//! France, Rule 39 measures and detention with its review clocks.
//!
//! Each case is written as a case officer would work it: every step the
//! safeguards engine judges is proposed to `corridor_returns::check` on the
//! history so far (with the hubs' occupancy counted from the cases before
//! it) and recorded only if allowed, so the file imports cleanly through
//! the store, which judges every step again. The cases draw on a ChaCha8
//! stream of their own: the reports' bytes and stream are untouched.

use std::io::Write;

use chrono::{Datelike, Duration, NaiveDate};
use corridor_returns::file::{HubRecord, Identity, NewCase};
use corridor_returns::{
    check, CaseHistory, Country, Destination, Event, EventKind, FamilyMember, Hub, Jurisdiction,
    Person, Relationship, ReturnDocument, ReturnDocumentKind, Sex, Vulnerability,
};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;

use crate::world::{Part, World};
use crate::Size;

/// The seed of the cases' stream is the scenario's, mixed with this, so
/// that they never share a stream with the reports.
const STREAM: u64 = 0x6361_7365_735f_7631; // "cases_v1"

/// What the scenario writes for the returns side.
pub struct Cases {
    pub file: Vec<u8>,
    pub truth: Vec<u8>,
    pub count: u64,
}

/// The hubs: the UK government's preliminary list of host countries as the
/// seeds report it (Albania refused). Names, capacities and rules are
/// invented for the demo.
fn hubs() -> Vec<HubRecord> {
    let hub =
        |id: &str, name: &str, host: &str, capacity: u32, others: u32, nationalities: &[&str]| {
            HubRecord {
                id: id.into(),
                name: Some(name.into()),
                host_state: country(host),
                capacity,
                other_occupants: others,
                eligibility: corridor_returns::HubEligibility {
                    sexes: vec![Sex::Male],
                    nationalities: nationalities.iter().map(|c| country(c)).collect(),
                },
            }
        };
    vec![
        hub("hub-xkx", "Return hub Kosovo (planned)", "XKX", 60, 14, &[]),
        hub("hub-srb", "Return hub Serbia (planned)", "SRB", 80, 21, &[]),
        hub(
            "hub-mkd",
            "Return hub North Macedonia (planned)",
            "MKD",
            50,
            9,
            &[],
        ),
        hub(
            "hub-bih",
            "Return hub Bosnia and Herzegovina (planned)",
            "BIH",
            40,
            6,
            &["MAR", "EGY", "TUR", "PAK", "IRQ"],
        ),
    ]
}

fn country(code: &str) -> Country {
    Country::new(code).expect("the scenario's country codes are valid")
}

/// Nationalities no one is returned to (the engine's built-in risks).
fn unsafe_origin(nationality: &str) -> bool {
    corridor_returns::built_in_destination_risks()
        .iter()
        .any(|r| r.country.as_str() == nationality)
}

/// How a case goes, drawn for each person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Course {
    ClaimPending,
    AppealPending,
    RemovedToOrigin,
    Protected,
    MinorAgeDisputed,
    TraffickingVictim,
    FamilyRemoved,
    ReturnHub,
    OneInOneOut,
    Rule39,
    DetainedAwaitingDocuments,
}

impl Course {
    fn name(self) -> &'static str {
        match self {
            Course::ClaimPending => "claim_pending",
            Course::AppealPending => "appeal_pending",
            Course::RemovedToOrigin => "removed_to_origin",
            Course::Protected => "protected",
            Course::MinorAgeDisputed => "minor_age_disputed",
            Course::TraffickingVictim => "trafficking_victim",
            Course::FamilyRemoved => "family_removed",
            Course::ReturnHub => "return_hub",
            Course::OneInOneOut => "one_in_one_out",
            Course::Rule39 => "rule39",
            Course::DetainedAwaitingDocuments => "detained_awaiting_documents",
        }
    }
}

fn course(rng: &mut ChaCha8Rng, victim: bool, male: bool, at_risk: bool) -> Course {
    if victim {
        return Course::TraffickingVictim;
    }
    // Nobody is returned to a country on the list of destination risks:
    // protection, or a claim or appeal still open.
    if at_risk {
        return *[
            Course::Protected,
            Course::Protected,
            Course::ClaimPending,
            Course::ClaimPending,
            Course::AppealPending,
        ]
        .choose(rng)
        .unwrap_or(&Course::Protected);
    }
    let weighted = [
        (Course::ClaimPending, 14),
        (Course::AppealPending, 12),
        (Course::RemovedToOrigin, 14),
        (Course::Protected, 8),
        (Course::MinorAgeDisputed, 10),
        (Course::FamilyRemoved, 7),
        (Course::ReturnHub, if male { 36 } else { 0 }),
        (Course::OneInOneOut, 14),
        (Course::Rule39, 4),
        (Course::DetainedAwaitingDocuments, 6),
    ];
    let total: u32 = weighted.iter().map(|w| w.1).sum();
    let mut roll = rng.random_range(0..total);
    for (c, w) in weighted {
        if roll < w {
            return c;
        }
        roll -= w;
    }
    Course::ClaimPending
}

/// One case being worked: its history so far, and the hubs as they stand.
struct Officer<'a> {
    case: CaseHistory,
    end: NaiveDate,
    /// The cases written before this one, for the hubs' occupancy.
    earlier: &'a [Vec<Event>],
    records: &'a [HubRecord],
    stopped: bool,
}

impl Officer<'_> {
    /// Records something that happened (not a step the engine judges), if
    /// it is dated within the scenario.
    fn record(&mut self, date: NaiveDate, kind: EventKind, by: &str, basis: &str, why: &str) {
        if self.stopped || date > self.end {
            self.stopped = true;
            return;
        }
        self.case.events.push(Event {
            date,
            by: Some(by.into()),
            legal_basis: Some(basis.into()),
            rationale: Some(why.into()),
            kind,
        });
    }

    /// Proposes a step and records it only if the safeguards allow it;
    /// returns whether it was taken.
    fn step(&mut self, date: NaiveDate, kind: EventKind, by: &str, basis: &str, why: &str) -> bool {
        if self.stopped || date > self.end {
            self.stopped = true;
            return false;
        }
        let event = Event {
            date,
            by: Some(by.into()),
            legal_basis: Some(basis.into()),
            rationale: Some(why.into()),
            kind,
        };
        let Some(step) = event.as_step() else {
            self.case.events.push(event);
            return true;
        };
        let mut case = self.case.clone();
        case.hubs = self.hubs(date);
        if check(&case, &step).allowed {
            self.case.events.push(event);
            true
        } else {
            false
        }
    }

    fn hubs(&self, on: NaiveDate) -> Vec<Hub> {
        self.records
            .iter()
            .map(|h| {
                let here = self
                    .earlier
                    .iter()
                    .filter(|events| {
                        corridor_returns::hubs::current_stay(events.iter(), on)
                            .is_some_and(|(id, _)| id == h.id)
                    })
                    .count() as u32;
                Hub {
                    id: h.id.clone(),
                    name: h.name.clone(),
                    host_state: h.host_state.clone(),
                    capacity: h.capacity,
                    occupancy: h.other_occupants + here,
                    eligibility: h.eligibility.clone(),
                }
            })
            .collect()
    }
}

const HO: &str = "Home Office, asylum decision-maker";
const IE: &str = "Home Office, Immigration Enforcement";
const FTT: &str = "First-tier Tribunal (Immigration and Asylum Chamber)";

fn days(n: i64) -> Duration {
    Duration::days(n)
}

/// The shared start of every case: landing at Dover, screening.
fn arrive(o: &mut Officer, arrived: NaiveDate) {
    o.record(
        arrived,
        EventKind::Arrival {
            place: Some("Dover".into()),
            mode: Some(corridor_returns::ArrivalMode::SmallBoat),
        },
        "Border Force, Dover",
        "Immigration Act 1971 Sch. 2 para. 2 (examination on arrival)",
        "Landed at Dover from a small boat; examined, fingerprinted and served notice of illegal entry.",
    );
}

fn claim(o: &mut Officer, on: NaiveDate) {
    o.record(
        on,
        EventKind::AsylumClaim {},
        "Home Office, Asylum Intake Unit",
        "Immigration Rules para. 327",
        "Claim for asylum registered at the screening interview.",
    );
}

fn refuse(o: &mut Officer, on: NaiveDate) {
    o.record(
        on,
        EventKind::AsylumDecision {
            outcome: corridor_returns::AsylumOutcome::Refused,
        },
        HO,
        "Immigration Rules paras. 336 and 339; Refugee Convention Art. 1A(2)",
        "The account of persecution was not found credible and internal relocation is available; claim refused.",
    );
}

fn appeal(o: &mut Officer, on: NaiveDate, reference: &str) {
    o.record(
        on,
        EventKind::AppealLodged {
            reference: Some(reference.into()),
            against: corridor_returns::AppealAgainst::AsylumDecision,
            suspensive: true,
        },
        FTT,
        "Nationality, Immigration and Asylum Act 2002 s.82",
        "Appeal lodged in time against the refusal; in-country right of appeal, suspensive.",
    );
}

fn dismiss(o: &mut Officer, on: NaiveDate, reference: &str) {
    o.record(
        on,
        EventKind::AppealDecided {
            reference: Some(reference.into()),
            outcome: corridor_returns::AppealOutcome::Dismissed,
        },
        FTT,
        "Nationality, Immigration and Asylum Act 2002 ss.84-86",
        "Appeal dismissed: the Tribunal found no real risk of serious harm on return.",
    );
}

fn return_decision(o: &mut Officer, on: NaiveDate, to: Destination, exception: Option<&str>) {
    o.record(
        on,
        EventKind::ReturnDecision {
            destination: Some(to),
            voluntary_departure_exception: exception.map(str::to_owned),
        },
        IE,
        "Immigration and Asylum Act 1999 s.10",
        "No leave to remain after the claim was finally determined; removal decision served.",
    );
}

fn voluntary_departure(o: &mut Officer, on: NaiveDate, period: u32) {
    o.record(
        on,
        EventKind::VoluntaryDepartureOffered {
            period_days: period,
        },
        "Home Office, Voluntary Returns Service",
        "Immigration Rules Part 9A; Voluntary Returns Service policy",
        "Offered assisted voluntary return with a reintegration package.",
    );
}

fn decline(o: &mut Officer, on: NaiveDate) {
    o.record(
        on,
        EventKind::VoluntaryDepartureDeclined {},
        "Home Office, Voluntary Returns Service",
        "Voluntary Returns Service policy",
        "Declined voluntary return in writing.",
    );
}

fn monitor(o: &mut Officer, on: NaiveDate, operation: &str) {
    o.record(
        on,
        EventKind::MonitorAssigned {
            monitor: Some("Independent Monitoring Board".into()),
        },
        "Independent Monitoring Board",
        "Immigration Act 2016; charter monitoring arrangements",
        &format!("Monitor assigned to operation {operation}."),
    );
}

fn document(o: &mut Officer, on: NaiveDate, issuer: &str, number: String) {
    o.record(
        on,
        EventKind::TravelDocumentObtained {
            issuer: Some(country(issuer)),
            document: Some(ReturnDocument {
                kind: ReturnDocumentKind::EmergencyTravelDocument,
                number,
                issuing_state: country(issuer),
                expires: Some(on + days(90)),
            }),
        },
        "Home Office, Returns Preparation",
        "Immigration and Asylum Act 1999 s.10; the bilateral returns arrangement with the issuing state",
        "Emergency travel document issued by the consulate after identity was verified.",
    );
}

fn detain(o: &mut Officer, on: NaiveDate, until: NaiveDate) -> bool {
    o.step(
        on,
        EventKind::DetentionOrdered { until: Some(until) },
        "Immigration Enforcement, Detention Gatekeeper",
        "Immigration Act 1971 Sch. 2 para. 16(2)",
        "Removal is imminent and a risk of absconding was assessed; Adults at Risk policy considered (level 1).",
    )
}

fn removal(
    o: &mut Officer,
    on: NaiveDate,
    executed: bool,
    to: Option<Destination>,
    with: Vec<String>,
    operation: &str,
) -> bool {
    let (destination, mode, accompanied_by, operation) = (
        to,
        corridor_returns::RemovalMode::Forced,
        with,
        Some(operation.to_owned()),
    );
    let kind = if executed {
        EventKind::RemovalExecuted {
            destination,
            mode,
            accompanied_by,
            operation,
        }
    } else {
        EventKind::RemovalScheduled {
            destination,
            mode,
            accompanied_by,
            operation,
        }
    };
    let why = if executed {
        "Removed under escort on the operation; the monitor was present."
    } else {
        "Removal directions set; travel document held; no pending remedy."
    };
    o.step(
        on,
        kind,
        IE,
        "Immigration and Asylum Act 1999 s.10; removal directions",
        why,
    )
}

fn outcome(o: &mut Officer, on: NaiveDate, result: &str) {
    o.record(
        on,
        EventKind::Outcome {
            result: result.into(),
        },
        IE,
        "Immigration and Asylum Act 1999 s.10",
        "Arrival confirmed by the receiving state; case closed.",
    );
}

/// A refused claim, an appeal dismissed, a return decision and voluntary
/// departure offered and declined: the common road to a removal.
fn refused_road(o: &mut Officer, rng: &mut ChaCha8Rng, from: NaiveDate, n: usize) -> NaiveDate {
    let refused = from + days(rng.random_range(40..120));
    refuse(o, refused);
    // Not everyone appeals: the window closes after 14 days.
    if rng.random_bool(0.35) {
        return refused + days(rng.random_range(15..25));
    }
    let reference = format!("PA/{:05}/{}", n, refused.year());
    let lodged = refused + days(rng.random_range(3..13));
    appeal(o, lodged, &reference);
    let heard = lodged + days(rng.random_range(30..90));
    dismiss(o, heard, &reference);
    heard
}

fn operation(rng: &mut ChaCha8Rng, on: NaiveDate) -> String {
    format!("OP-{}-{:03}", on.format("%Y%m%d"), rng.random_range(1..40))
}

/// Works one case for person `p`, who landed on `arrived`.
#[allow(clippy::too_many_arguments)]
fn work(
    o: &mut Officer,
    rng: &mut ChaCha8Rng,
    course: Course,
    n: usize,
    arrived: NaiveDate,
    origin: &str,
    family: &[String],
    france: Option<NaiveDate>,
) {
    arrive(o, arrived);
    let origin_dest = || Destination::CountryOfOrigin {
        country: country(origin),
    };
    match course {
        Course::ClaimPending => claim(o, arrived + days(1)),
        Course::Protected => {
            claim(o, arrived + days(1));
            o.record(
                arrived + days(rng.random_range(60..200)),
                EventKind::AsylumDecision {
                    outcome: corridor_returns::AsylumOutcome::Granted,
                },
                HO,
                "Immigration Rules para. 334",
                "A well-founded fear of persecution was established; refugee status granted.",
            );
        }
        Course::AppealPending => {
            claim(o, arrived + days(1));
            let refused = arrived + days(rng.random_range(40..150));
            refuse(o, refused);
            appeal(
                o,
                refused + days(rng.random_range(3..13)),
                &format!("PA/{n:05}/{}", refused.year()),
            );
        }
        Course::MinorAgeDisputed => {
            claim(o, arrived + days(1));
            let assessed = arrived + days(rng.random_range(20..90));
            let adult = rng.random_bool(0.5);
            o.record(
                assessed,
                EventKind::AgeAssessment {
                    outcome: if adult {
                        corridor_returns::AgeOutcome::Adult
                    } else {
                        corridor_returns::AgeOutcome::Minor
                    },
                    date_of_birth: None,
                },
                "Local authority social workers (Merton-compliant assessment)",
                "Children Act 1989; Nationality and Borders Act 2022 s.50",
                if adult {
                    "Assessed as an adult after two interviews; the person has been told and may challenge it."
                } else {
                    "Assessed as a child; accommodated by the local authority as an unaccompanied minor."
                },
            );
        }
        Course::TraffickingVictim => {
            claim(o, arrived + days(1));
            o.record(
                arrived + days(2),
                EventKind::TraffickingIdentification {
                    status: corridor_returns::TraffickingStatus::Presumed,
                },
                "Single Competent Authority (National Referral Mechanism)",
                "Nationality and Borders Act 2022 s.60; Modern Slavery Act 2015",
                "Reasonable grounds to believe the person is a victim of trafficking; recovery period begins.",
            );
            if rng.random_bool(0.5) {
                o.record(
                    arrived + days(rng.random_range(45..120)),
                    EventKind::TraffickingIdentification {
                        status: corridor_returns::TraffickingStatus::Identified,
                    },
                    "Single Competent Authority (National Referral Mechanism)",
                    "Modern Slavery Act 2015 s.49; Council of Europe Convention Art. 10",
                    "Conclusive grounds decision: a victim of trafficking.",
                );
            }
        }
        Course::RemovedToOrigin | Course::Rule39 | Course::DetainedAwaitingDocuments => {
            claim(o, arrived + days(1));
            let heard = refused_road(o, rng, arrived, n);
            let decided = heard + days(rng.random_range(5..20));
            return_decision(o, decided, origin_dest(), None);
            voluntary_departure(o, decided, 14);
            let declined = decided + days(rng.random_range(3..14));
            decline(o, declined);
            let doc_day = declined + days(rng.random_range(10..60));
            if course == Course::DetainedAwaitingDocuments {
                detain(o, declined + days(1), declined + days(120));
                if rng.random_bool(0.5) {
                    o.record(
                        declined + days(rng.random_range(90..110)),
                        EventKind::JudicialReview {
                            outcome: corridor_returns::ReviewOutcome::DetentionUpheld,
                        },
                        FTT,
                        "Immigration Act 2016 Sch. 10 para. 11 (automatic bail referral)",
                        "Bail refused: removal within a reasonable time remains in prospect.",
                    );
                }
                return;
            }
            document(
                o,
                doc_day,
                origin,
                format!("ETD-{:06}", rng.random_range(0..1_000_000)),
            );
            let op = operation(rng, doc_day + days(20));
            if !removal(o, doc_day + days(10), false, None, vec![], &op) {
                return;
            }
            if course == Course::Rule39 {
                o.record(
                    doc_day + days(rng.random_range(11..19)),
                    EventKind::Rule39InterimMeasure {
                        application: Some(format!("{}/{}", rng.random_range(10_000..60_000), doc_day.year() % 100)),
                    },
                    "European Court of Human Rights",
                    "Rules of Court, Rule 39",
                    "Interim measure indicated: the applicant is not to be removed while the Court examines the application.",
                );
                return;
            }
            detain(o, doc_day + days(17), doc_day + days(30));
            monitor(o, doc_day + days(19), &op);
            if removal(o, doc_day + days(20), true, None, vec![], &op) {
                outcome(o, doc_day + days(21), &format!("returned to {origin}"));
            }
        }
        Course::FamilyRemoved => {
            claim(o, arrived + days(1));
            let heard = refused_road(o, rng, arrived, n);
            let decided = heard + days(rng.random_range(5..20));
            return_decision(o, decided, origin_dest(), None);
            voluntary_departure(o, decided, 30);
            let after = decided + days(rng.random_range(31..70));
            let op = operation(rng, after + days(14));
            monitor(o, after + days(13), &op);
            // Together: family unity, and no detention of the children.
            if removal(o, after, false, None, family.to_vec(), &op)
                && removal(o, after + days(14), true, None, family.to_vec(), &op)
            {
                outcome(
                    o,
                    after + days(15),
                    &format!("returned to {origin} as a family"),
                );
            }
        }
        Course::ReturnHub => {
            claim(o, arrived + days(1));
            let heard = refused_road(o, rng, arrived, n);
            let decided = heard + days(rng.random_range(5..20));
            let records = o.records;
            let open: Vec<&HubRecord> = records
                .iter()
                .filter(|h| {
                    h.eligibility.nationalities.is_empty()
                        || h.eligibility
                            .nationalities
                            .iter()
                            .any(|c| c.as_str() == origin)
                })
                .collect();
            let Some(hub) = open.choose(rng) else {
                return;
            };
            let to_hub = Destination::ReturnHub {
                hub: hub.id.clone(),
            };
            return_decision(o, decided, to_hub.clone(), None);
            voluntary_departure(o, decided, 14);
            decline(o, decided + days(5));
            let placed = decided + days(rng.random_range(16..40));
            let op = operation(rng, placed);
            monitor(o, placed - days(1), &op);
            if !removal(
                o,
                placed - days(1),
                false,
                Some(to_hub.clone()),
                vec![],
                &op,
            ) || !removal(o, placed, true, Some(to_hub), vec![], &op)
            {
                return;
            }
            if rng.random_bool(0.3) {
                let onward = placed + days(rng.random_range(20..90));
                let op = operation(rng, onward);
                document(
                    o,
                    onward - days(10),
                    origin,
                    format!("ETD-{:06}", rng.random_range(0..1_000_000)),
                );
                monitor(o, onward - days(1), &op);
                if removal(o, onward, true, Some(origin_dest()), vec![], &op) {
                    outcome(
                        o,
                        onward + days(1),
                        &format!("returned to {origin} from the hub"),
                    );
                }
            }
        }
        Course::OneInOneOut => one_in_one_out(o, rng, arrived, france),
    }
}

/// Referred to France within days of landing, France's answer, the claim
/// declared inadmissible, and the removal within three months of the
/// acceptance — sometimes late, sometimes not at all.
fn one_in_one_out(
    o: &mut Officer,
    rng: &mut ChaCha8Rng,
    arrived: NaiveDate,
    france: Option<NaiveDate>,
) {
    claim(o, arrived);
    let referred = arrived
        + days(if rng.random_bool(0.9) {
            rng.random_range(1..4)
        } else {
            5
        });
    o.record(
        referred,
        EventKind::OneInOneOutReferral {},
        "Home Office, Third Country Unit",
        "UK–France agreement on the return of small-boat arrivals (2025)",
        "Referred to France: arrived by small boat after travelling through France.",
    );
    let answered = referred + days(rng.random_range(4..17));
    let accepted = france.is_some() || rng.random_bool(0.85);
    o.record(
        answered,
        EventKind::OneInOneOutAnswer { accepted },
        "French Ministry of the Interior (via the Home Office liaison)",
        "UK–France agreement on the return of small-boat arrivals (2025)",
        if accepted {
            "France accepted the return."
        } else {
            "France refused the return; the claim is considered in the UK."
        },
    );
    if !accepted {
        return;
    }
    o.record(
        answered + days(1),
        EventKind::AsylumDecision {
            outcome: corridor_returns::AsylumOutcome::Inadmissible,
        },
        HO,
        "Immigration Rules paras. 345A-345D (safe third country)",
        "Travelled through France, a safe third country that accepted the return; claim inadmissible.",
    );
    let fra = Destination::ThirdCountry {
        country: country("FRA"),
    };
    return_decision(
        o,
        answered + days(1),
        fra.clone(),
        Some("Removal to France under the UK–France agreement: no period for voluntary departure (risk of absconding)"),
    );
    let when = match france {
        Some(day) if day > answered + days(3) => Some(day),
        Some(_) => Some(answered + days(4)),
        None if rng.random_bool(0.75) => Some(answered + days(rng.random_range(7..80))),
        None => None,
    };
    let Some(when) = when else { return };
    let op = format!("OP-FRA-{}", when.format("%Y%m%d"));
    detain(o, when - days(3), when + days(3));
    monitor(o, when - days(1), &op);
    if removal(o, when, true, Some(fra), vec![], &op) {
        outcome(o, when, "returned to France under the UK–France agreement");
    }
}

/// The cases for the scenario's Dover arrivals, as of `end`.
pub fn generate(
    seed: u64,
    world: &World,
    arrivals: &[(usize, NaiveDate)],
    returned: &[(usize, NaiveDate)],
    size: Size,
    end: NaiveDate,
) -> Cases {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ STREAM);
    let cap: usize = match size {
        Size::Small => 40,
        Size::Medium => 200,
        Size::Large => 1000,
    };
    // Everyone returned to France has a case; then a sample of the others.
    let mut chosen: Vec<(usize, NaiveDate)> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    let arrivals: Vec<(usize, NaiveDate)> =
        arrivals.iter().copied().filter(|a| a.1 <= end).collect();
    for &(p, day) in &arrivals {
        if returned.iter().any(|r| r.0 == p) && seen.insert(p) {
            chosen.push((p, day));
        }
    }
    let rest: Vec<&(usize, NaiveDate)> =
        arrivals.iter().filter(|(p, _)| !seen.contains(p)).collect();
    let wanted = cap.saturating_sub(chosen.len()).min(rest.len());
    for &&(p, day) in rest.choose_multiple(&mut rng, wanted) {
        if seen.insert(p) {
            chosen.push((p, day));
        }
    }
    chosen.sort_by_key(|&(p, day)| (day, p));

    let records = hubs();
    let mut file = Vec::new();
    let mut truth = Vec::new();
    for h in &records {
        let mut line = serde_json::to_value(h).expect("a hub serialises");
        line["type"] = json!("hub");
        let _ = writeln!(file, "{line}");
    }
    let mut written: Vec<Vec<Event>> = Vec::new();
    for (n, &(p, arrived)) in chosen.iter().enumerate() {
        let person = &world.persons[p];
        let france = returned.iter().find(|r| r.0 == p).map(|r| r.1);
        let male = person.sex == 'M';
        let victim = matches!(person.part, Part::Victim { .. });
        let course = if france.is_some() {
            Course::OneInOneOut
        } else {
            course(&mut rng, victim, male, unsafe_origin(person.nationality))
        };
        let id = format!("C-{}-{:06}", arrived.year(), n + 1);
        let (case_person, family) = engine_person(&mut rng, person, course, arrived);
        let mut o = Officer {
            case: CaseHistory {
                jurisdiction: Jurisdiction::Uk,
                person: case_person,
                events: Vec::new(),
                destination_risks: Vec::new(),
                hubs: Vec::new(),
            },
            end,
            earlier: &written,
            records: &records,
            stopped: false,
        };
        work(
            &mut o,
            &mut rng,
            course,
            n + 1,
            arrived,
            person.nationality,
            &family,
            france,
        );
        let case = NewCase {
            id: corridor_returns::file::CaseId::new(&id)
                .expect("the scenario's case ids are valid"),
            jurisdiction: Jurisdiction::Uk,
            identity: identity(world, p),
            person: o.case.person.clone(),
            one_in_one_out: course == Course::OneInOneOut,
            destination_risks: Vec::new(),
            events: o.case.events.clone(),
        };
        let mut line = serde_json::to_value(&case).expect("a case serialises");
        line["type"] = json!("case");
        let _ = writeln!(file, "{line}");
        let _ = writeln!(
            truth,
            "{}",
            json!({"case": id, "entity": person.id, "course": course.name(), "events": case.events.len()})
        );
        written.push(case.events);
    }
    Cases {
        file,
        truth,
        count: chosen.len() as u64,
    }
}

/// The person as the engine reads them, and the ids of family members
/// who travel with them.
fn engine_person(
    rng: &mut ChaCha8Rng,
    p: &crate::world::Person,
    course: Course,
    arrived: NaiveDate,
) -> (Person, Vec<String>) {
    let mut person = Person {
        date_of_birth: Some(p.birth),
        sex: Some(if p.sex == 'M' { Sex::Male } else { Sex::Female }),
        nationality: Some(country(p.nationality)),
        ..Person::default()
    };
    let mut family = Vec::new();
    match course {
        Course::MinorAgeDisputed => {
            // Says they are sixteen; no document shows it.
            person.date_of_birth = arrived.with_year(arrived.year() - 16);
            person.age_disputed = true;
            person.unaccompanied = true;
        }
        Course::TraffickingVictim => {
            person.vulnerabilities = vec![Vulnerability::PresumedTraffickingVictim];
        }
        Course::FamilyRemoved => {
            let child = arrived.with_year(arrived.year() - rng.random_range(2..12));
            person.family_members = vec![
                FamilyMember {
                    id: "F1".into(),
                    relationship: Relationship::Spouse,
                    date_of_birth: None,
                    in_territory: true,
                },
                FamilyMember {
                    id: "F2".into(),
                    relationship: Relationship::Child,
                    date_of_birth: child,
                    in_territory: true,
                },
            ];
            family = vec!["F1".into(), "F2".into()];
        }
        _ => {}
    }
    (person, family)
}

fn identity(world: &World, p: usize) -> Identity {
    let person = &world.persons[p];
    let document = person.documents.first().map(|&d| {
        let doc = &world.documents[d];
        ReturnDocument {
            kind: if doc.passport {
                ReturnDocumentKind::Passport
            } else {
                ReturnDocumentKind::IdentityCard
            },
            number: doc.number.clone(),
            issuing_state: country(doc.issuing_state),
            expires: Some(doc.expiry),
        }
    });
    Identity {
        given_names: person.given.clone(),
        family_name: person.family.clone(),
        document,
    }
}
