//! `corridor encode` and `corridor link-encoded`: privacy-preserving
//! linkage between two partners (docs/pprl.md).
//!
//! `encode` turns a CSV of people (or the store's person mentions meant
//! for one partner) into a `.clk` file of keyed Bloom-filter encodings;
//! `link-encoded` links two such files into one-to-one matches. Neither
//! sees the other side's names, and `link-encoded` needs no key and no
//! store.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context};
use corridor_model::{AgencyCode, Entity, Mention, MentionRef, Report, Subject};
use corridor_pprl::{ClkFile, Encoder, PairKey, Schema, SchemaSettings};
use corridor_resolve::FieldKind;
use corridor_share::{Denied, Release};
use corridor_store::Store;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Deserialize;

#[derive(clap::Args)]
pub struct EncodeArgs {
    /// The secret key file shared with the partner (any bytes, at least 16; 32 random bytes is right).
    #[arg(long)]
    key_file: PathBuf,
    /// A CSV of people, one per row, with a header.
    #[arg(
        long = "in",
        required_unless_present = "from_store",
        conflicts_with = "from_store"
    )]
    input: Option<PathBuf>,
    /// The column of --in holding each record's id.
    #[arg(long, requires = "input")]
    id: Option<String>,
    /// Encode the store's person mentions that may go to the partner named by --for.
    #[arg(long, requires_all = ["for_agency", "as_agency"])]
    from_store: bool,
    /// The partner the encodings are for (an agency code such as SRB-MUP).
    #[arg(long = "for", value_name = "AGENCY", requires = "as_agency")]
    for_agency: Option<String>,
    /// This node's agency: with --for, names the pair whose key is used.
    #[arg(long = "as", value_name = "AGENCY", requires = "for_agency")]
    as_agency: Option<String>,
    /// A settings file: column kinds ([columns], as for `corridor link`) and the encoding ([encoding]).
    #[arg(long)]
    config: Option<PathBuf>,
    /// The .clk file to write (replaced whole, never left half-written).
    #[arg(long)]
    out: PathBuf,
}

#[derive(clap::Args)]
pub struct LinkEncodedArgs {
    /// The first .clk file: its ids are the left_id column.
    left: PathBuf,
    /// The second .clk file.
    right: PathBuf,
    /// Where to write the accepted matches (left_id,right_id,similarity).
    #[arg(long)]
    out: PathBuf,
    /// Accept pairs at or above this Dice similarity (default 0.62).
    #[arg(long)]
    threshold: Option<f64>,
}

/// What `encode` reads of a settings file. The keys `corridor link` reads
/// (threshold, blocking, frequencies) are allowed and ignored, so that the
/// file written for linking in the clear says what the columns hold here
/// too.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    #[serde(default)]
    columns: BTreeMap<String, String>,
    #[serde(default)]
    encoding: SchemaSettings,
    #[allow(dead_code)]
    threshold: Option<f64>,
    #[allow(dead_code)]
    frequencies_within_nationality: Option<bool>,
    #[allow(dead_code)]
    blocking: Option<toml::Value>,
}

fn read_config(path: Option<&Path>) -> anyhow::Result<Config> {
    match path {
        Some(path) => crate::link::read_settings(
            path,
            "docs/pprl.md for what [columns] and [encoding] may hold",
        ),
        None => Ok(Config::default()),
    }
}

fn read_key(args: &EncodeArgs) -> anyhow::Result<PairKey> {
    let bytes = std::fs::read(&args.key_file)
        .with_context(|| format!("cannot read the key file {}", args.key_file.display()))?;
    let pair = match (&args.as_agency, &args.for_agency) {
        (Some(ours), Some(theirs)) => Some((ours.as_str(), theirs.as_str())),
        _ => None,
    };
    PairKey::derive(&bytes, pair).with_context(|| args.key_file.display().to_string())
}

fn bar(total: u64, what: &str) -> ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() || total < 100_000 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(what.to_owned());
    bar
}

pub fn encode(db: &Path, args: EncodeArgs) -> anyhow::Result<ExitCode> {
    let config = read_config(args.config.as_deref())?;
    let key = read_key(&args)?;
    if args.from_store {
        return encode_store(db, &args, &config, &key);
    }
    let input = args.input.as_deref().expect("clap requires --in");
    let Some(id) = args.id.as_deref() else {
        bail!("--in needs --id: the column holding each record's id");
    };
    encode_csv(input, id, &args, &config, &key)
}

fn encode_csv(
    input: &Path,
    id: &str,
    args: &EncodeArgs,
    config: &Config,
    key: &PairKey,
) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let file =
        std::fs::File::open(input).with_context(|| format!("cannot open {}", input.display()))?;
    let mut rdr = csv::ReaderBuilder::new().flexible(false).from_reader(file);
    let columns: Vec<String> = rdr
        .headers()
        .with_context(|| format!("{}:1: cannot read the header", input.display()))?
        .iter()
        .map(str::to_owned)
        .collect();
    let Some(id_col) = columns.iter().position(|c| c == id) else {
        bail!(
            "{}:1: no column {id:?} for --id; the columns are {}",
            input.display(),
            columns.join(", ")
        );
    };
    let config_path = args
        .config
        .as_deref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let kinds = crate::link::column_kinds(&config_path, input, &columns, id, &config.columns)?;
    let present: Vec<FieldKind> = kinds.iter().flatten().copied().collect();
    let schema = config
        .encoding
        .schema_for(&present)
        .with_context(|| format!("{}: {}", input.display(), settings_hint(&config_path)))?;
    let field_of: Vec<Option<usize>> = kinds
        .iter()
        .map(|k| k.and_then(|k| schema.field_of(k)))
        .collect();
    describe(&columns, &kinds, id_col);
    let mut ids = Vec::new();
    let mut cells: Vec<Vec<String>> = Vec::new();
    let mut first_line: HashMap<String, u64> = HashMap::new();
    for row in rdr.records() {
        let row = row.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            anyhow::anyhow!(
                "{}:{line}: {e}; every row needs the header's {} columns",
                input.display(),
                columns.len()
            )
        })?;
        let line = row.position().map_or(0, |p| p.line());
        let rid = row.get(id_col).unwrap_or("").trim();
        if rid.is_empty() {
            bail!(
                "{}:{line}: {id}: the id is empty; every record needs one",
                input.display()
            );
        }
        if let Some(first) = first_line.insert(rid.to_owned(), line) {
            bail!(
                "{}:{line}: {id}: {rid:?} is already the id of line {first}; ids must be unique",
                input.display()
            );
        }
        ids.push(rid.to_owned());
        cells.push(row.iter().map(str::to_owned).collect());
    }
    let encoder = Encoder::new(schema, key);
    let progress = bar(ids.len() as u64, "encoding");
    let encoding = Instant::now();
    let words = encoder.encode_all(
        ids.len(),
        |i| {
            cells[i]
                .iter()
                .zip(&field_of)
                .filter_map(|(v, f)| f.map(|f| (f, v.as_str())))
                .collect()
        },
        &|n| progress.inc(n),
    );
    progress.finish_and_clear();
    let n = ids.len();
    let seconds = encoding.elapsed().as_secs_f64();
    eprintln!(
        "{n} records encoded in {seconds:.3} s ({:.0} records/s)",
        n as f64 / seconds.max(1e-9)
    );
    let file = encoder.file(key.pair(), ids, words);
    crate::output::write_bytes(&args.out, &file.to_bytes())?;
    summary(
        &encoder,
        n,
        &input.display().to_string(),
        &args.out,
        key,
        started,
    );
    Ok(ExitCode::SUCCESS)
}

fn settings_hint(config_path: &str) -> String {
    if config_path.is_empty() {
        "say what the columns hold in a settings file (--config, [columns])".into()
    } else {
        format!("see {config_path}")
    }
}

fn describe(columns: &[String], kinds: &[Option<FieldKind>], id_col: usize) {
    let used: Vec<String> = columns
        .iter()
        .zip(kinds)
        .filter_map(|(c, k)| k.map(|k| format!("{c} ({})", corridor_pprl::kind_name(k))))
        .collect();
    let ignored: Vec<&str> = columns
        .iter()
        .enumerate()
        .zip(kinds)
        .filter(|((i, _), k)| k.is_none() && *i != id_col)
        .map(|((_, c), _)| c.as_str())
        .collect();
    eprintln!("encoding {}", used.join(", "));
    if !ignored.is_empty() {
        eprintln!("not encoding {}", ignored.join(", "));
    }
}

fn summary(encoder: &Encoder, n: usize, from: &str, out: &Path, key: &PairKey, started: Instant) {
    let fingerprint: String = encoder.schema().fingerprint()[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let pair = if key.pair().is_empty() {
        "no pair named".to_owned()
    } else {
        format!("pair {}", key.pair())
    };
    println!(
        "encoded {n} records of {from} into {}: {} bits each, schema {fingerprint}, {pair}; {:.2} s",
        out.display(),
        encoder.schema().output_bits(),
        started.elapsed().as_secs_f64()
    );
}

/// The fields of a person mention encoded from the store.
const STORE_FIELDS: [FieldKind; 5] = [
    FieldKind::GivenName,
    FieldKind::Surname,
    FieldKind::BirthDate,
    FieldKind::Sex,
    FieldKind::Nationality,
];

/// Why a person mention is not encoded for a partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A victim, witness, informant or returnee: never encoded for anyone.
    Protected,
    /// The report is not releasable to the partner.
    NotReleasable,
    /// Another agency's report under H2 or H3: not passed on by this node.
    NotOurs,
}

/// Whether the person mentioned may be encoded for `partner` by the node of
/// agency `ours`: the policy point's release of the report (`share`), and
/// never a protected person, whatever the release — a Bloom-filter encoding
/// of a name can be attacked (docs/pprl.md), and a hit tells the partner
/// that the node holds the person, so a pseudonymised view is not enough.
pub fn may_encode_for(
    report: &Report,
    protected: &BTreeSet<MentionRef>,
    mention: &Mention,
    ours: &AgencyCode,
    partner: &AgencyCode,
) -> Result<(), Refusal> {
    if mention.subject.is_protected_person() || protected.contains(&mention.reference) {
        return Err(Refusal::Protected);
    }
    match corridor_share::release(ours, partner, report) {
        Release::Full | Release::Pseudonymised => Ok(()),
        Release::Denied(Denied::NotOurs) => Err(Refusal::NotOurs),
        Release::Denied(_) => Err(Refusal::NotReleasable),
    }
}

fn encode_store(
    db: &Path,
    args: &EncodeArgs,
    config: &Config,
    key: &PairKey,
) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let agency = |flag: &str, code: &Option<String>| -> anyhow::Result<AgencyCode> {
        AgencyCode::parse(code.as_deref().unwrap_or_default())
            .map_err(|e| anyhow::anyhow!("{flag}: {e}"))
    };
    let partner = agency("--for", &args.for_agency)?;
    let ours = agency("--as", &args.as_agency)?;
    if !config.columns.is_empty() {
        bail!("--from-store encodes given_name, surname, date_of_birth, sex and nationality; a settings file's [columns] is for --in");
    }
    let schema: Schema = config.encoding.schema_for(&STORE_FIELDS)?;
    let store = crate::node::open(db)?;
    let mut ids = Vec::new();
    let mut values: Vec<[Option<String>; 5]> = Vec::new();
    let mut refused: BTreeMap<&'static str, u64> = BTreeMap::new();
    store.for_each_report(&mut |report| {
        let protected = report.protected_refs();
        for mention in report.mentions() {
            if mention.subject.role().is_none() {
                continue;
            }
            if let Err(why) = may_encode_for(&report, &protected, mention, &ours, &partner) {
                let what = match why {
                    Refusal::Protected => "protected people",
                    Refusal::NotReleasable => "not releasable to the partner",
                    Refusal::NotOurs => "other agencies' H2/H3 reports",
                };
                *refused.entry(what).or_default() += 1;
                continue;
            }
            let Subject::Disclosed(Entity::Person(person)) = &mention.subject else {
                continue;
            };
            let (given, surname) =
                match (&person.given_name, &person.family_name, &person.full_name) {
                    (None, None, Some(full)) => crate::resolve::split_full_name(full),
                    (g, s, _) => (g.clone(), s.clone()),
                };
            ids.push(format!("{}#{}", report.id, mention.reference));
            values.push([
                given,
                surname,
                person.birth_date.map(|d| d.to_string()),
                person.sex.map(|s| s.to_string()),
                person.nationality.map(|c| c.to_string()),
            ]);
        }
        Ok(())
    })?;
    let field_of: Vec<usize> = STORE_FIELDS
        .iter()
        .map(|&k| {
            schema
                .field_of(k)
                .expect("the schema holds every store field")
        })
        .collect();
    let encoder = Encoder::new(schema, key);
    let progress = bar(ids.len() as u64, "encoding");
    let words = encoder.encode_all(
        ids.len(),
        |i| {
            values[i]
                .iter()
                .zip(&field_of)
                .filter_map(|(v, &f)| v.as_deref().map(|v| (f, v)))
                .collect()
        },
        &|n| progress.inc(n),
    );
    progress.finish_and_clear();
    let n = ids.len();
    let file = encoder.file(key.pair(), ids, words);
    crate::output::write_bytes(&args.out, &file.to_bytes())?;
    let left_out: Vec<String> = refused.iter().map(|(w, n)| format!("{n} {w}")).collect();
    if !left_out.is_empty() {
        eprintln!("not encoded for {partner}: {}", left_out.join(", "));
    }
    summary(
        &encoder,
        n,
        &format!("the store's person mentions for {partner}"),
        &args.out,
        key,
        started,
    );
    Ok(ExitCode::SUCCESS)
}

fn read_clk(path: &Path) -> anyhow::Result<ClkFile> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    ClkFile::parse(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

pub fn link_encoded(args: LinkEncodedArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let threshold = args.threshold.unwrap_or(corridor_pprl::DEFAULT_THRESHOLD);
    if !(0.0..=1.0).contains(&threshold) {
        bail!("--threshold is a Dice similarity between 0 and 1, found {threshold}");
    }
    let left = read_clk(&args.left)?;
    let right = read_clk(&args.right)?;
    let (l, r) = (args.left.display(), args.right.display());
    if left.bits != right.bits || left.fingerprint != right.fingerprint {
        bail!(
            "{l} and {r} were encoded with different schemas ({} and {} bits, schema {} and {}): both partners must encode the same kinds of field with the same [encoding] settings and the same corridor version; agree on them and encode again",
            left.bits,
            right.bits,
            short(&left.fingerprint),
            short(&right.fingerprint)
        );
    }
    if left.pair != right.pair {
        bail!(
            "{l} was encoded for the pair {:?} and {r} for {:?}: both partners must name the same two agencies (--as and --for) so that they derive the same pair key",
            left.pair,
            right.pair
        );
    }
    let words = left.words_per_record();
    let progress = bar(left.len() as u64, "comparing");
    let compare_started = Instant::now();
    let linkage = corridor_pprl::link(&left.words, &right.words, words, threshold, &|n| {
        progress.inc(n)
    });
    let seconds = compare_started.elapsed().as_secs_f64();
    progress.finish_and_clear();
    let mut matches = linkage.matches.clone();
    matches.sort_by_key(|m| (m.left, m.right));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["left_id", "right_id", "similarity"])?;
    for m in &matches {
        w.write_record([
            left.ids[m.left as usize].as_str(),
            right.ids[m.right as usize].as_str(),
            &format!("{:.4}", m.similarity),
        ])?;
    }
    let bytes = w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    crate::output::write_bytes(&args.out, &bytes)?;
    eprintln!(
        "{} comparisons in {seconds:.3} s ({:.0} M/s, {:?} kernel); {} pairs ruled out by their bit counts without comparing",
        linkage.comparisons,
        linkage.comparisons as f64 / seconds.max(1e-9) / 1e6,
        linkage.kernel,
        linkage.skipped
    );
    println!(
        "{} × {} records: {} pairs at Dice >= {threshold}, {} one-to-one matches written to {}; {:.2} s",
        left.len(),
        right.len(),
        linkage.candidates,
        matches.len(),
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

fn short(fingerprint: &[u8; 32]) -> String {
    fingerprint[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(json: &str) -> Report {
        let wire: corridor_model::wire::WireReport = serde_json::from_str(json).unwrap();
        Report::from_wire(&wire, &|_| true).unwrap()
    }

    const REPORT: &str = r#"{"id": "SRB-MUP-2025-000901", "kind": "interception", "agency": "SRB-MUP",
        "occurred_at": "2025-01-14", "evaluation": "B2", "handling": "HANDLING",
        "releasable_to": ["GBR-BSC"],
        "entities": [
          {"ref": "p1", "type": "person", "role": "suspect", "given_name": "Dragan", "family_name": "Petrović"},
          {"ref": "p2", "type": "person", "role": "victim", "given_name": "Amina", "family_name": "Hadžić"},
          {"ref": "p3", "type": "person", "role": "smuggled_migrant", "given_name": "Omar", "family_name": "Haddad"},
          {"ref": "p4", "type": "person", "role": "returnee", "given_name": "Ali", "family_name": "Reza"}
        ]}"#;

    fn decisions(handling: &str, ours: &str, partner: &str) -> Vec<Result<(), Refusal>> {
        let r = report(&REPORT.replace("HANDLING", handling));
        let protected = r.protected_refs();
        let ours = AgencyCode::parse(ours).unwrap();
        let partner = AgencyCode::parse(partner).unwrap();
        r.mentions()
            .iter()
            .map(|m| may_encode_for(&r, &protected, m, &ours, &partner))
            .collect()
    }

    #[test]
    fn protected_people_are_never_encoded() {
        for (handling, ours, partner) in [
            ("H0", "SRB-MUP", "GBR-BSC"),
            ("H0", "GBR-BSC", "SRB-MUP"),
            ("H2", "SRB-MUP", "GBR-BSC"),
        ] {
            let d = decisions(handling, ours, partner);
            assert_eq!(d[1], Err(Refusal::Protected));
            assert_eq!(d[3], Err(Refusal::Protected));
            assert_eq!(d[0], Ok(()));
            assert_eq!(d[2], Ok(()));
        }
    }

    #[test]
    fn releasability_and_handling_are_respected() {
        let d = decisions("H0", "SRB-MUP", "MKD-MVR");
        assert_eq!(d[0], Err(Refusal::NotReleasable));
        // Another agency's H2 report is not passed on, even to a partner
        // the originator named.
        let d = decisions("H2", "FRONTEX", "GBR-BSC");
        assert_eq!(d[0], Err(Refusal::NotOurs));
        let d = decisions("H1", "FRONTEX", "GBR-BSC");
        assert_eq!(d[0], Ok(()));
    }
}
