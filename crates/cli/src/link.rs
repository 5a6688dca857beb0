//! `corridor link`: link two CSV files, or deduplicate one, with no store.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context};
use corridor_resolve::{
    clusters, explain, infer_kind, link, Dataset, Mode, Record, DEFAULT_THRESHOLD,
};

pub struct Args<'a> {
    pub left: &'a Path,
    pub right: Option<&'a Path>,
    pub id: &'a str,
    pub threshold: Option<f64>,
    pub out: &'a Path,
    pub clusters: Option<&'a Path>,
    pub explain: usize,
    /// Pairs of ids to explain, whatever their score.
    pub explain_pairs: &'a [String],
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let threshold = args.threshold.unwrap_or(DEFAULT_THRESHOLD);
    if !(0.0..=1.0).contains(&threshold) {
        bail!("--threshold must be a probability between 0 and 1, found {threshold}");
    }
    let (columns, mut records) = read(args.left, args.id, 0, None)?;
    let mode = match args.right {
        Some(right) => {
            let (_, more) = read(right, args.id, 1, Some((&columns, args.left)))?;
            records.extend(more);
            Mode::Link
        }
        None => Mode::Dedupe,
    };
    let kinds: Vec<_> = columns
        .iter()
        .map(|c| if c == args.id { None } else { infer_kind(c) })
        .collect();
    let used: Vec<String> = columns
        .iter()
        .zip(&kinds)
        .filter_map(|(c, k)| k.map(|k| format!("{c}: {}", k.describe())))
        .collect();
    if used.is_empty() {
        bail!(
            "no column of {} is one linkage knows; name them given_name, surname, date_of_birth, sex, nationality, phone, postcode, address, city…",
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
    let data = Dataset {
        columns,
        kinds,
        records,
    };
    let linkage = link(&data, mode, &mut |stage| eprintln!("{stage}…"));
    for s in linkage.skipped_blocks.iter().take(5) {
        eprintln!("skipped a block too large to compare whole: {s}");
    }
    let mut accepted: Vec<_> = linkage
        .pairs
        .iter()
        .filter(|p| p.probability >= threshold)
        .collect();
    accepted.sort_by_key(|p| (p.a, p.b));
    write_pairs(args.out, &data, &accepted)?;
    if let Some(path) = args.clusters {
        let ids = clusters(data.records.len(), &linkage.pairs, threshold);
        write_clusters(path, &data, &ids)?;
    }
    eprintln!(
        "{} records, {} candidate pairs compared, {} accepted at match probability >= {threshold}; P(two random records match) {:.3e}",
        data.records.len(),
        linkage.candidates,
        accepted.len(),
        linkage.model.lambda
    );
    if args.explain > 0 || !args.explain_pairs.is_empty() {
        let mut chosen: Vec<corridor_resolve::ScoredPair> = Vec::new();
        for spec in args.explain_pairs {
            let index = |id: &str| data.records.iter().position(|r| r.id == id);
            match spec
                .split_once(',')
                .map(|(a, b)| (index(a.trim()), index(b.trim())))
            {
                Some((Some(a), Some(b))) => {
                    chosen.push(corridor_resolve::score(&data, &linkage, a as u32, b as u32))
                }
                _ => bail!(
                    "--explain-pair {spec:?}: expected two ids of the input separated by a comma"
                ),
            }
        }
        let mut near: Vec<_> = linkage
            .pairs
            .iter()
            .filter(|p| p.probability >= threshold)
            .cloned()
            .collect();
        near.sort_by(|x, y| x.weight.total_cmp(&y.weight));
        chosen.extend(near.into_iter().take(args.explain));
        print_explanations(&data, &linkage, &chosen);
    }
    Ok(ExitCode::SUCCESS)
}

type Columns = Vec<String>;

/// Reads a CSV with a header. `like` is the first file's columns when this
/// is the second: both must have the same columns.
fn read(
    path: &Path,
    id: &str,
    source: u8,
    like: Option<(&Columns, &Path)>,
) -> anyhow::Result<(Columns, Vec<Record>)> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut rdr = csv::ReaderBuilder::new().flexible(false).from_reader(file);
    let headers: Columns = rdr
        .headers()
        .with_context(|| format!("{}:1: cannot read the header", path.display()))?
        .iter()
        .map(str::to_owned)
        .collect();
    let Some(id_col) = headers.iter().position(|h| h == id) else {
        bail!(
            "{}:1: no column {id:?} for --id; the columns are {}",
            path.display(),
            headers.join(", ")
        );
    };
    if let Some((first, first_path)) = like {
        let mut a = first.clone();
        let mut b = headers.clone();
        a.sort();
        b.sort();
        if a != b {
            bail!(
                "{} and {} must have the same columns; found {} and {}",
                first_path.display(),
                path.display(),
                first.join(","),
                headers.join(",")
            );
        }
    }
    let order: Vec<usize> = match like {
        Some((first, _)) => first
            .iter()
            .map(|c| headers.iter().position(|h| h == c).unwrap_or(0))
            .collect(),
        None => (0..headers.len()).collect(),
    };
    let mut records = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for row in rdr.records() {
        let row = row.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            anyhow::anyhow!("{}:{line}: {e}", path.display())
        })?;
        let line = row.position().map_or(0, |p| p.line());
        let rid = row.get(id_col).unwrap_or("").to_owned();
        if rid.is_empty() {
            bail!(
                "{}:{line}: {id}: is empty; every record needs an id",
                path.display()
            );
        }
        if !seen.insert(rid.clone()) {
            bail!(
                "{}:{line}: {id}: {rid:?} appears twice; ids must be unique within a file",
                path.display()
            );
        }
        let values = order
            .iter()
            .map(|&i| {
                row.get(i)
                    .map(str::to_owned)
                    .filter(|v| !v.trim().is_empty())
            })
            .collect();
        records.push(Record {
            id: rid,
            source,
            values,
        });
    }
    let columns = match like {
        Some((first, _)) => first.clone(),
        None => headers,
    };
    Ok((columns, records))
}

fn write_pairs(
    path: &Path,
    data: &Dataset,
    pairs: &[&corridor_resolve::ScoredPair],
) -> anyhow::Result<()> {
    let mut w =
        csv::Writer::from_path(path).with_context(|| format!("cannot write {}", path.display()))?;
    w.write_record(["left_id", "right_id", "match_weight", "match_probability"])?;
    for p in pairs {
        let (a, b) = (&data.records[p.a as usize], &data.records[p.b as usize]);
        // In a link, left_id is always the record from --left.
        let (l, r) = if a.source <= b.source { (a, b) } else { (b, a) };
        w.write_record([
            l.id.as_str(),
            r.id.as_str(),
            &format!("{:.4}", p.weight),
            &format!("{:.6}", p.probability),
        ])?;
    }
    w.flush()?;
    Ok(())
}

fn write_clusters(path: &Path, data: &Dataset, ids: &[u32]) -> anyhow::Result<()> {
    let mut w =
        csv::Writer::from_path(path).with_context(|| format!("cannot write {}", path.display()))?;
    w.write_record(["id", "cluster_id"])?;
    for (r, c) in data.records.iter().zip(ids) {
        w.write_record([r.id.as_str(), data.records[*c as usize].id.as_str()])?;
    }
    w.flush()?;
    Ok(())
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
        let (a, b) = (&data.records[p.a as usize], &data.records[p.b as usize]);
        let _ = writeln!(
            out,
            "{} ~ {}: match weight {:+.2}, probability {:.4}",
            a.id, b.id, p.weight, p.probability
        );
        for c in explain(data, linkage, p) {
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
