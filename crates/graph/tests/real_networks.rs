//! The published disruption results on the real Montagna networks, and
//! every other real criminal network in `shared/eval/networks/` loading
//! and running. The data lives beside the repository (`../shared`), as in
//! CI.

use std::path::PathBuf;

use corridor_graph::io::{read_adjacency_matrix, read_edge_list, EdgeListFormat};
use corridor_graph::{
    betweenness, components, leiden, modularity, simulate, LeidenOptions, SimulationOptions,
    Strategy,
};

fn networks() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/networks")
}

/// The "Betweenness" column of a published results file, steps 1..=k.
fn published(file: &str, k: usize) -> Vec<f64> {
    let path = networks().join("lcucav_criminal-nets").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = header.iter().position(|h| *h == "Betweenness").unwrap();
    lines
        .map(|l| l.split(',').nth(column).unwrap().parse::<f64>().unwrap())
        .skip(1)
        .take(k)
        .collect()
}

fn montagna(edges: &str, results: &str, expected: [f64; 5]) {
    let path = networks().join("lcucav_criminal-nets").join(edges);
    let network = read_edge_list(
        &path,
        EdgeListFormat {
            delimiter: b'\t',
            header: false,
        },
    )
    .unwrap();
    let run = simulate(
        &network.graph,
        None,
        &SimulationOptions {
            strategy: Strategy::Betweenness,
            steps: 5,
            recovery: false,
            efficiency: false,
        },
    )
    .unwrap();
    let ours: Vec<f64> = run.steps.iter().map(|s| s.lcc_fraction).collect();
    let removed: Vec<&str> = run.steps.iter().map(|s| network.name(s.removed)).collect();
    let theirs = published(results, 5);
    for ((o, t), e) in ours.iter().zip(&theirs).zip(expected) {
        assert!(
            (o - t).abs() < 5e-4,
            "{edges}: ours {ours:?} (removed {removed:?}), published {theirs:?}"
        );
        assert!(
            (o - e).abs() < 5e-4,
            "{edges}: {ours:?} against the paper's {expected:?}"
        );
    }
    assert_eq!(ours.len(), 5);
}

#[test]
fn montagna_meetings_sequential_betweenness_matches_the_published_curve() {
    montagna(
        "dataset_Montagna_meetings_edgelist.csv",
        "disruption_results_sequential_meeting_df_Unweighted_5nrem.csv",
        [0.957, 0.739, 0.717, 0.500, 0.424],
    );
}

#[test]
fn montagna_phone_calls_sequential_betweenness_matches_the_published_curve() {
    montagna(
        "dataset_Montagna_phonecalls_edgelist.csv",
        "disruption_results_sequential_phone_calls_df_Unweighted_5nrem.csv",
        [0.764, 0.573, 0.427, 0.393, 0.247],
    );
}

#[test]
fn every_adjacency_matrix_network_loads_and_runs() {
    let mut seen = 0;
    for dir in ["NPSCORELAB_COREnets", "mcmacdonald_criminal-networks"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(networks().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "csv"))
            .collect();
        files.sort();
        for path in files {
            let network = read_adjacency_matrix(&path).unwrap_or_else(|e| panic!("{e}"));
            let g = &network.graph;
            let name = path.display();
            assert!(
                g.len() >= 20 && g.edge_count() >= g.len() / 2,
                "{name}: {} nodes {} edges",
                g.len(),
                g.edge_count()
            );
            let parts = components(g);
            assert_eq!(parts.sizes.iter().sum::<usize>(), g.len(), "{name}");
            let communities = leiden(g, &LeidenOptions::default());
            let q = modularity(g, &communities.membership, 1.0);
            assert!(q > 0.05 && q < 1.0, "{name}: modularity {q}");
            assert!(communities.count >= 2, "{name}");
            let b = betweenness(g, false);
            let w = betweenness(g, true);
            assert!(
                b.iter().chain(&w).all(|x| x.is_finite() && *x >= 0.0),
                "{name}"
            );
            // The most central node of a connected network lies between someone.
            assert!(b.iter().copied().fold(0.0, f64::max) > 0.0, "{name}");
            seen += 1;
        }
    }
    assert_eq!(seen, 19, "the networks in shared/eval/networks changed");
}
