//! `corridor network`: communities, brokers, disruption and route
//! structure of a network given as an edge list (`--edges`), with optional
//! node roles and route stages (`--nodes`), or of the store's resolved
//! people and objects (`crate::store_network`) when no edge list is given.
//! The algorithms are `corridor_graph`'s; this module reads the inputs,
//! presents the results and keeps the output contract of
//! `docs/network.md`, which scripts rely on.

use std::fmt::Write as _;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Subcommand, ValueEnum};
use corridor_graph::betweenness::normalise;
use corridor_graph::io::{read_edge_list, read_node_attributes, EdgeListFormat};
use corridor_graph::{
    best_arrests, betweenness, broker_scores, consensus, modularity, pagerank, participation,
    sampled_betweenness, shortest_path, simulate, suspect_broker_scores, suspect_communities,
    Graph, LeidenOptions, Network, NodeAttributes, NodeId, Partition, PlanOptions, Quality, Role,
    SimulationOptions, Strategy, CONSENSUS_RUNS,
};
use serde_json::{json, Value};

#[derive(clap::Args)]
pub struct NetworkArgs {
    #[command(subcommand)]
    command: NetworkCommand,
}

#[derive(Subcommand)]
enum NetworkCommand {
    /// Smuggling networks: communities by Leiden (modularity or CPM, fixed seed).
    #[command(
        after_help = "Default: Leiden with modularity, resolution 1, seed 42, iterated until \
nothing moves, by consensus: two one-iteration runs first weigh every edge by how many put its \
ends together (--consensus 1: one plain run). With roles (the store's network, or --nodes naming suspects) the communities \
are the smuggling networks: Leiden on the suspects tied by what they share (a migrant both \
moved, a phone, a vehicle, a payment, calls between their phones), everyone else beside the \
suspects they are linked to. `--format csv` writes the header node,community and one row per \
node in file order; communities are numbered by decreasing size. gexf and graphml carry, per node, community, \
pagerank, betweenness and broker score for Gephi. Contract and definitions: docs/network.md.\n\n\
Examples:\n  corridor network communities --edges calls.csv --format csv > communities.csv\n  \
corridor network communities --edges calls.csv --quality cpm --resolution 0.05\n  \
corridor network communities --edges calls.csv --format gexf > calls.gexf"
    )]
    Communities(CommunitiesArgs),

    /// Brokers and key players: betweenness, participation across communities, broker score.
    #[command(
        after_help = "The broker score is normalised betweenness × participation \
coefficient (how evenly a node's ties spread over communities): high for those who connect \
groups. With roles (the store's network, or --nodes) only suspects are ranked, and a suspect's \
score is his effective size among the suspects (those he is tied to, by links, shared objects \
or calls between their phones — never through migrants — less the ties among them) × (1 + \
participation): the organiser who alone holds his drivers, guides and money handlers together \
comes first. Betweenness is exact up to 20,000 nodes and sampled from 512 pivots above (or as \
--pivots says), with its error bound printed. Definitions: docs/network.md.\n\nExamples:\n  corridor network brokers --edges calls.csv\n  \
corridor network brokers --edges calls.csv --nodes people.csv --top 10 --format json\n  \
corridor network brokers --edges big.csv --pivots 256 --format graphml > big.graphml"
    )]
    Brokers(BrokersArgs),

    /// Simulate arrests: the network's largest component (and efficiency) after each one.
    #[command(
        after_help = "Removes, one at a time, the suspect ranked first by --strategy \
(betweenness: unweighted exact betweenness recomputed after each removal; degree; bridging: \
broker score; role: organisers and money handlers first), earliest in the file among equals. \
After an organiser's arrest the network recovers (aides join the nearest organiser of their \
route stage, or one takes the stage over): this needs --nodes with role and stage columns; \
--no-recovery measures the immediate effect only. --best K searches for the K arrests that \
leave the smallest largest component after recovery. `--format json` writes \
{\"steps\":[{\"removed\":\"NODE\",\"lcc_fraction\":F},…]}, F = largest component / the original's \
largest component. Contract: docs/network.md.\n\nExamples:\n  \
corridor network disrupt --edges meetings.csv --strategy betweenness --steps 5 --no-recovery --format json\n  \
corridor network disrupt --edges calls.csv --nodes people.csv --strategy role --steps 3 --efficiency\n  \
corridor network disrupt --edges calls.csv --nodes people.csv --best 3"
    )]
    Disrupt(DisruptArgs),

    /// Route structure: route stages and their hand-offs, or the shortest chain between two people.
    #[command(
        after_help = "With --from and --to, the shortest chain of contacts between two \
nodes. Otherwise the route stages of --nodes (column stage): each stage's members, organisers, \
hub and the hand-offs (edges) to other stages.\n\nExamples:\n  \
corridor network route --edges calls.csv --nodes people.csv\n  \
corridor network route --edges calls.csv --from '+381641234567' --to 'hawala-7'"
    )]
    Route(RouteArgs),
}

/// Where the network comes from.
#[derive(clap::Args)]
struct Source {
    /// The network as an edge list: CSV with the header source,target[,weight]
    /// (a tab-separated file works too). Without it: the store's resolved
    /// people and objects, links weighted by the grading of the reports.
    #[arg(long, value_name = "FILE.csv")]
    edges: Option<PathBuf>,
    /// From the store: only reports on or after this day (YYYY-MM-DD).
    #[arg(long, conflicts_with = "edges")]
    since: Option<String>,
    /// From the store: only reports on or before this day (YYYY-MM-DD).
    #[arg(long, conflicts_with = "edges")]
    until: Option<String>,
    /// Node roles and route stages: CSV with the header id,role,stage (role:
    /// suspect, organiser, money_handler, driver… or smuggled_migrant, victim,
    /// witness, informant, returnee). Only suspects are ever targets.
    #[arg(long, value_name = "FILE.csv")]
    nodes: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Table,
    Csv,
    Json,
    Gexf,
    Graphml,
}

#[derive(clap::Args)]
struct CommunitiesArgs {
    #[command(flatten)]
    source: Source,
    #[command(flatten)]
    leiden: LeidenArgs,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

#[derive(clap::Args)]
struct LeidenArgs {
    /// What a good partition is: modularity, or cpm (the Constant Potts Model).
    #[arg(long, default_value = "modularity", value_parser = ["modularity", "cpm"])]
    quality: String,
    /// Higher gives more, smaller communities.
    #[arg(long, default_value_t = 1.0)]
    resolution: f64,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Run this many Leiden iterations (default: until nothing moves).
    #[arg(long)]
    iterations: Option<usize>,
    /// With modularity: this many one-iteration Leiden runs first, each
    /// edge then weighed by how many of them put its ends together, before
    /// the final run (consensus; 1 for a single plain Leiden run).
    #[arg(long, default_value_t = CONSENSUS_RUNS as u32, value_parser = clap::value_parser!(u32).range(1..=64))]
    consensus: u32,
}

/// How communities are found: Leiden's options and the consensus runs.
struct Partitioning {
    options: LeidenOptions,
    consensus: usize,
}

impl LeidenArgs {
    fn options(&self) -> anyhow::Result<Partitioning> {
        if !(self.resolution.is_finite() && self.resolution >= 0.0) {
            bail!(
                "--resolution must be a number of 0 or more, found {}",
                self.resolution
            );
        }
        Ok(LeidenOptions {
            quality: if self.quality == "cpm" {
                Quality::Cpm {
                    resolution: self.resolution,
                }
            } else {
                Quality::Modularity {
                    resolution: self.resolution,
                }
            },
            seed: self.seed,
            iterations: self.iterations,
            ..LeidenOptions::default()
        })
        .map(|options| Partitioning {
            options,
            consensus: self.consensus as usize,
        })
    }
}

#[derive(clap::Args)]
struct BrokersArgs {
    #[command(flatten)]
    source: Source,
    #[command(flatten)]
    leiden: LeidenArgs,
    /// Show this many (table only; csv, json, gexf and graphml have every node).
    #[arg(long, default_value_t = 20)]
    top: usize,
    /// Estimate betweenness from this many pivots (0: exact).
    #[arg(long)]
    pivots: Option<usize>,
    /// Shortest paths along strong ties: an edge's length is 1 / weight.
    #[arg(long)]
    weighted: bool,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

#[derive(clap::Args)]
struct DisruptArgs {
    #[command(flatten)]
    source: Source,
    /// betweenness, degree, bridging, or role (organisers and money handlers first).
    #[arg(long, default_value = "betweenness", value_parser = ["betweenness", "degree", "bridging", "role"])]
    strategy: String,
    /// Arrests to simulate.
    #[arg(long, default_value_t = 5)]
    steps: usize,
    /// Measure the immediate effect only: the network does not rewire.
    #[arg(long)]
    no_recovery: bool,
    /// Also measure global efficiency (relative to the original network) after each step.
    #[arg(long)]
    efficiency: bool,
    /// Search for the K arrests that leave the smallest largest component instead.
    #[arg(long, value_name = "K")]
    best: Option<usize>,
    /// Partial plans kept by --best at each step (1: greedy).
    #[arg(long, default_value_t = 4)]
    beam: usize,
    /// --best considers the top this many suspects by betweenness and by degree,
    /// and every organiser and money handler.
    #[arg(long, default_value_t = 40)]
    pool: usize,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

#[derive(clap::Args)]
struct RouteArgs {
    #[command(flatten)]
    source: Source,
    /// The start of a chain.
    #[arg(long, requires = "to")]
    from: Option<String>,
    /// The end of a chain.
    #[arg(long, requires = "from")]
    to: Option<String>,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

pub fn run(args: NetworkArgs, db: &Path) -> anyhow::Result<ExitCode> {
    let mut out = BufWriter::new(io::stdout().lock());
    match args.command {
        NetworkCommand::Communities(a) => communities(db, a, &mut out)?,
        NetworkCommand::Brokers(a) => brokers(db, a, &mut out)?,
        NetworkCommand::Disrupt(a) => disrupt(db, a, &mut out)?,
        NetworkCommand::Route(a) => route(db, a, &mut out)?,
    }
    out.flush().context("writing standard output")?;
    Ok(ExitCode::SUCCESS)
}

/// A network and what is known of its nodes.
struct Loaded {
    network: Network,
    attributes: Option<NodeAttributes>,
}

impl Source {
    fn load(&self, db: &Path) -> anyhow::Result<Loaded> {
        let Some(edges) = &self.edges else {
            if !db.exists() {
                bail!(
                    "no network given: pass --edges FILE.csv (an edge list with the header source,target[,weight]), or use a store (--db) whose people `corridor resolve` has resolved; {} does not exist",
                    db.display()
                );
            }
            if self.nodes.is_some() {
                bail!(
                    "--nodes goes with --edges; the store's network has its own roles and stages"
                );
            }
            for day in [&self.since, &self.until].into_iter().flatten() {
                if chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_err() {
                    bail!("--since/--until take a day as YYYY-MM-DD (found {day:?})");
                }
            }
            let window = crate::store_network::Window {
                since: self.since.as_deref(),
                until: self.until.as_deref(),
            };
            let (network, attributes, reports) = crate::store_network::load(db, &window)?;
            if network.graph.is_empty() {
                bail!("the store's network is empty ({reports} reports in the window): no two resolved entities are linked");
            }
            eprintln!(
                "network of {} from {reports} reports: {} nodes, {} edges",
                db.display(),
                network.names.len(),
                network.graph.edge_count()
            );
            return Ok(Loaded {
                network,
                attributes: Some(attributes),
            });
        };
        let format = EdgeListFormat {
            delimiter: sniff_delimiter(edges)?,
            header: true,
        };
        let network = read_edge_list(edges, format)?;
        if network.graph.is_empty() {
            bail!("{}: no edges; an edge list has a header source,target[,weight] and one row per edge", edges.display());
        }
        let attributes = match &self.nodes {
            Some(path) => {
                let a = read_node_attributes(path, &network)?;
                if !a.unknown_ids.is_empty() {
                    eprintln!(
                        "note: {} ids in {} are in no edge and were ignored (first: {})",
                        a.unknown_ids.len(),
                        path.display(),
                        a.unknown_ids[0]
                    );
                }
                Some(a)
            }
            None => None,
        };
        Ok(Loaded {
            network,
            attributes,
        })
    }
}

/// Tab when the header line has a tab and no comma, else comma.
fn sniff_delimiter(path: &Path) -> anyhow::Result<u8> {
    use std::io::BufRead;
    let file = std::fs::File::open(path).with_context(|| {
        format!(
            "{}: cannot open the edge list; check the path",
            path.display()
        )
    })?;
    let mut first = String::new();
    io::BufReader::new(file)
        .read_line(&mut first)
        .with_context(|| format!("{}: cannot read the edge list", path.display()))?;
    Ok(if first.contains('\t') && !first.contains(',') {
        b'\t'
    } else {
        b','
    })
}

fn unsupported(format: Format, command: &str, supported: &str) -> anyhow::Error {
    let name = format
        .to_possible_value()
        .map(|v| v.get_name().to_owned())
        .unwrap_or_default();
    anyhow::anyhow!("`network {command}` cannot write {name}; use --format {supported}")
}

/// Everything known about each node, for brokers and Gephi exports.
struct NodeScores {
    partition: Partition,
    modularity: f64,
    pagerank: Vec<f64>,
    /// Normalised betweenness.
    betweenness: Vec<f64>,
    participation: Vec<f64>,
    broker: Vec<f64>,
    method: Value,
}

/// The communities of a network: with roles (the store's network, or
/// `--nodes` naming suspects), the smuggling networks among the suspects
/// with everyone else beside the suspects they are tied to
/// ([`suspect_communities`]); without, Leiden on the whole graph, by
/// consensus of runs ([`consensus`]) — the contract of `communities
/// --edges` alone.
fn communities_of(g: &Graph, attributes: Option<&NodeAttributes>, how: &Partitioning) -> Partition {
    match with_suspects(attributes) {
        Some(a) => suspect_communities(g, &a.role, &how.options),
        None => consensus(g, &how.options, how.consensus),
    }
}

fn with_suspects(attributes: Option<&NodeAttributes>) -> Option<&NodeAttributes> {
    attributes.filter(|a| a.role.iter().any(|r| r.is_suspect()))
}

/// How many Leiden runs [`communities_of`]'s consensus takes: 1 when it
/// is one plain run (CPM, the suspects' networks, or `--consensus 1`).
fn consensus_runs(how: &Partitioning, attributes: Option<&NodeAttributes>) -> usize {
    match how.options.quality {
        Quality::Modularity { .. } if with_suspects(attributes).is_none() => how.consensus,
        _ => 1,
    }
}

/// How [`communities_of`] partitions, as `communities --format json` says.
fn method_of(attributes: Option<&NodeAttributes>) -> &'static str {
    if with_suspects(attributes).is_some() {
        "suspect_networks"
    } else {
        "leiden"
    }
}

fn node_scores(
    network: &Network,
    attributes: Option<&NodeAttributes>,
    how: &Partitioning,
    pivots: Option<usize>,
    weighted: bool,
) -> NodeScores {
    let g = &network.graph;
    let partition = communities_of(g, attributes, how);
    let pivots = pivots.unwrap_or(if g.len() <= 20_000 { 0 } else { 512 });
    let (raw, method) = if pivots == 0 || pivots >= g.len() || weighted {
        (
            betweenness(g, weighted),
            json!({"method": "exact", "weighted": weighted}),
        )
    } else {
        let s = sampled_betweenness(g, pivots, how.options.seed);
        (
            s.betweenness,
            json!({"method": "sampled", "pivots": s.pivots, "error": s.error, "confidence": s.confidence}),
        )
    };
    // With roles, brokers are the suspects who alone tie suspects together,
    // by what is not people who are never targets.
    let suspects = corridor_graph::disrupt::candidates(g.len(), attributes);
    let broker = match attributes.filter(|_| suspects.iter().any(|s| !s)) {
        Some(a) => suspect_broker_scores(g, &partition.membership, &a.role),
        None => broker_scores(g, &raw, &partition.membership),
    };
    NodeScores {
        modularity: modularity(g, &partition.membership, 1.0),
        pagerank: pagerank(g, 0.85, !g.is_unweighted()),
        participation: participation(g, &partition.membership),
        broker,
        betweenness: normalise(&raw),
        partition,
        method,
    }
}

fn communities(db: &Path, args: CommunitiesArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let Loaded {
        network,
        attributes,
    } = args.source.load(db)?;
    let options = args.leiden.options()?;
    let g = &network.graph;
    match args.format {
        Format::Gexf | Format::Graphml => {
            let scores = node_scores(&network, attributes.as_ref(), &options, None, false);
            write_graph(out, &network, &scores, args.format)?;
        }
        Format::Csv => {
            let p = communities_of(g, attributes.as_ref(), &options);
            let mut w = csv::Writer::from_writer(out);
            w.write_record(["node", "community"])?;
            for (v, c) in p.membership.iter().enumerate() {
                w.write_record([network.names[v].as_str(), &c.to_string()])?;
            }
            w.flush()?;
        }
        Format::Json => {
            let p = communities_of(g, attributes.as_ref(), &options);
            let nodes: Vec<Value> = p
                .membership
                .iter()
                .enumerate()
                .map(|(v, c)| json!({"node": network.names[v], "community": c}))
                .collect();
            let doc = json!({
                "method": method_of(attributes.as_ref()),
                "consensus": consensus_runs(&options, attributes.as_ref()),
                "quality": args.leiden.quality,
                "resolution": args.leiden.resolution,
                "seed": args.leiden.seed,
                "modularity": modularity(g, &p.membership, 1.0),
                "communities": p.count,
                "nodes": nodes,
            });
            serde_json::to_writer(&mut *out, &doc)?;
            writeln!(out)?;
        }
        Format::Table => {
            let p = communities_of(g, attributes.as_ref(), &options);
            writeln!(
                out,
                "{} nodes, {} edges: {} communities, modularity {:.4} ({}Leiden, {} resolution {}, seed {}{})",
                g.len(),
                g.edge_count(),
                p.count,
                modularity(g, &p.membership, 1.0),
                if with_suspects(attributes.as_ref()).is_some() {
                    "the suspects' networks by "
                } else {
                    ""
                },
                args.leiden.quality,
                args.leiden.resolution,
                args.leiden.seed,
                match consensus_runs(&options, attributes.as_ref()) {
                    1 => String::new(),
                    runs => format!(", consensus of {runs} runs"),
                }
            )?;
            writeln!(
                out,
                "{:>9}  {:>7}  most connected members",
                "community", "members"
            )?;
            for (c, members) in p.members().iter().enumerate().take(30) {
                let mut top = members.clone();
                top.sort_by_key(|&v| (std::cmp::Reverse(g.degree(v)), v));
                let names: Vec<&str> = top.iter().take(5).map(|&v| network.name(v)).collect();
                writeln!(out, "{c:>9}  {:>7}  {}", members.len(), names.join(", "))?;
            }
            if p.count > 30 {
                writeln!(
                    out,
                    "… and {} smaller communities (--format csv lists every node)",
                    p.count - 30
                )?;
            }
        }
    }
    Ok(())
}

fn brokers(db: &Path, args: BrokersArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let Loaded {
        network,
        attributes,
    } = args.source.load(db)?;
    let options = args.leiden.options()?;
    let g = &network.graph;
    let scores = node_scores(
        &network,
        attributes.as_ref(),
        &options,
        args.pivots,
        args.weighted,
    );
    if matches!(args.format, Format::Gexf | Format::Graphml) {
        return write_graph(out, &network, &scores, args.format);
    }
    let ranked = by_broker_score(&network, attributes.as_ref(), &scores);
    let row = |v: NodeId| {
        let i = v as usize;
        (
            network.name(v),
            scores.partition.membership[i],
            g.degree(v),
            scores.betweenness[i],
            scores.participation[i],
            scores.broker[i],
            scores.pagerank[i],
        )
    };
    match args.format {
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record([
                "node",
                "community",
                "degree",
                "betweenness",
                "participation",
                "broker_score",
                "pagerank",
            ])?;
            for &v in &ranked {
                let (name, c, d, b, p, s, r) = row(v);
                w.write_record([
                    name,
                    &c.to_string(),
                    &d.to_string(),
                    &b.to_string(),
                    &p.to_string(),
                    &s.to_string(),
                    &r.to_string(),
                ])?;
            }
            w.flush()?;
        }
        Format::Json => {
            let nodes: Vec<Value> = ranked
                .iter()
                .map(|&v| {
                    let (name, c, d, b, p, s, r) = row(v);
                    json!({"node": name, "community": c, "degree": d, "betweenness": b, "participation": p, "broker_score": s, "pagerank": r})
                })
                .collect();
            let doc = json!({"betweenness": scores.method, "communities": scores.partition.count, "modularity": scores.modularity, "nodes": nodes});
            serde_json::to_writer(&mut *out, &doc)?;
            writeln!(out)?;
        }
        _ => {
            let method = &scores.method;
            let how = if method["method"] == "sampled" {
                format!(
                    "betweenness sampled from {} pivots, within ±{:.4} (normalised) at {:.0}% confidence",
                    method["pivots"],
                    method["error"].as_f64().unwrap_or(0.0),
                    method["confidence"].as_f64().unwrap_or(0.0) * 100.0
                )
            } else {
                "exact betweenness".to_owned()
            };
            writeln!(
                out,
                "{} nodes, {} communities; {how}",
                g.len(),
                scores.partition.count
            )?;
            writeln!(
                out,
                "{:<24} {:>9} {:>6} {:>11} {:>13} {:>12} {:>9}",
                "node",
                "community",
                "degree",
                "betweenness",
                "participation",
                "broker_score",
                "pagerank"
            )?;
            for &v in ranked.iter().take(args.top) {
                let (name, c, d, b, p, s, r) = row(v);
                writeln!(
                    out,
                    "{name:<24} {c:>9} {d:>6} {b:>11.5} {p:>13.3} {s:>12.5} {r:>9.5}"
                )?;
            }
        }
    }
    Ok(())
}

fn disrupt(db: &Path, args: DisruptArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let Loaded {
        network,
        attributes,
    } = args.source.load(db)?;
    if matches!(args.format, Format::Gexf | Format::Graphml) {
        return Err(unsupported(args.format, "disrupt", "table, csv or json"));
    }
    let recovery = !args.no_recovery;
    let has_stages = attributes.as_ref().is_some_and(|a| {
        a.stage.iter().any(Option::is_some) && a.role.iter().any(|&r| r != Role::Unknown)
    });
    if recovery && !has_stages {
        bail!("recovery needs to know who organises which route stage: pass --nodes FILE.csv with the columns id,role,stage, or --no-recovery to measure the immediate effect of the arrests only");
    }
    if let Some(k) = args.best {
        let plan = best_arrests(
            &network.graph,
            attributes.as_ref(),
            &PlanOptions {
                arrests: k,
                beam_width: args.beam,
                pool: args.pool,
                recovery,
            },
        )?;
        let arrests: Vec<&str> = plan.arrests.iter().map(|&v| network.name(v)).collect();
        match args.format {
            Format::Json => {
                let doc = json!({"plan": {"arrests": arrests, "lcc_fraction": plan.lcc_fraction, "immediate_lcc_fraction": plan.immediate_lcc_fraction, "recovery": recovery}});
                serde_json::to_writer(&mut *out, &doc)?;
                writeln!(out)?;
            }
            Format::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(["order", "arrest"])?;
                for (i, name) in arrests.iter().enumerate() {
                    w.write_record([&(i + 1).to_string(), *name])?;
                }
                w.flush()?;
            }
            _ => {
                writeln!(
                    out,
                    "best {} arrests (beam {}, {}):",
                    plan.arrests.len(),
                    args.beam,
                    if recovery {
                        "scored after recovery"
                    } else {
                        "no recovery"
                    }
                )?;
                for (i, name) in arrests.iter().enumerate() {
                    writeln!(out, "  {}. {name}", i + 1)?;
                }
                writeln!(
                    out,
                    "largest component: {:.3} of the original right after, {:.3} once the network has recovered",
                    plan.immediate_lcc_fraction, plan.lcc_fraction
                )?;
            }
        }
        return Ok(());
    }
    let strategy = Strategy::parse(&args.strategy).expect("clap checked the strategy");
    let run = simulate(
        &network.graph,
        attributes.as_ref(),
        &SimulationOptions {
            strategy,
            steps: args.steps,
            recovery,
            efficiency: args.efficiency,
        },
    )?;
    if run.steps.len() < args.steps {
        eprintln!(
            "note: only {} of {} arrests possible: no candidate left",
            run.steps.len(),
            args.steps
        );
    }
    let name = |v: NodeId| network.name(v).to_owned();
    match args.format {
        Format::Json => {
            let steps: Vec<StepJson> = run
                .steps
                .iter()
                .map(|s| StepJson {
                    removed: name(s.removed),
                    lcc_fraction: s.lcc_fraction,
                    efficiency: s.efficiency,
                    rewired: recovery
                        .then(|| s.rewired.iter().map(|&(a, b)| [name(a), name(b)]).collect()),
                    promoted: recovery.then(|| s.promoted.map(name)),
                })
                .collect();
            #[derive(serde::Serialize)]
            struct Steps {
                steps: Vec<StepJson>,
            }
            serde_json::to_writer(&mut *out, &Steps { steps })?;
            writeln!(out)?;
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(["step", "removed", "lcc_fraction", "efficiency"])?;
            for (i, s) in run.steps.iter().enumerate() {
                let e = s.efficiency.map(|e| e.to_string()).unwrap_or_default();
                w.write_record([
                    &(i + 1).to_string(),
                    &name(s.removed),
                    &s.lcc_fraction.to_string(),
                    &e,
                ])?;
            }
            w.flush()?;
        }
        _ => {
            writeln!(
                out,
                "strategy {}, {}; largest component of the original: {} nodes",
                args.strategy,
                if recovery {
                    "with recovery"
                } else {
                    "no recovery"
                },
                run.original_lcc
            )?;
            writeln!(
                out,
                "{:>4}  {:<24} {:>12} {:>10}  recovery",
                "step", "removed", "lcc_fraction", "efficiency"
            )?;
            for (i, s) in run.steps.iter().enumerate() {
                let e = s
                    .efficiency
                    .map(|e| format!("{e:.3}"))
                    .unwrap_or_else(|| "-".into());
                let mut note = String::new();
                if let Some(p) = s.promoted {
                    write!(note, "{} takes over the stage; ", name(p))?;
                }
                if !s.rewired.is_empty() {
                    write!(note, "{} new ties", s.rewired.len())?;
                }
                writeln!(
                    out,
                    "{:>4}  {:<24} {:>12.3} {:>10}  {note}",
                    i + 1,
                    name(s.removed),
                    s.lcc_fraction,
                    e
                )?;
            }
        }
    }
    Ok(())
}

/// One step of `disrupt --format json`, keys in the documented order.
#[derive(serde::Serialize)]
struct StepJson {
    removed: String,
    lcc_fraction: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    efficiency: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rewired: Option<Vec<[String; 2]>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    promoted: Option<Option<String>>,
}

fn route(db: &Path, args: RouteArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let Loaded {
        network,
        attributes,
    } = args.source.load(db)?;
    let g = &network.graph;
    if matches!(args.format, Format::Gexf | Format::Graphml | Format::Csv) {
        return Err(unsupported(args.format, "route", "table or json"));
    }
    if let (Some(from), Some(to)) = (&args.from, &args.to) {
        let node = |name: &str| {
            network
                .node(name)
                .with_context(|| format!("no node {name:?} in the edge list"))
        };
        let path = shortest_path(g, node(from)?, node(to)?);
        let names: Option<Vec<&str>> = path
            .as_ref()
            .map(|p| p.iter().map(|&v| network.name(v)).collect());
        if args.format == Format::Json {
            serde_json::to_writer(&mut *out, &json!({"from": from, "to": to, "path": names}))?;
            writeln!(out)?;
        } else {
            match names {
                Some(names) => writeln!(out, "{} steps: {}", names.len() - 1, names.join(" → "))?,
                None => writeln!(out, "no chain joins {from} and {to}")?,
            }
        }
        return Ok(());
    }
    let Some(attributes) = attributes.filter(|a| a.stage.iter().any(Option::is_some)) else {
        bail!("the route structure needs route stages: pass --nodes FILE.csv with the columns id,role,stage, or --from NODE --to NODE for a chain");
    };
    let stages = attributes.stage_names.len();
    let mut members = vec![0usize; stages];
    let mut organisers: Vec<Vec<NodeId>> = vec![Vec::new(); stages];
    let mut hub: Vec<Option<NodeId>> = vec![None; stages];
    let mut handoffs = vec![vec![0usize; stages]; stages];
    for v in 0..g.len() as NodeId {
        let Some(s) = attributes.stage[v as usize] else {
            continue;
        };
        let s = s as usize;
        members[s] += 1;
        let role = attributes.role[v as usize];
        if role == Role::Organiser {
            organisers[s].push(v);
        }
        if role.is_suspect() && hub[s].is_none_or(|h| g.degree(v) > g.degree(h)) {
            hub[s] = Some(v);
        }
        for &u in g.neighbours(v) {
            if let Some(t) = attributes.stage[u as usize] {
                if t as usize != s {
                    handoffs[s][t as usize] += 1;
                }
            }
        }
    }
    let stage_json: Vec<Value> = (0..stages)
        .map(|s| {
            let links: Vec<Value> = (0..stages)
                .filter(|&t| handoffs[s][t] > 0)
                .map(|t| json!({"stage": attributes.stage_names[t], "edges": handoffs[s][t]}))
                .collect();
            json!({
                "stage": attributes.stage_names[s],
                "members": members[s],
                "organisers": organisers[s].iter().map(|&v| network.name(v)).collect::<Vec<_>>(),
                "hub": hub[s].map(|v| network.name(v)),
                "handoffs": links,
            })
        })
        .collect();
    if args.format == Format::Json {
        serde_json::to_writer(&mut *out, &json!({ "stages": stage_json }))?;
        writeln!(out)?;
        return Ok(());
    }
    for stage in &stage_json {
        writeln!(
            out,
            "{}: {} members; organisers: {}; hub: {}",
            stage["stage"].as_str().unwrap_or(""),
            stage["members"],
            stage["organisers"]
                .as_array()
                .map(|a| a
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(", "))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "none".into()),
            stage["hub"].as_str().unwrap_or("none")
        )?;
        for link in stage["handoffs"].as_array().into_iter().flatten() {
            writeln!(
                out,
                "  → {} ({} ties)",
                link["stage"].as_str().unwrap_or(""),
                link["edges"]
            )?;
        }
    }
    Ok(())
}

fn xml_escape(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => s.push(c),
        }
    }
    s
}

/// GEXF 1.3 or GraphML with, per node, community, pagerank, betweenness
/// (normalised) and broker score; per edge, its weight.
fn write_graph(
    out: &mut impl Write,
    network: &Network,
    scores: &NodeScores,
    format: Format,
) -> anyhow::Result<()> {
    let g = &network.graph;
    let node_values = |v: usize| {
        [
            ("community", scores.partition.membership[v].to_string()),
            ("pagerank", scores.pagerank[v].to_string()),
            ("betweenness", scores.betweenness[v].to_string()),
            ("broker_score", scores.broker[v].to_string()),
        ]
    };
    if format == Format::Gexf {
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(out, r#"<gexf xmlns="http://gexf.net/1.3" version="1.3">"#)?;
        writeln!(out, r#"  <meta><creator>corridor network</creator></meta>"#)?;
        writeln!(
            out,
            r#"  <graph mode="static" defaultedgetype="undirected">"#
        )?;
        writeln!(out, r#"    <attributes class="node">"#)?;
        for (i, (title, kind)) in [
            ("community", "integer"),
            ("pagerank", "double"),
            ("betweenness", "double"),
            ("broker_score", "double"),
        ]
        .iter()
        .enumerate()
        {
            writeln!(
                out,
                r#"      <attribute id="{i}" title="{title}" type="{kind}"/>"#
            )?;
        }
        writeln!(out, "    </attributes>\n    <nodes>")?;
        for v in 0..g.len() {
            write!(
                out,
                r#"      <node id="n{v}" label="{}"><attvalues>"#,
                xml_escape(&network.names[v])
            )?;
            for (i, (_, value)) in node_values(v).iter().enumerate() {
                write!(out, r#"<attvalue for="{i}" value="{value}"/>"#)?;
            }
            writeln!(out, "</attvalues></node>")?;
        }
        writeln!(out, "    </nodes>\n    <edges>")?;
        for (i, (a, b, w)) in g.edges().enumerate() {
            writeln!(
                out,
                r#"      <edge id="{i}" source="n{a}" target="n{b}" weight="{w}"/>"#
            )?;
        }
        writeln!(out, "    </edges>\n  </graph>\n</gexf>")?;
    } else {
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            out,
            r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns">"#
        )?;
        writeln!(
            out,
            r#"  <key id="label" for="node" attr.name="label" attr.type="string"/>"#
        )?;
        for (key, kind) in [
            ("community", "int"),
            ("pagerank", "double"),
            ("betweenness", "double"),
            ("broker_score", "double"),
        ] {
            writeln!(
                out,
                r#"  <key id="{key}" for="node" attr.name="{key}" attr.type="{kind}"/>"#
            )?;
        }
        writeln!(
            out,
            r#"  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>"#
        )?;
        writeln!(out, r#"  <graph id="network" edgedefault="undirected">"#)?;
        for v in 0..g.len() {
            write!(
                out,
                r#"    <node id="n{v}"><data key="label">{}</data>"#,
                xml_escape(&network.names[v])
            )?;
            for (key, value) in node_values(v) {
                write!(out, r#"<data key="{key}">{value}</data>"#)?;
            }
            writeln!(out, "</node>")?;
        }
        for (a, b, w) in g.edges() {
            writeln!(
                out,
                r#"    <edge source="n{a}" target="n{b}"><data key="weight">{w}</data></edge>"#
            )?;
        }
        writeln!(out, "  </graph>\n</graphml>")?;
    }
    Ok(())
}

/// The nodes that may be targets (every node when roles are unknown),
/// highest broker score first, ties by node id.
fn by_broker_score(
    network: &Network,
    attributes: Option<&NodeAttributes>,
    scores: &NodeScores,
) -> Vec<NodeId> {
    let n = network.graph.len();
    let allowed = corridor_graph::disrupt::candidates(n, attributes);
    let mut ranked: Vec<NodeId> = (0..n as NodeId).filter(|&v| allowed[v as usize]).collect();
    ranked.sort_by(|&a, &b| {
        scores.broker[b as usize]
            .total_cmp(&scores.broker[a as usize])
            .then(a.cmp(&b))
    });
    ranked
}

/// The `n` suspects with the highest broker scores in the store's network
/// (Leiden with its defaults, exact or sampled betweenness as `brokers`
/// chooses), for `corridor demo`.
pub fn top_brokers(db: &Path, n: usize) -> anyhow::Result<Vec<(String, f64)>> {
    let source = Source {
        edges: None,
        nodes: None,
        since: None,
        until: None,
    };
    let Loaded {
        network,
        attributes,
    } = source.load(db)?;
    let how = Partitioning {
        options: LeidenOptions {
            seed: 42,
            ..LeidenOptions::default()
        },
        consensus: CONSENSUS_RUNS,
    };
    let scores = node_scores(&network, attributes.as_ref(), &how, None, false);
    let ranked = by_broker_score(&network, attributes.as_ref(), &scores);
    Ok(ranked
        .into_iter()
        .take(n)
        .map(|v| (network.name(v).to_owned(), scores.broker[v as usize]))
        .collect())
}
