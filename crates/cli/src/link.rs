//! `corridor link`: link two CSV files, or deduplicate one, with no store.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context};
use corridor_resolve::{
    clusters, explain, infer_kind, link, Dataset, FieldKind, Mode, Settings, DEFAULT_THRESHOLD,
};
use serde::Deserialize;

pub struct Args<'a> {
    pub left: &'a Path,
    pub right: Option<&'a Path>,
    pub id: &'a str,
    pub config: Option<&'a Path>,
    pub threshold: Option<f64>,
    pub out: &'a Path,
    pub clusters: Option<&'a Path>,
    pub explain: usize,
    /// Pairs of ids to explain, whatever their score.
    pub explain_pairs: &'a [String],
}

/// A settings file (docs/linking.md).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    threshold: Option<f64>,
    /// Weigh names by their frequency within the nationality both records
    /// share (off by default for a link; `corridor resolve` turns it on).
    #[serde(default)]
    frequencies_within_nationality: bool,
    /// Column name → kind name or "ignore".
    #[serde(default)]
    columns: BTreeMap<String, String>,
    #[serde(default)]
    blocking: Blocking,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Blocking {
    #[serde(default = "yes")]
    defaults: bool,
    #[serde(default)]
    rules: Vec<Vec<String>>,
}

impl Default for Blocking {
    fn default() -> Blocking {
        Blocking {
            defaults: true,
            rules: Vec::new(),
        }
    }
}

fn yes() -> bool {
    true
}

/// Each column's kind: as the settings file's `[columns]` says (checked:
/// every column it names exists, every kind is known), else inferred from
/// the column's name; none for the id column. Shared by `corridor link`
/// and `corridor encode`, which read the same `[columns]`.
pub fn column_kinds(
    config_path: &str,
    input: &Path,
    columns: &[String],
    id: &str,
    set: &BTreeMap<String, String>,
) -> anyhow::Result<Vec<Option<FieldKind>>> {
    for (column, kind) in set {
        if !columns.contains(column) {
            bail!(
                "{config_path}: [columns] names {column:?}, which {} does not have; its columns are {}",
                input.display(),
                columns.join(", ")
            );
        }
        if kind != "ignore" && FieldKind::from_name(kind).is_none() {
            bail!(
                "{config_path}: [columns] {column} = {kind:?} is not a kind linkage knows; use one of {}, or \"ignore\"",
                FieldKind::NAMED.map(|(n, _)| n).join(", ")
            );
        }
    }
    Ok(columns
        .iter()
        .map(|c| match set.get(c) {
            _ if c == id => None,
            Some(kind) => FieldKind::from_name(kind),
            None => infer_kind(c),
        })
        .collect())
}

fn read_config(path: &Path) -> anyhow::Result<Config> {
    read_settings(path, "docs/linking.md for the settings a file may hold")
}

/// A TOML settings file, its mistakes located as `file:line` with where to
/// read what it may hold (`see`). Shared by `link` and `encode`.
pub fn read_settings<T: serde::de::DeserializeOwned>(path: &Path, see: &str) -> anyhow::Result<T> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the settings file {}", path.display()))?;
    toml::from_str(&text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start].matches('\n').count() + 1)
            .unwrap_or(0);
        anyhow::anyhow!("{}:{line}: {}; see {see}", path.display(), e.message())
    })
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let config = match args.config {
        Some(path) => read_config(path)?,
        None => Config::default(),
    };
    let threshold = args
        .threshold
        .or(config.threshold)
        .unwrap_or(DEFAULT_THRESHOLD);
    if !(0.0..=1.0).contains(&threshold) {
        bail!("the threshold must be a probability between 0 and 1, found {threshold}");
    }
    let columns = header(args.left)?;
    if !columns.iter().any(|h| h == args.id) {
        bail!(
            "{}:1: no column {:?} for --id; the columns are {}",
            args.left.display(),
            args.id,
            columns.join(", ")
        );
    }
    let config_path = args
        .config
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let kinds = column_kinds(&config_path, args.left, &columns, args.id, &config.columns)?;
    let mut blocking = Vec::new();
    for rule in &config.blocking.rules {
        let mut fields = Vec::new();
        for column in rule {
            match columns.iter().position(|c| c == column) {
                Some(f) if kinds[f].is_some() => fields.push(f),
                _ => bail!(
                    "{config_path}: [blocking] rule {rule:?}: {column:?} is not a compared column; compared columns are {}",
                    columns
                        .iter()
                        .zip(&kinds)
                        .filter(|(_, k)| k.is_some())
                        .map(|(c, _)| c.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        }
        if fields.is_empty() {
            bail!("{config_path}: [blocking] a rule must name at least one column");
        }
        blocking.push(fields);
    }
    let used: Vec<String> = columns
        .iter()
        .zip(&kinds)
        .filter_map(|(c, k)| k.map(|k| format!("{c}: {}", k.describe())))
        .collect();
    if used.is_empty() {
        bail!(
            "no column of {} is one linkage knows; name them given_name, surname, date_of_birth, sex, nationality, phone, postcode, address, city… or say what they hold in a settings file (--config)",
            args.left.display()
        );
    }
    let ignored: Vec<&str> = columns
        .iter()
        .zip(&kinds)
        .filter(|(c, k)| k.is_none() && *c != args.id)
        .map(|(c, _)| c.as_str())
        .collect();
    eprintln!("comparing {}", used.join("; "));
    if !ignored.is_empty() {
        eprintln!("ignoring {}", ignored.join(", "));
    }
    let mut data = Dataset::new(columns.iter().cloned().zip(kinds.iter().copied()));
    let mut seen = HashSet::new();
    read(args.left, args.id, 0, &columns, &mut data, &mut seen)?;
    let mode = match args.right {
        Some(right) => {
            let theirs = header(right)?;
            let (mut a, mut b) = (columns.clone(), theirs.clone());
            a.sort();
            b.sort();
            if a != b {
                bail!(
                    "{} and {} must have the same columns; found {} and {}",
                    args.left.display(),
                    right.display(),
                    columns.join(","),
                    theirs.join(",")
                );
            }
            // Ids must be unique within a file, not across the two.
            let mut seen = HashSet::new();
            read(right, args.id, 1, &columns, &mut data, &mut seen)?;
            Mode::Link
        }
        None => Mode::Dedupe,
    };
    drop(seen);
    data.shrink();
    let settings = Settings {
        default_blocking: config.blocking.defaults,
        blocking,
        keep: threshold.min(Settings::default().keep),
        frequencies_within_nationality: config.frequencies_within_nationality,
        matches: Vec::new(),
    };
    let started = std::time::Instant::now();
    let linkage = link(&data, mode, &settings, &mut |stage| {
        eprintln!("{stage}… ({:.1} s)", started.elapsed().as_secs_f64())
    });
    for note in &linkage.notes {
        eprintln!("blocking: {note}");
    }
    let mut accepted: Vec<_> = linkage
        .pairs
        .iter()
        .filter(|p| p.probability >= threshold)
        .collect();
    accepted.sort_by_key(|p| (p.a, p.b));
    write_pairs(args.out, &data, &accepted)?;
    if let Some(path) = args.clusters {
        let ids = clusters(data.len(), &linkage.pairs, threshold);
        write_clusters(path, &data, &ids)?;
    }
    eprintln!(
        "{} records, {} candidate pairs compared, {} accepted at match probability >= {threshold}; P(two random records match) {:.3e}",
        data.len(),
        linkage.candidates,
        accepted.len(),
        linkage.model.lambda
    );
    if args.explain > 0 || !args.explain_pairs.is_empty() {
        let mut chosen: Vec<corridor_resolve::ScoredPair> = Vec::new();
        for spec in args.explain_pairs {
            match spec
                .split_once(',')
                .map(|(a, b)| (data.position(a.trim()), data.position(b.trim())))
            {
                Some((Some(a), Some(b))) => {
                    chosen.push(corridor_resolve::score(&data, &linkage.model, a, b))
                }
                _ => bail!(
                    "--explain-pair {spec:?}: expected two ids of the input separated by a comma"
                ),
            }
        }
        let mut near: Vec<_> = accepted.iter().map(|p| **p).collect();
        near.sort_by(|x, y| x.weight.total_cmp(&y.weight));
        chosen.extend(near.into_iter().take(args.explain));
        print_explanations(&data, &linkage, &chosen);
    }
    Ok(ExitCode::SUCCESS)
}

fn reader(path: &Path) -> anyhow::Result<csv::Reader<std::fs::File>> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    Ok(csv::ReaderBuilder::new().flexible(false).from_reader(file))
}

fn header(path: &Path) -> anyhow::Result<Vec<String>> {
    Ok(reader(path)?
        .headers()
        .with_context(|| format!("{}:1: cannot read the header", path.display()))?
        .iter()
        .map(str::to_owned)
        .collect())
}

/// Reads a CSV's records into `data`, its columns put in the order of
/// `columns` (the first file's).
fn read(
    path: &Path,
    id: &str,
    source: u8,
    columns: &[String],
    data: &mut Dataset,
    seen: &mut HashSet<u64>,
) -> anyhow::Result<()> {
    let mut rdr = reader(path)?;
    let headers: Vec<String> = rdr.headers()?.iter().map(str::to_owned).collect();
    let order: Vec<usize> = columns
        .iter()
        .map(|c| headers.iter().position(|h| h == c).unwrap_or(0))
        .collect();
    let id_col = headers.iter().position(|h| h == id).unwrap_or(0);
    let mut row = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut row) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                bail!("{}:{line}: {e}", path.display());
            }
        }
        let line = row.position().map_or(0, |p| p.line());
        let rid = row.get(id_col).unwrap_or("");
        if rid.is_empty() {
            bail!(
                "{}:{line}: {id}: is empty; every record needs an id",
                path.display()
            );
        }
        // Ids are remembered by hash; a repeated hash is checked against the
        // ids themselves, so a collision is never reported as a duplicate.
        if !seen.insert(id_hash(rid)) && (0..data.len() as u32).any(|i| data.id(i) == rid) {
            bail!(
                "{}:{line}: {id}: {rid:?} appears twice; ids must be unique within a file",
                path.display()
            );
        }
        data.push(rid, source, order.iter().map(|&i| row.get(i)));
    }
    Ok(())
}

fn id_hash(id: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(id)
}

fn write_pairs(
    path: &Path,
    data: &Dataset,
    pairs: &[&corridor_resolve::ScoredPair],
) -> anyhow::Result<()> {
    crate::output::write_file(path, |sink| {
        let mut w = csv::Writer::from_writer(sink);
        w.write_record(["left_id", "right_id", "match_weight", "match_probability"])?;
        for p in pairs {
            // In a link, left_id is always the record from --left.
            let (l, r) = if data.source(p.a) <= data.source(p.b) {
                (p.a, p.b)
            } else {
                (p.b, p.a)
            };
            w.write_record([
                data.id(l),
                data.id(r),
                &format!("{:.4}", p.weight),
                &format!("{:.6}", p.probability),
            ])?;
        }
        w.flush()?;
        Ok(())
    })
}

fn write_clusters(path: &Path, data: &Dataset, ids: &[u32]) -> anyhow::Result<()> {
    crate::output::write_file(path, |sink| {
        let mut w = csv::Writer::from_writer(sink);
        w.write_record(["id", "cluster_id"])?;
        for (r, c) in ids.iter().enumerate() {
            w.write_record([data.id(r as u32), data.id(*c)])?;
        }
        w.flush()?;
        Ok(())
    })
}

/// The model, then the waterfall of each chosen pair: by default the
/// accepted pairs nearest the threshold, the decisions a person most needs
/// to check.
fn print_explanations(
    data: &Dataset,
    linkage: &corridor_resolve::Linkage,
    chosen: &[corridor_resolve::ScoredPair],
) {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let model = &linkage.model;
    let _ = writeln!(
        out,
        "model: P(two random records match) = {:.3e}",
        model.lambda
    );
    let _ = writeln!(out, "blocking rules: {}", linkage.rules.join("; "));
    for (c, comparison) in model.comparisons.iter().enumerate() {
        let _ = writeln!(out, "  {}", comparison.name);
        for (l, name) in comparison.kind.level_names().iter().enumerate().skip(1) {
            let (m, u) = (model.m[c][l], model.u[c][l]);
            let _ = writeln!(
                out,
                "    {name:<40} m {m:.4}  u {u:.6}  weight {:+.2}",
                (m / u).log2()
            );
        }
    }
    let _ = writeln!(out);
    for p in chosen {
        let _ = writeln!(
            out,
            "{} ~ {}: match weight {:+.2}, probability {:.4}",
            data.id(p.a),
            data.id(p.b),
            p.weight,
            p.probability
        );
        for c in explain(data, &linkage.model, p.a, p.b) {
            let values = if c.comparison == "prior" {
                String::new()
            } else {
                format!("  {:?} vs {:?}", c.left, c.right)
            };
            let _ = writeln!(
                out,
                "  {:>+7.2}  {:<16} {}{values}",
                c.weight, c.comparison, c.level
            );
        }
        let _ = writeln!(out);
    }
}
